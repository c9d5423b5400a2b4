import VernierNN

/// Where a ``TrainingRecipe`` trains: the CPU, where ``Trainer`` picks the fused or the tape engine
/// (``Trainer/fusedSupport(model:optimizer:data:)``), or an accelerator with an engine of its own (the CUDA engine
/// of `VernierCUDA`). Every device trains under ``Trainer``'s one epoch loop, so the history, callbacks, validation
/// and errors are the same.
///
/// ```swift
/// var recipe = try SupervisedExperiment.iris.recipe(configuration, seed: 0)
/// recipe.device = .accelerator(try CUDA.device())   // import VernierCUDA
/// let (model, history) = try recipe.train(callbacks: [])
/// ```
public enum TrainingDevice: Sendable {
    /// This machine's CPU (the default).
    case cpu
    /// An accelerator, which says itself what it can train.
    case accelerator(any TrainingAccelerator)

    /// Whether `recipe` can train here: `nil` on the CPU (which trains every recipe), else the accelerator's
    /// refusal naming each part it does not implement.
    public func unsupported(_ recipe: TrainingRecipe) -> (any Error)? {
        switch self {
        case .cpu: nil
        case .accelerator(let accelerator): accelerator.unsupported(recipe)
        }
    }
}

/// A device that trains a ``TrainingRecipe`` with its own ``TrainingEngine`` under ``Trainer/run(_:loader:validation:)``
/// (the CUDA engine is one). It owns its support check: ``unsupported(_:)`` is the one place that says what it
/// trains.
///
/// Its `description` is what users are told they train on, e.g. `NVIDIA H100 (CUDA, compute capability 9.0)`.
public protocol TrainingAccelerator: Sendable, CustomStringConvertible {
    /// `nil` when the device can train `recipe`, else an error naming every part it does not implement (what
    /// ``train(_:trainer:)`` throws for such a recipe).
    func unsupported(_ recipe: TrainingRecipe) -> (any Error)?

    /// Builds the model from the recipe's seed as ``TrainingRecipe/train(callbacks:)`` does, trains it with the
    /// device's engine under `trainer`'s epoch loop (`trainer.run`), and returns the trained model and the history.
    func train(_ recipe: TrainingRecipe, trainer: Trainer) throws -> (model: any Layer, history: TrainingHistory)
}
