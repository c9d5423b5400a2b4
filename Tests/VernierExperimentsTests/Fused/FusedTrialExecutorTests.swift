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
        #expect(first.value == reference)
    }

    @Test func theThreadsAndTheMembersRulesChangeNoValue() throws {
        let spirals = Spirals(train: 100, validation: 40, seed: 5)
        func values(threads: Int) throws -> [Double?] {
            let study = try Study(
                name: "mixed", direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 2))
            let executor = FusedTrialExecutor(
                sizes: [2, 8, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
                batchSize: 10, epochs: 2, metric: .accuracy)
            // Even trials use SGD, odd ones Adam: one group holds both rules.
            _ = try executor.optimize(
                study, trials: 4, groupSize: 4, threads: threads, train: spirals.train, validation: spirals.validation
            ) { trial in
                let lr = Float(try trial.suggestFloat("lr", in: 1e-3...1e-1, log: true))
                return FusedGroupMember(
                    seed: UInt64(trial.number),
                    optimizer: trial.number % 2 == 0 ? .sgd(learningRate: lr) : .adam(learningRate: lr))
            }
            return try study.trials(states: [.complete]).sorted { $0.number < $1.number }.map(\.value)
        }
        let one = try values(threads: 1)
        #expect(one.count == 4 && one.allSatisfy { $0 != nil })
        #expect(try values(threads: 2) == one)
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
