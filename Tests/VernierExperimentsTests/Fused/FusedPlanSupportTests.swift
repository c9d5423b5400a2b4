import Foundation
import Testing
import VernierData
import VernierExperiments
import VernierNN
import VernierTensor
import VernierTraining

/// `FusedTrainingPlan.support` checks only the plan's own conditions (epochs, a validation set, the objective
/// measured on it) and takes the rest from `TrainingRecipe.fusedSupport()`, the trainer's one decision.
@Suite struct FusedPlanSupportTests {
    func spirals(_ settings: [String: String]) throws -> TrainingRecipe {
        var all = ["train-size": "60", "validation-size": "20", "test-size": "0", "epochs": "1"]
        all.merge(settings) { $1 }
        let experiment = SupervisedExperiment.spirals
        return try experiment.recipe(try experiment.configuration(all), seed: 0)
    }

    func reason(_ result: Result<Void, FusedUnsupported>) -> FusedUnsupported? {
        if case .failure(let reason) = result { reason } else { nil }
    }

    func reason(_ result: Result<FusedEngineKind, FusedUnsupported>) -> FusedUnsupported? {
        if case .failure(let reason) = result { reason } else { nil }
    }

    @Test func theFusedReasonIsTheRecipes() throws {
        for settings in [["optimizer": "adagrad"], ["dropout": "0.2"], ["activation": "gelu"]] {
            let recipe = try spirals(settings)
            let unsupported = try #require(reason(recipe.fusedSupport()), "\(settings) should not be fused")
            #expect(reason(FusedTrainingPlan.support(recipe, metric: "val_loss")) == unsupported, "\(settings)")
            #expect(FusedTrainingPlan(recipe, metric: "val_loss") == nil)
        }
        #expect(FusedTrainingPlan(try spirals([:]), metric: "val_loss") != nil)
    }

    @Test func thePlanNeedsEpochsAValidationSetAndTheMetricOnIt() throws {
        let recipe = try spirals([:])
        #expect(recipe.metrics.contains(.accuracy))
        #expect(FusedTrainingPlan(recipe, metric: "val_accuracy") != nil)
        #expect(FusedTrainingPlan(recipe, metric: "val_mae") == nil)
        #expect(FusedTrainingPlan(recipe, metric: "train_loss") == nil)
        var noEpochs = recipe
        noEpochs.epochs = 0
        #expect(FusedTrainingPlan(noEpochs, metric: "val_loss") == nil)
        var noValidation = recipe
        noValidation.data.validation = recipe.data.validation.subset([Int]())
        #expect(FusedTrainingPlan(noValidation, metric: "val_loss") == nil)
    }

    @Test func cnnRecipesTrainOneAtATimeOutsideGroups() {
        let images = TensorDataset(
            features: Tensor(shape: [6, 16], scalars: (0..<96).map { Float($0 % 7) / 7 }),
            targets: Tensor(shape: [6], scalars: [0, 1, 2, 0, 1, 2]))
        let recipe = TrainingRecipe(
            model: .cnn(channels: 1, height: 4, width: 4, classes: 3, activation: .relu, output: nil, dropout: 0),
            loss: .crossEntropy, optimizer: .adam(learningRate: 0.01), batchSize: 3, epochs: 1, metrics: [],
            seed: 0, data: DatasetSplits(train: images, validation: images, test: images.subset([Int]())))
        #expect(recipe.fusedSupport() == .success(.cnn))
        #expect(
            reason(FusedTrainingPlan.support(recipe, metric: "val_loss"))
                == .model("Sequential (grouped runs take the fused MLP step)"))
    }
}
