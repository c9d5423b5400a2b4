import Foundation
import Testing
@testable import VernierTune

/// The trials of `braninPEDANOVAFixture` (a Vernier random-sampler Branin study) and Optuna's importances on them.
private struct OptunaFixture: Decodable {
    struct Trial: Decodable {
        var number: Int
        var parameters: [String: Double]
        var distributions: [String: Distribution]
        var value: Double
    }

    var direction: StudyDirection
    var trials: [Trial]
    var importances: [String: Double]
    var optuna: String

    var frozenTrials: [FrozenTrial] {
        trials.map {
            FrozenTrial(
                trialID: Int64($0.number + 1), number: $0.number, state: .complete, value: $0.value,
                parameters: $0.parameters, distributions: $0.distributions)
        }
    }
}

@Suite struct PEDANOVATests {
    /// Optuna and Vernier compute the same estimator in floating point with different summation orders.
    static let tolerance = 1e-6

    @Test func braninImportancesMatchOptunasPEDANOVAOnTheSameTrials() throws {
        let fixture = try JSONDecoder().decode(OptunaFixture.self, from: Data(braninPEDANOVAFixture.utf8))
        let ranking = ParameterImportance.compute(trials: fixture.frozenTrials, direction: fixture.direction)
        #expect(Set(ranking.map(\.parameter)) == Set(fixture.importances.keys))
        for item in ranking {
            let optuna = try #require(fixture.importances[item.parameter])
            #expect(
                abs(item.importance - optuna) <= Self.tolerance,
                "\(item.parameter): Vernier \(item.importance), Optuna \(fixture.optuna) \(optuna)")
        }
        // Branin depends on both inputs, so both get a share; x0 gets less because its best values lie in three
        // separate basins (x0 ≈ −π, π, 3π), which look more like all its values than x1's single basin does.
        #expect(ranking.allSatisfy { $0.importance > 0.02 }, "\(ranking)")
    }

    @Test func sharesSumToOneAndAnIgnoredParameterScoresLow() throws {
        let study = try Study(
            name: "p", direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 4))
        try study.optimize(trials: 100) { trial in
            let important = try trial.suggestFloat("important", in: -1...1)
            _ = try trial.suggestFloat("ignored", in: -1...1)
            let choice = try trial.suggestCategorical("choice", ["a", "b", "c"])
            return important * important + (choice == "a" ? 0 : 0.5)
        }
        let ranking = try ParameterImportance.compute(study: study)
        #expect(abs(ranking.map(\.importance).reduce(0, +) - 1) < 1e-12)
        let ignored = try #require(ranking.first { $0.parameter == "ignored" })
        #expect(ranking.last?.parameter == "ignored" && ignored.importance < 0.2, "\(ranking)")
    }

    @Test func parzenGridIsAProbabilityOverTheGrid() {
        let numeric = Distribution.float(try! FloatDistribution(low: 0, high: 1))
        let categorical = Distribution.categorical(try! CategoricalDistribution(choices: ["a", "b", "c"]))
        for (counts, distribution) in [([0, 3, 1, 0, 0, 7], numeric), ([2, 0, 5], categorical)] {
            let pdf = ParzenGrid(counts: counts, distribution: distribution).pdf
            #expect(pdf.count == counts.count)
            #expect(abs(pdf.reduce(0, +) - 1) < 1e-12)
            #expect(pdf.allSatisfy { $0 > 0 })
        }
    }

    @Test func fewerThanTwoTrialsGiveEqualShares() {
        let space = ["x": Distribution.float(try! FloatDistribution(low: 0, high: 1))]
        let one = [
            FrozenTrial(
                trialID: 1, number: 0, state: .complete, value: 1, parameters: ["x": 0.5], distributions: space)
        ]
        #expect(PEDANOVA.divergences(trials: one, direction: .minimize) == ["x": 0])
        #expect(ParameterImportance.compute(trials: one, direction: .minimize).map(\.importance) == [1])
    }
}
