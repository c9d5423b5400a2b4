import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom

/// Everything one training run needs, as typed values validated once (an experiment's configuration, a study
/// trial's parameters): the model, the loss, the optimizer settings, batch size, epochs, metrics, augmentation,
/// the seed, the prepared data and the device. Engines and experiments read the recipe; nothing after validation reads a
/// setting by name.
///
/// ```swift
/// let recipe = TrainingRecipe(
///     model: .mlp(sizes: [2, 32, 32, 1], activation: .tanh, output: nil, dropout: 0),
///     loss: .binaryCrossEntropyWithLogits, optimizer: .adam(learningRate: 0.01), batchSize: 10, epochs: 30,
///     metrics: [.accuracy], seed: 0, data: splits)
/// let run = try recipe.train(callbacks: [ProgressReporter()])   // run.model, run.history
/// ```
public struct TrainingRecipe: Sendable {
    /// The architecture.
    public var model: ModelRecipe
    /// The loss minimized.
    public var loss: Loss
    /// The optimizer and its hyperparameters.
    public var optimizer: OptimizerSettings
    /// Samples per step.
    public var batchSize: Int
    /// Passes over the training data.
    public var epochs: Int
    /// The metrics reported for training and validation data.
    public var metrics: [Metric]
    /// Random image transforms applied to every training batch (`nil`: none).
    public var augmentation: ImageAugmentation?
    /// Seeds the initial weights, the batch order and dropout.
    public var seed: UInt64
    /// The training, validation and test sets, with targets already in the loss's form.
    public var data: DatasetSplits
    /// Where it trains (default the CPU).
    public var device: TrainingDevice

    /// Creates a recipe.
    public init(
        model: ModelRecipe, loss: Loss, optimizer: OptimizerSettings, batchSize: Int, epochs: Int, metrics: [Metric],
        augmentation: ImageAugmentation? = nil, seed: UInt64, data: DatasetSplits, device: TrainingDevice = .cpu
    ) {
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.batchSize = batchSize
        self.epochs = epochs
        self.metrics = metrics
        self.augmentation = augmentation
        self.seed = seed
        self.data = data
        self.device = device
    }

    /// The ``Trainer`` of this recipe (loss, batch size, epochs, metrics, augmentation) with `callbacks`.
    public func trainer(callbacks: [any TrainingCallback] = []) -> Trainer {
        var trainer = Trainer(
            loss: loss, batchSize: batchSize, epochs: epochs, metrics: metrics, callbacks: callbacks)
        trainer.augmentation = augmentation?.transform
        return trainer
    }

    /// Builds the model from the seed and trains it on ``data`` (validating after every epoch) under ``Trainer``'s
    /// epoch loop; returns the trained model and the history. The engine is decided here, once: on an accelerator
    /// ``device`` its own engine (or its refusal, thrown before anything trains: ``TrainingDevice/unsupported(_:)``),
    /// on the CPU the fused step where ``Trainer/fusedSupport(model:optimizer:data:)`` allows it, else the tape.
    ///
    /// ```swift
    /// let (model, history) = try recipe.train(callbacks: [])
    /// ```
    public func train(callbacks: [any TrainingCallback]) throws -> (model: any Layer, history: TrainingHistory) {
        try train(with: trainer(callbacks: callbacks))
    }

    /// ``train(callbacks:)`` with `trainer`: the recipe's own ``trainer(callbacks:)``, adjusted (a grouped run
    /// turns off step losses, training metrics and per-epoch validation, ``Trainer/validatesEveryEpoch``).
    ///
    /// ```swift
    /// var trainer = recipe.trainer()
    /// trainer.validatesEveryEpoch = false
    /// let (model, history) = try recipe.train(with: trainer)
    /// ```
    public func train(with trainer: Trainer) throws -> (model: any Layer, history: TrainingHistory) {
        if case .accelerator(let accelerator) = device {
            if let refusal = accelerator.unsupported(self) { throw refusal }
            return try accelerator.train(self, trainer: trainer)
        }
        var generator = Xoshiro256(seed: seed)
        let model = self.model.build(using: &generator)
        return try Self.fit(
            model, optimizer: optimizer.makeOptimizer(), trainer: trainer, data: data, using: &generator)
    }

    /// Opens the model and optimizer existentials once so the whole loop runs on concrete types.
    private static func fit<Model: Layer, Opt: Optimizer>(
        _ model: Model, optimizer: Opt, trainer: Trainer, data: DatasetSplits, using generator: inout Xoshiro256
    ) throws -> (model: any Layer, history: TrainingHistory) {
        var model = model
        var optimizer = optimizer
        let history = try trainer.fit(
            &model, optimizer: &optimizer, on: data.train, validation: data.validation, using: &generator)
        return (model, history)
    }
}
