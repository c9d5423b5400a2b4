import Testing
import VernierTune

@Suite struct AnalysisTests {
    /// A sensitivity study where `width` matters much more than `activation`.
    func sensitivityStudy() throws -> Study {
        let sampler = OneAtATimeSampler(
            baseline: ["width": 16, "activation": "relu"],
            variations: [
                ParameterVariation(name: "activation", values: ["relu", "tanh"]),
                ParameterVariation(name: "width", values: [8, 16, 32]),
            ])
        let study = try Study(name: "oat", direction: .maximize, storage: InMemoryStorage(), sampler: sampler)
        try study.optimize(repeats: 2) { trial, repeatIndex in
            let width = try trial.suggestInt("width", in: 8...32)
            let activation = try trial.suggestCategorical("activation", ["relu", "tanh"])
            return Double(width) / 32 + (activation == "tanh" ? 0.05 : 0) + 0.01 * Double(repeatIndex)
        }
        return study
    }

    @Test func impactTableRanksParametersByRange() throws {
        let table = try ImpactTable(study: sensitivityStudy())
        #expect(table.rows.map(\.parameter) == ["width", "activation"])
        let width = table.rows[0]
        #expect(width.values.map(\.value) == [8, 16, 32])
        #expect(width.values.map(\.isBaseline) == [false, true, false])
        #expect(width.best == 32)
        #expect(abs(width.range - 0.75) < 1e-12)
        #expect(width.values.allSatisfy { $0.repeats == 2 && abs($0.sd - 0.00707106781) < 1e-6 })
        #expect(table.rows[1].best == "tanh")
        let markdown = table.markdown()
        #expect(markdown.contains("| 1 | width |"))
        #expect(markdown.contains("16*"))
        #expect(table.plainText().split(separator: "\n").count == 4)
    }

    @Test func trialTableSortsByValueThenState() throws {
        let study = try Study(name: "t", direction: .minimize, storage: InMemoryStorage())
        try study.optimize(trials: 4) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            if trial.number == 1 { throw Boom() }
            return [3.0, 0, 1, 2][trial.number] + x / 10
        }
        let table = try TrialTable(study: study)
        #expect(table.rows.map(\.number) == [2, 3, 0, 1])
        #expect(table.rows.last?.failReason == "boom")
        #expect(table.parameterNames == ["x"])
        #expect(table.markdown().hasPrefix("| trial | value | state | x | note |"))
    }

    @Test func importanceFindsTheParameterThatMatters() throws {
        let study = try Study(
            name: "i", direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 4))
        try study.optimize(trials: 80) { trial in
            let important = try trial.suggestFloat("important", in: -1...1)
            let noise = try trial.suggestFloat("noise", in: -1...1)
            let choice = try trial.suggestCategorical("choice", ["a", "b"])
            return 10 * important * important + 0.1 * noise + (choice == "a" ? 1 : 0)
        }
        let ranking = try ParameterImportance.compute(study: study)
        // The best trials need `important` near 0 and choice "b"; `noise` barely moves the value.
        #expect(Set(ranking.prefix(2).map(\.parameter)) == ["important", "choice"], "\(ranking)")
        #expect(ranking.last?.parameter == "noise")
        #expect(ranking.first { $0.parameter == "noise" }!.importance < 0.1)
        #expect(abs(ranking.map(\.importance).reduce(0, +) - 1) < 1e-9)
    }

    @Test func textTableRendersBothFormats() {
        let table = TextTable(headers: ["a", "bb"], rows: [["x|y", "1"]])
        #expect(table.markdown() == "| a | bb |\n|---|---|\n| x\\|y | 1 |\n")
        #expect(table.plainText() == "a    bb\n---  --\nx|y  1\n")
    }
}
