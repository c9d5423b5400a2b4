import Foundation
import Testing
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierTraining

/// `SupervisedExperiment.recipe`: a configuration validated once into typed values, which training reads.
@Suite struct TrainingRecipeTests {
    @Test func aConfigurationBecomesTypedValues() throws {
        let spirals = SupervisedExperiment.spirals
        let configuration = try spirals.configuration([
            "layers": "2,16,1", "activation": "relu", "loss": "bce-logits", "optimizer": "nesterov", "lr": "0.05",
            "momentum": "0.8", "weight-decay": "0.001", "batch-size": "20", "epochs": "4", "train-size": "200",
            "validation-size": "50",
        ])
        let recipe = try spirals.recipe(configuration, seed: 9)
        #expect(recipe.model == .mlp(sizes: [2, 16, 1], activation: .relu, output: nil, dropout: 0))
        #expect(recipe.loss == .binaryCrossEntropyWithLogits)
        #expect(
            recipe.optimizer == .sgd(learningRate: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.001))
        #expect(recipe.batchSize == 20 && recipe.epochs == 4 && recipe.seed == 9)
        #expect(recipe.metrics == [.accuracy])
        #expect(recipe.data.train.count == 200 && recipe.data.validation.count == 50)
    }

    @Test func trainingFromTheRecipeIsTrainingTheConfiguration() throws {
        let cubic = SupervisedExperiment.cubic
        let configuration = try cubic.configuration(["epochs": "5"])
        let run = try cubic.train(configuration, seed: 3, callbacks: [])
        let fromRecipe = try SupervisedExperiment.train(try cubic.recipe(configuration, seed: 3), callbacks: [])
        // The same metrics but the wall-clock training time.
        #expect(
            run.metrics.filter { $0.key != "train_seconds" } == fromRecipe.metrics.filter { $0.key != "train_seconds" })
        #expect(run.history.stepLosses == fromRecipe.history.stepLosses)
    }

    @Test func incoherentSettingsAreRefusedWhileValidating() throws {
        let spirals = SupervisedExperiment.spirals
        #expect(throws: ConfigError.self) {
            try spirals.recipe(try spirals.configuration(["loss": "bce-logits", "output": "sigmoid"]), seed: 0)
        }
        #expect(throws: ConfigError.self) {
            try spirals.recipe(try spirals.configuration(["layers": "3,8,1"]), seed: 0)
        }
    }
}
