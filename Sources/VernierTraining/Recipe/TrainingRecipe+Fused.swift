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
    /// The fused step ``train(with:)`` (and ``train(callbacks:)``) uses, or why it uses none: on an accelerator
    /// ``device`` the device's own engine (``FusedUnsupported/device(_:)``), on the CPU
    /// ``Trainer/fusedSupport(model:optimizer:data:)`` asked about the model built from the seed, the recipe's
    /// optimizer and its training data, so the answer is the trainer's own (a failure: the tape). Builds the model
    /// and the engine's buffers once (cheap next to training).
    ///
    /// ```swift
    /// if case .failure(let reason) = recipe.fusedSupport() { print(reason) }   // "… unsupported optimizer Adagrad"
    /// ```
    public func fusedSupport() -> Result<FusedEngineKind, FusedUnsupported> {
        if case .accelerator(let accelerator) = device { return .failure(.device(accelerator.description)) }
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
}
