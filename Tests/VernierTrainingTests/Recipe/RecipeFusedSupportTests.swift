import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// `TrainingRecipe.fusedSupport()` is `Trainer.fusedSupport` asked about the recipe's own model, optimizer and
/// data: the engine `train` will use, or the trainer's reason.
@Suite struct RecipeFusedSupportTests {
    static let spirals = Spirals(train: 40, validation: 10, seed: 2)

    func recipe(
        _ model: ModelRecipe = .mlp(sizes: [2, 8, 1], activation: .relu, output: nil, dropout: 0),
        loss: Loss = .meanSquaredError, optimizer: OptimizerSettings = .sgd(learningRate: 0.1),
        augmentation: ImageAugmentation? = nil, data: TensorDataset = spirals.train
    ) -> TrainingRecipe {
        TrainingRecipe(
            model: model, loss: loss, optimizer: optimizer, batchSize: 10, epochs: 1, metrics: [],
            augmentation: augmentation, seed: 0,
            data: DatasetSplits(train: data, validation: data, test: data.subset([Int]())))
    }

    @Test func anMLPTheFusedStepTakesIsTheMLPEngine() {
        #expect(recipe().fusedSupport() == .success(.mlp))
        #expect(recipe(optimizer: .adamW(learningRate: 0.01)).fusedSupport() == .success(.mlp))
    }

    /// An accelerator that trains nothing (only its name is read).
    struct NamedAccelerator: TrainingAccelerator {
        var description: String { "Test Accelerator" }
        func unsupported(_ recipe: TrainingRecipe) -> (any Error)? { nil }
        func train(_ recipe: TrainingRecipe, trainer: Trainer) throws -> (model: any Layer, history: TrainingHistory) {
            throw FusedUnsupported.turnedOff
        }
    }

    @Test func anAcceleratorRecipeHasNoFusedStep() {
        var onDevice = recipe()
        onDevice.device = .accelerator(NamedAccelerator())
        #expect(onDevice.fusedSupport() == .failure(.device("Test Accelerator")))
    }

    @Test func aSmallCNNIsTheCNNEngine() {
        let images = TensorDataset(
            features: Tensor(shape: [6, 16], scalars: (0..<96).map { Float($0 % 7) / 7 }),
            targets: Tensor(shape: [6], scalars: [0, 1, 2, 0, 1, 2]))
        let cnn = recipe(
            .cnn(channels: 1, height: 4, width: 4, classes: 3, activation: .relu, output: nil, dropout: 0),
            loss: .crossEntropy, data: images)
        #expect(cnn.fusedSupport() == .success(.cnn))
    }

    @Test func theReasonIsTheTrainers() throws {
        #expect(recipe(optimizer: .adagrad(learningRate: 0.1)).fusedSupport() == .failure(.optimizer("Adagrad")))
        #expect(
            recipe(.mlp(sizes: [2, 8, 1], activation: .relu, output: nil, dropout: 0.25)).fusedSupport()
                == .failure(.dropout(0.25)))
        #expect(
            recipe(.mlp(sizes: [2, 8, 1], activation: .gelu, output: nil, dropout: 0)).fusedSupport()
                == .failure(.hiddenActivation(.gelu)))
        // The same answer as asking the trainer about the model built from the seed.
        let huber = recipe(loss: .huber(delta: 1))
        var rng = Xoshiro256(seed: huber.seed)
        let model = MLP(sizes: [2, 8, 1], activation: .relu, output: nil, using: &rng)
        let direct = huber.trainer().fusedSupport(
            model: model, optimizer: SGD(learningRate: 0.1), data: huber.data.train)
        if case .failure(let reason) = direct {
            #expect(huber.fusedSupport() == .failure(reason))
        } else {
            Issue.record("huber should not be fused")
        }
        // Data whose width is not the network's input.
        let wide = TensorDataset(
            features: Tensor(shape: [4, 3], scalars: Array(repeating: 0, count: 12)),
            targets: Tensor(shape: [4, 1], scalars: [0, 1, 0, 1]))
        if case .failure(.data) = recipe(data: wide).fusedSupport() {
        } else {
            Issue.record("a 3-wide data set should not fit a 2-input MLP")
        }
    }
}
