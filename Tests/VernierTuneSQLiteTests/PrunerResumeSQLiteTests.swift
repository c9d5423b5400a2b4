import Foundation
import Testing
import VernierTune
import VernierTuneSQLite

/// Resuming an ASHA or Hyperband study from a SQLite file mid-study prunes exactly as one uninterrupted run: rung
/// values and brackets are read back from the database, not from memory.
@Suite struct PrunerResumeSQLiteTests {
    /// Trial `number`'s learning curve: a level from a hash, approached as the steps grow (rank changes between
    /// steps come from the different levels and the shared shape).
    static func curve(_ number: Int, step: Int) -> Double {
        let level = Double(stableHash("sqlite-curve\(number)") % 1000) / 1000
        let slowStart = Double(stableHash("sqlite-slow\(number)") % 3)
        return level * (1 - 1 / (Double(step) + slowStart))
    }

    /// Runs the study up to `total` trials (the budget is study-wide, so a resumed study runs the rest).
    static func run(_ study: Study, total: Int, steps: Int) throws {
        try study.optimize(trials: total) { trial in
            for step in 1...steps {
                try trial.report(curve(trial.number, step: step), step: step)
                if try trial.shouldPrune() { throw TrialPruned() }
            }
            return curve(trial.number, step: steps)
        }
    }

    @Test(arguments: ["asha", "hyperband"])
    func resumingFromTheFileGivesTheSameDecisions(kind: String) throws {
        func makePruner() -> any Pruner {
            kind == "asha"
                ? SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3)
                : HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3)
        }
        let whole = try Study(name: "resume", direction: .maximize, storage: InMemoryStorage(), pruner: makePruner())
        try Self.run(whole, total: 30, steps: 9)

        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vernier-prune-resume-\(UUID().uuidString)/study.db").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let first = try Study(
                name: "resume", direction: .maximize, storage: try SQLiteStorage(path: path), pruner: makePruner())
            try Self.run(first, total: 11, steps: 9)
        }
        // A new connection to the file, as a restarted process opens it.
        let resumed = try Study.load(name: "resume", storage: try SQLiteStorage(path: path), pruner: makePruner())
        #expect(try resumed.trials().count == 11)
        try Self.run(resumed, total: 30, steps: 9)

        let expected = try whole.trials()
        let actual = try resumed.trials()
        #expect(actual.count == 30)
        #expect(actual.map(\.state) == expected.map(\.state))
        #expect(actual.map(\.intermediateValues) == expected.map(\.intermediateValues))
        // Rung values and brackets as numbers: the file stores JSON, so a rung value of 0.0 reads back as .int(0).
        #expect(
            actual.map { $0.systemAttributes.mapValues(\.doubleValue) }
                == expected.map { $0.systemAttributes.mapValues(\.doubleValue) })
        #expect(expected.contains { $0.state == .pruned } && expected.contains { $0.state == .complete })
        if kind == "hyperband" {
            let brackets = Set(actual.compactMap { $0.systemAttributes[HyperbandPruner.bracketKey]?.intValue })
            #expect(brackets.count > 1, "trials spread over several brackets")
        }
    }
}
