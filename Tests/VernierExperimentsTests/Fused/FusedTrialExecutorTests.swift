import Foundation
import Testing
import VernierData
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTraining
import VernierTune

@Suite struct FusedTrialExecutorTests {
    @Test func runsTrialsInGroupsAndMatchesSequentialTraining() throws {
        let spirals = Spirals(train: 200, validation: 50, seed: 3)
        let study = try Study(
            name: "fused", direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 1))
        let executor = FusedTrialExecutor(
            sizes: [2, 8, 1], activation: .relu, output: .sigmoid, loss: .meanSquaredError,
            batchSize: 10, epochs: 2)
        let finished = try executor.optimize(
            study, trials: 6, groupSize: 4, train: spirals.train, validation: spirals.validation
        ) { trial in
            FusedGroupMember(
                seed: UInt64(try trial.suggestInt("seed", in: 0...9)),
                optimizer: .sgd(learningRate: Float(try trial.suggestFloat("lr", in: 1e-3...1e-1, log: true))))
        }
        #expect(finished.count == 6)
        let trials = try study.trials(states: [.complete])
        #expect(trials.count == 6)
        // The first trial, trained sequentially with the public Trainer, gives the same validation loss.
        let first = try #require(trials.first { $0.number == finished[0] })
        var rng = Xoshiro256(seed: UInt64(try #require(first.parameters["seed"])))
        var model = MLP(sizes: [2, 8, 1], activation: .relu, output: .sigmoid, using: &rng)
        var optimizer = SGD(learningRate: Float(try #require(first.parameters["lr"])))
        let trainer = Trainer(loss: .meanSquaredError, batchSize: 10, epochs: 2, metrics: [])
        _ = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        let reference = evaluate(model, on: spirals.validation, loss: .meanSquaredError).loss
        #expect(Swift.abs(try #require(first.value) - reference) <= 1e-5)
    }

    @Test func failsTheGroupWhenTheFusedStepCannotTrainIt() throws {
        let spirals = Spirals(train: 20, validation: 10, seed: 3)
        let study = try Study(name: "bad", direction: .minimize, storage: InMemoryStorage())
        let executor = FusedTrialExecutor(
            sizes: [2, 8, 1], activation: .gelu, output: nil, loss: .meanSquaredError, batchSize: 10, epochs: 1)
        #expect(throws: FusedUnsupported.self) {
            try executor.optimize(study, trials: 2, train: spirals.train, validation: spirals.validation) { _ in
                FusedGroupMember(seed: 0, optimizer: .sgd(learningRate: 0.1))
            }
        }
        #expect(try study.trials(states: [.failed]).count == 2)
    }
}
