import Foundation
import Testing
import VernierTune

/// `Study.optimize(…, batchSize:, batchObjective:, objective:)`: trials asked in batches, evaluated together,
/// stored exactly as the one-at-a-time loop stores them.
@Suite struct StudyBatchOptimizeTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom" }
    }

    func study(_ name: String) throws -> Study {
        try Study(name: name, direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 4))
    }

    @Test func batchesRepeatsFallbacksAndFailuresAreStoredLikeTheSequentialLoop() throws {
        let study = try study("batch")
        var batchSizes: [Int] = []
        var sequentialCalls: [(Int, Int)] = []
        let summary = try study.optimize(
            trials: 7, repeats: 2, batchSize: 3,
            batchObjective: { evaluations in
                batchSizes.append(evaluations.count)
                return try evaluations.map { evaluation in
                    let x = try evaluation.trial.suggestFloat("x", in: 0...1)
                    switch evaluation.trial.number % 4 {
                    case 1: return nil  // left to the sequential objective
                    case 2: return .failure(Boom())
                    case 3 where evaluation.repeatIndex == 1: return .success(.nan)
                    default: return .success(x + Double(evaluation.repeatIndex))
                    }
                }
            },
            objective: { trial, repeatIndex in
                sequentialCalls.append((trial.number, repeatIndex))
                return 10 + Double(repeatIndex)
            })
        #expect(summary.trialsRun == 7)
        #expect(summary.stopReason == .budget)
        #expect(batchSizes == [6, 6, 2])  // 3 + 3 + 1 trials, two repeats each
        #expect(sequentialCalls.map(\.0) == [1, 1, 5, 5])
        #expect(sequentialCalls.map(\.1) == [0, 1, 0, 1])
        let trials = try study.trials().sorted { $0.number < $1.number }
        #expect(trials.count == 7)
        for trial in trials {
            let x = trial.parameters["x"] ?? .nan
            switch trial.number % 4 {
            case 1:
                #expect(trial.state == .complete && trial.value == 10.5)
            case 2:
                #expect(trial.state == .failed && trial.failReason == "boom")
            case 3:
                #expect(trial.state == .failed && trial.failReason?.contains("nan (repeat 1)") == true)
            default:
                #expect(trial.state == .complete)
                #expect(abs((trial.value ?? .nan) - (x + 0.5)) < 1e-12)
                #expect(trial.userAttributes["repeat_values"] == .array([.double(x), .double(x + 1)]))
            }
        }
    }

    @Test func stopsWhenAGridIsExhaustedAndCountsEarlierTrialsInTheBudget() throws {
        let space = try SearchSpace([
            ParameterSpec(name: "k", distribution: .int(try IntDistribution(low: 0, high: 4)))
        ])
        let grid = try GridSampler(space: space, values: ["k": [.int(0), .int(1), .int(2), .int(3), .int(4)]])
        let study = try Study(name: "grid", direction: .minimize, storage: InMemoryStorage(), sampler: grid)
        let batch: ([TrialEvaluation]) throws -> [Result<Double, any Error>?] = { evaluations in
            try evaluations.map { .success(Double(try $0.trial.suggestInt("k", in: 0...4))) }
        }
        let first = try study.optimize(
            trials: 2, repeats: 1, batchSize: 4, batchObjective: batch, objective: { _, _ in .nan })
        #expect(first.trialsRun == 2 && first.stopReason == .budget)
        let second = try study.optimize(
            trials: nil, repeats: 1, batchSize: 4, batchObjective: batch, objective: { _, _ in .nan })
        #expect(second.trialsRun == 3 && second.stopReason == .searchSpaceExhausted)
        let values = try study.trials(states: [.complete]).compactMap(\.value).sorted()
        #expect(values == [0, 1, 2, 3, 4])
    }
}
