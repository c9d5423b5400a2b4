import VernierData
import VernierNN
import VernierOptimizers
import VernierTraining

/// What fused runs must share to train as one ``VernierTraining/FusedGroupTrainer``, read from their typed
/// recipes: the experiment, the data recipe, the model, the loss, the optimizer's update rule, batch size,
/// epochs, metrics and augmentation. Seeds and optimizer hyperparameters (learning rate, momentum, weight decay)
/// are each member's own.
///
/// ```swift
/// let key = FusedGroupKey(experiment: "spirals", data: data, recipe: recipe)
/// ```
public struct FusedGroupKey: Sendable, Hashable {
    /// The experiment's name.
    public let experiment: String
    /// The data every member trains and is validated on.
    public let data: DataRecipe
    /// The architecture (layer sizes, activations, dropout).
    public let model: ModelRecipe
    /// The loss.
    public let loss: Loss
    /// The optimizer's update rule, without its hyperparameters.
    public let rule: Rule
    /// Samples per step.
    public let batchSize: Int
    /// Passes over the training data.
    public let epochs: Int
    /// The metrics measured.
    public let metrics: [Metric]
    /// Random image transforms of training batches, if any.
    public let augmentation: ImageAugmentation?

    /// An optimizer's update rule: the case of ``VernierOptimizers/OptimizerSettings``.
    public enum Rule: Sendable, Hashable {
        /// SGD, with or without (Nesterov) momentum.
        case sgd
        /// RMSProp.
        case rmsprop
        /// Adam.
        case adam
        /// AdamW.
        case adamW
        /// Adagrad.
        case adagrad
    }

    /// The key of `recipe`, a run of `experiment` on `data`.
    public init(experiment: String, data: DataRecipe, recipe: TrainingRecipe) {
        self.experiment = experiment
        self.data = data
        model = recipe.model
        loss = recipe.loss
        rule =
            switch recipe.optimizer {
            case .sgd: .sgd
            case .rmsprop: .rmsprop
            case .adam: .adam
            case .adamW: .adamW
            case .adagrad: .adagrad
            }
        batchSize = recipe.batchSize
        epochs = recipe.epochs
        metrics = recipe.metrics
        augmentation = recipe.augmentation
    }
}
