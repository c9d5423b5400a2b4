import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// `TrainingRecipe.train` decides the engine once: an accelerator device trains the recipe with its own engine under
/// the recipe's `Trainer` (callbacks and epochs included), or refuses it before anything trains; the CPU trains
/// every recipe.
@Suite struct TrainingDeviceTests {
    /// An accelerator that trains MSE recipes only, on the tape engine under the trainer it is given, and
    /// remembers the trainer's epochs.
    final class TapeAccelerator: TrainingAccelerator, @unchecked Sendable {
        struct Refusal: Error, Equatable { var loss: Loss }
        var trainedEpochs: [Int] = []
        var description: String { "tape accelerator" }

        func unsupported(_ recipe: TrainingRecipe) -> (any Error)? {
            recipe.loss == .meanSquaredError ? nil : Refusal(loss: recipe.loss)
        }

        func train(_ recipe: TrainingRecipe, trainer: Trainer) throws -> (model: any Layer, history: TrainingHistory) {
            trainedEpochs.append(trainer.epochs)
            var generator = Xoshiro256(seed: recipe.seed)
            var model = recipe.model.build(using: &generator) as! MLP
            var optimizer = recipe.optimizer.makeOptimizer()
            var tape = trainer
            tape.usesFusedStep = false
            let history = try tape.fit(
                &model, optimizer: &optimizer, on: recipe.data.train, validation: recipe.data.validation,
                using: &generator)
            return (model, history)
        }
    }

    final class Began: TrainingCallback, @unchecked Sendable {
        var count = 0
        func trainingWillBegin(epochs: Int, stepsPerEpoch: Int, samplesPerEpoch: Int) { count += 1 }
    }

    static func recipe(loss: Loss) -> TrainingRecipe {
        let spirals = Spirals(train: 200, validation: 50, seed: 2)
        return TrainingRecipe(
            model: .mlp(sizes: [2, 8, 1], activation: .tanh, output: nil, dropout: 0), loss: loss,
            optimizer: .sgd(learningRate: 0.05), batchSize: 20, epochs: 3, metrics: [.accuracy], seed: 5,
            data: DatasetSplits(train: spirals.train, validation: spirals.validation, test: spirals.validation))
    }

    @Test func anAcceleratorTrainsTheRecipeUnderItsTrainer() throws {
        let accelerator = TapeAccelerator()
        var recipe = Self.recipe(loss: .meanSquaredError)
        let (_, cpu) = try recipe.train(callbacks: [])
        recipe.device = .accelerator(accelerator)
        let began = Began()
        let (_, history) = try recipe.train(callbacks: [began])
        #expect(accelerator.trainedEpochs == [3])
        #expect(began.count == 1)
        #expect(history.epochs.count == 3)
        // The tape agrees with the CPU's fused engine to float rounding.
        for (a, b) in zip(history.epochs, cpu.epochs) { #expect(abs(a.trainLoss - b.trainLoss) < 1e-5) }
    }

    @Test func anAcceleratorRefusesBeforeAnythingTrains() throws {
        let accelerator = TapeAccelerator()
        var recipe = Self.recipe(loss: .binaryCrossEntropyWithLogits)
        recipe.device = .accelerator(accelerator)
        let began = Began()
        #expect(throws: TapeAccelerator.Refusal(loss: .binaryCrossEntropyWithLogits)) {
            try recipe.train(callbacks: [began])
        }
        #expect(accelerator.trainedEpochs.isEmpty)
        #expect(began.count == 0)
        #expect(TrainingDevice.cpu.unsupported(recipe) == nil)
    }
}
