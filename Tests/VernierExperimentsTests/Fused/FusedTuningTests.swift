import Foundation
import Testing
import VernierExperiments
import VernierNN
import VernierTraining
import VernierTune

/// `vernier tune` on a built-in experiment gives the same trials, bit for bit, with the fused path (trials
/// trained as a group: each a `Trainer` run, scheduled over the cores) as with the plain objective, whichever loop
/// (batched or one trial at a time) runs them.
@Suite struct FusedTuningTests {
    /// A small spirals grid over the learning rate with two repeats, minimizing the validation loss.
    func spiralsGrid(
        sampler: SamplerKind = .grid, fused: Bool, settings: [String: String] = [:],
        learningRates: [Double] = [0.001, 0.003, 0.01]
    ) throws -> [FrozenTrial] {
        var configuration = StudySpec.Overrides(objective: "spirals")
        var fixed = [
            "train-size": "300", "validation-size": "100", "test-size": "0", "epochs": "3", "layers": "2,8,8,1",
        ]
        fixed.merge(settings) { $1 }
        configuration.settings = fixed
        configuration.metric = "val_loss"
        configuration.sampler = sampler
        configuration.space = try SearchSpace([
            ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 1e-3, high: 1e31, log: true)))
        ])
        configuration.values = ["lr": learningRates.map { .double($0) }]
        configuration.repeats = 2
        configuration.trials = learningRates.count
        configuration.fused = fused
        let storage = InMemoryStorage()
        let runner = try configuration.run(storage: storage, batchSize: 2).runner
        let study = try Study(name: runner.studyName, direction: runner.spec.direction, storage: storage)
        return try study.trials(states: nil).sorted { $0.number < $1.number }
    }

    func lr(_ trial: FrozenTrial) -> Double { trial.parameters["lr"] ?? .nan }

    @Test func batchedFusedTrialsMatchTheTrainer() throws {
        let plain = try spiralsGrid(fused: false)
        let fused = try spiralsGrid(fused: true)
        #expect(plain.count == 3 && fused.count == 3)
        for trial in plain {
            let other = try #require(fused.first { lr($0) == lr(trial) })
            #expect(trial.state == .complete && other.state == .complete)
            let (a, b) = (try #require(trial.value), try #require(other.value))
            // Each grouped trial is a Trainer run, so the values are the plain objective's, bit for bit.
            #expect(a == b, "lr \(lr(trial)): \(a) vs \(b)")
            // Intermediate values per epoch (repeat 0), the epochs attribute and the repeat values are kept.
            #expect(Set(trial.intermediateValues.keys) == [1, 2, 3])
            #expect(Set(other.intermediateValues.keys) == [1, 2, 3])
            for (step, value) in trial.intermediateValues {
                #expect(value == other.intermediateValues[step])
            }
            #expect(other.userAttributes["epochs"] == .int(3))
            if case .array(let values) = other.userAttributes["repeat_values"] {
                #expect(values.count == 2)
            } else {
                Issue.record("no repeat_values on trial \(other.number)")
            }
        }
    }

    @Test func oneTrialAtATimeFusedPathMatchesTheBatchedOne() throws {
        // A pruner forces the one-at-a-time loop; both loops use the fused step, so the values
        // are identical whatever the grouping.
        let batched = try spiralsGrid(fused: true)
        var configuration = StudySpec.Overrides(objective: "spirals")
        configuration.settings = [
            "train-size": "300", "validation-size": "100", "test-size": "0", "epochs": "3", "layers": "2,8,8,1",
        ]
        configuration.metric = "val_loss"
        configuration.sampler = .grid
        configuration.pruner = PrunerSettings(kind: .median)
        configuration.space = try SearchSpace([
            ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 1e-3, high: 1e31, log: true)))
        ])
        configuration.values = ["lr": [.double(0.001), .double(0.003), .double(0.01)]]
        configuration.repeats = 2
        configuration.trials = 3
        let storage = InMemoryStorage()
        let runner = try configuration.run(storage: storage).runner
        let single = try Study(name: runner.studyName, direction: runner.spec.direction, storage: storage)
            .trials(states: [.complete])
        #expect(single.count == 3)
        for trial in single {
            let other = try #require(batched.first { lr($0) == lr(trial) })
            #expect(trial.value == other.value)
        }
    }

    @Test func unsupportedConfigurationsFallBackToTheTrainer() throws {
        // Adagrad has no fused rule: the fast path hands these trials to the plain evaluation, so the
        // values are bit-identical.
        let plain = try spiralsGrid(fused: false, settings: ["optimizer": "adagrad"])
        let fused = try spiralsGrid(fused: true, settings: ["optimizer": "adagrad"])
        for trial in plain {
            let other = try #require(fused.first { lr($0) == lr(trial) })
            #expect(trial.value == other.value)
        }
    }

    @Test func crossEntropyAndRMSPropStudiesTrainAsAFusedGroup() throws {
        // Iris (softmax cross-entropy on class indices) with Adam and RMSProp has a fused plan, and a grid over the
        // learning rate gives the same values with and without fused groups.
        for optimizer in ["adam", "rmsprop"] {
            let configuration = try SupervisedExperiment.iris.configuration([
                "epochs": "3", "optimizer": optimizer, "validation-fraction": "0.2",
            ])
            let plan = try FusedTrainingPlan(
                SupervisedExperiment.iris, configuration, seed: 0, metric: "val_accuracy")
            #expect(plan?.loss == .crossEntropy, "\(optimizer)")
        }
        func irisGrid(fused: Bool) throws -> [FrozenTrial] {
            var configuration = StudySpec.Overrides(objective: "iris")
            configuration.settings = ["epochs": "3", "optimizer": "rmsprop", "validation-fraction": "0.2"]
            configuration.metric = "val_loss"
            configuration.sampler = .grid
            configuration.space = try SearchSpace([
                ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 1e-3, high: 1, log: true)))
            ])
            configuration.values = ["lr": [.double(0.003), .double(0.01), .double(0.03)]]
            configuration.trials = 3
            configuration.fused = fused
            let storage = InMemoryStorage()
            let runner = try configuration.run(storage: storage, batchSize: 3).runner
            return try Study(name: runner.studyName, direction: runner.spec.direction, storage: storage)
                .trials(states: nil)
        }
        let plain = try irisGrid(fused: false)
        let fused = try irisGrid(fused: true)
        #expect(plain.count == 3 && fused.count == 3)
        for trial in plain {
            let other = try #require(fused.first { lr($0) == lr(trial) })
            let (a, b) = (try #require(trial.value), try #require(other.value))
            #expect(a == b, "lr \(lr(trial)): \(a) vs \(b)")
        }
    }

    @Test func aDivergingFusedTrialFailsWithItsReasonAndTheStudyGoesOn() throws {
        let trials = try spiralsGrid(
            fused: true, settings: ["optimizer": "sgd", "loss": "mse", "output": "none", "activation": "relu"],
            learningRates: [0.01, 1e30])
        #expect(trials.count == 2)
        let diverged = try #require(trials.first { lr($0) == 1e30 })
        #expect(diverged.state == .failed)
        // The reason is the one `Trainer` gives: where the loss stopped being finite and at which learning rate.
        let reason = try #require(diverged.failReason)
        #expect(reason.hasPrefix("the loss became") && reason.contains("at epoch 1, step "), "\(reason)")
        #expect(reason.contains("learning rate 1e+30"), "\(reason)")
        let fine = try #require(trials.first { lr($0) == 0.01 })
        #expect(fine.state == .complete)
    }
}
