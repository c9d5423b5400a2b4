import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// `Trainer.run` is the one epoch loop: any ``TrainingEngine`` gets the same history, schedule, callbacks and
/// errors, and `fusedSupport` names why the fused engine cannot take a run.
@Suite struct EngineSeamTests {
    /// An engine that reports scripted step losses (one list per epoch) and counts what the trainer asked of it.
    struct ScriptedEngine: TrainingEngine {
        var losses: [[Float]]
        var learningRate: Float = 1
        var rates: [Float] = []
        var current: MLP = {
            var rng = Xoshiro256(seed: 0)
            return MLP(sizes: [2, 1], activation: .relu, using: &rng)
        }()

        mutating func trainEpoch(_ loader: inout DataLoader<TensorDataset>, recorder: inout StepRecorder) throws {
            rates.append(learningRate)
            for batch in loader.epoch() {
                try recorder.record(loss: losses[recorder.epoch - 1][recorder.step], rows: batch.count)
            }
        }

        func model() -> MLP { current }
    }

    final class StepCounter: TrainingCallback, @unchecked Sendable {
        var steps: [(epoch: Int, step: Int, loss: Float)] = []
        var wantsStepEvents: Bool { true }
        func stepDidEnd(epoch: Int, step: Int, loss: Float) { steps.append((epoch, step, loss)) }
    }

    static func data(count: Int) -> TensorDataset {
        TensorDataset(
            features: Tensor(shape: [count, 2], scalars: (0..<(2 * count)).map(Float.init)),
            targets: Tensor(shape: [count, 1], scalars: (0..<count).map(Float.init)))
    }

    @Test func theLoopRecordsWhatAnyEngineReports() throws {
        let counter = StepCounter()
        var trainer = Trainer(loss: .meanSquaredError, batchSize: 2, epochs: 2, metrics: [], callbacks: [counter])
        trainer.schedule = StepDecay(initialLearningRate: 0.5, stepSize: 1, gamma: 0.1)
        var engine = ScriptedEngine(losses: [[1, 2, 4], [3, 3, 3]])
        var loader = DataLoader(Self.data(count: 5), batchSize: 2, seed: 1)
        let history = try trainer.run(&engine, loader: &loader, validation: nil)
        #expect(history.stepLosses == [1, 2, 4, 3, 3, 3])
        // Batches of 2, 2 and 1 rows: the epoch's loss is weighted by rows.
        let expected: [Double] = [(1 * 2 + 2 * 2 + 4 * 1) / 5.0, 3]
        #expect(history.epochs.map(\.trainLoss) == expected)
        #expect(engine.rates == [0.5, 0.05])
        let rates: [Double] = [Double(Float(0.5)), Double(Float(0.05))]
        #expect(history.epochs.map(\.learningRate) == rates)
        #expect(counter.steps.map(\.step) == [1, 2, 3, 1, 2, 3])
        #expect(counter.steps.map(\.epoch) == [1, 1, 1, 2, 2, 2])
    }

    @Test func aNonFiniteStepStopsEveryEngineWithItsEpochAndStep() throws {
        let trainer = Trainer(loss: .meanSquaredError, batchSize: 2, epochs: 3, metrics: [])
        var engine = ScriptedEngine(losses: [[1, 1, 1], [1, .nan, 1], [1, 1, 1]])
        var loader = DataLoader(Self.data(count: 5), batchSize: 2, seed: 1)
        do {
            _ = try trainer.run(&engine, loader: &loader, validation: nil)
            Issue.record("a NaN step loss must stop training")
        } catch TrainingError.nonFiniteLoss(let value, let epoch, let step, let learningRate) {
            #expect(value.isNaN && epoch == 2 && step == 2 && learningRate == 1)
        }
    }

    @Test func fusedSupportNamesWhyTheFusedEngineCannotTrain() {
        var rng = Xoshiro256(seed: 0)
        let mlp = MLP(sizes: [2, 4, 1], activation: .relu, using: &rng)
        let data = Self.data(count: 6)
        var trainer = Trainer(loss: .meanSquaredError, batchSize: 2, epochs: 1)
        func reason(_ trainer: Trainer, _ model: some Layer, _ optimizer: some Optimizer) -> FusedUnsupported? {
            if case .failure(let reason) = trainer.fusedSupport(model: model, optimizer: optimizer, data: data) {
                return reason
            }
            return nil
        }
        #expect(reason(trainer, mlp, SGD(learningRate: 0.1)) == nil)
        #expect(reason(trainer, mlp, Adagrad()) == .optimizer("Adagrad"))
        #expect(
            reason(trainer, mlp.sequential, SGD(learningRate: 0.1))
                == .layers("the first layer is not a Reshape to [channels, height, width]"))
        #expect(reason(trainer, Reshape(shape: [2]), SGD(learningRate: 0.1)) == .model("Reshape"))
        #expect(
            reason(trainer, MLP(sizes: [2, 4, 1], activation: .gelu, using: &rng), SGD(learningRate: 0.1))
                == .hiddenActivation(.gelu))
        #expect(
            reason(trainer, MLP(sizes: [3, 4, 1], activation: .relu, using: &rng), SGD(learningRate: 0.1))
                == .data("features have shape [6, 2], the network expects [n, 3]"))
        trainer.gradientClipNorm = 1
        #expect(reason(trainer, mlp, SGD(learningRate: 0.1)) == .gradientClipping)
        trainer.gradientClipNorm = nil
        trainer.usesFusedStep = false
        #expect(reason(trainer, mlp, SGD(learningRate: 0.1)) == .turnedOff)
        #expect("\(FusedUnsupported.hiddenActivation(.gelu))" == "fused training: unsupported hidden activation gelu")
    }

    @Test func theRecipeBuildsAndTrainsWithTheEngineTrainerChooses() throws {
        let spirals = Spirals(train: 100, validation: 40, seed: 2)
        let recipe = TrainingRecipe(
            model: .mlp(sizes: [2, 8, 1], activation: .tanh, output: nil, dropout: 0),
            loss: .binaryCrossEntropyWithLogits, optimizer: .adam(learningRate: 0.01), batchSize: 10, epochs: 2,
            metrics: [.accuracy], seed: 5,
            data: DatasetSplits(train: spirals.train, validation: spirals.validation, test: spirals.validation))
        let (model, history) = try recipe.train(callbacks: [])
        // The same run by hand: weights from the seed, then Trainer.fit with the same generator.
        var rng = Xoshiro256(seed: 5)
        var reference = MLP(sizes: [2, 8, 1], activation: .tanh, using: &rng)
        var optimizer = Adam(learningRate: 0.01)
        let expected = try Trainer(loss: .binaryCrossEntropyWithLogits, batchSize: 10, epochs: 2, metrics: [.accuracy])
            .fit(&reference, optimizer: &optimizer, on: spirals.train, validation: spirals.validation, using: &rng)
        #expect(history.stepLosses == expected.stepLosses)
        #expect(history.last?.validationLoss == expected.last?.validationLoss)
        #expect(model.parameters.flatMap(\.scalars) == reference.parameters.flatMap(\.scalars))
    }
}
