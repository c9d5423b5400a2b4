import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom

/// Which fused step ``Trainer`` would train a run with (``TrainingRecipe/fusedSupport()``).
public enum FusedEngineKind: Sendable, Equatable {
    /// The fused MLP step (``FusedMLPEngine``).
    case mlp
    /// The fused CNN step (``FusedCNNEngine``).
    case cnn
}

extension FusedEngine {
    /// Which fused step this is.
    public var kind: FusedEngineKind {
        switch self {
        case .mlp: .mlp
        case .cnn: .cnn
        }
    }
}

extension TrainingRecipe {
    /// The fused step ``train(with:)`` (and ``train(callbacks:)``) will use, or why the run goes through the tape:
    /// ``Trainer/fusedSupport(model:optimizer:data:)`` asked about the model built from the seed, the recipe's
    /// optimizer and its training data, so the answer is the trainer's own. Builds the model and the engine's
    /// buffers once (cheap next to training).
    ///
    /// ```swift
    /// if case .failure(let reason) = recipe.fusedSupport() { print(reason) }   // "… unsupported optimizer Adagrad"
    /// ```
    public func fusedSupport() -> Result<FusedEngineKind, FusedUnsupported> {
        var generator = Xoshiro256(seed: seed)
        let model = self.model.build(using: &generator)
        return Self.fusedSupport(model, optimizer: optimizer.makeOptimizer(), trainer: trainer(), data: data)
    }

    /// Opens the model and optimizer existentials for ``Trainer/fusedSupport(model:optimizer:data:)``.
    private static func fusedSupport<Model: Layer, Opt: Optimizer>(
        _ model: Model, optimizer: Opt, trainer: Trainer, data: DatasetSplits
    ) -> Result<FusedEngineKind, FusedUnsupported> {
        trainer.fusedSupport(model: model, optimizer: optimizer, data: data.train).map(\.kind)
    }

    /// Builds the model from the seed and trains it on ``data`` with `trainer` (the recipe's own
    /// ``trainer(callbacks:)``, adjusted: a grouped run turns off step losses, training metrics and per-epoch
    /// validation); the same run as ``train(callbacks:)`` otherwise.
    ///
    /// ```swift
    /// var trainer = recipe.trainer()
    /// trainer.validatesEveryEpoch = false
    /// let (model, history) = try recipe.train(with: trainer)
    /// ```
    public func train(with trainer: Trainer) throws -> (model: any Layer, history: TrainingHistory) {
        var generator = Xoshiro256(seed: seed)
        let model = self.model.build(using: &generator)
        return try Self.fit(
            opening: model, optimizer: optimizer.makeOptimizer(), trainer: trainer, data: data, using: &generator)
    }

    /// Opens the model and optimizer existentials once so the whole loop runs on concrete types.
    private static func fit<Model: Layer, Opt: Optimizer>(
        opening model: Model, optimizer: Opt, trainer: Trainer, data: DatasetSplits, using generator: inout Xoshiro256
    ) throws -> (model: any Layer, history: TrainingHistory) {
        var model = model
        var optimizer = optimizer
        let history = try trainer.fit(
            &model, optimizer: &optimizer, on: data.train, validation: data.validation, using: &generator)
        return (model, history)
    }
}
