import VernierData
import VernierNN

/// One way of running the steps of a training epoch: the autograd tape (``TapeEngine``), the preallocated fused
/// MLP step (``FusedMLPEngine``), or a device engine (the CUDA trainer). ``Trainer`` owns everything around the
/// steps — the loader and its shuffles, the learning-rate schedule, the history, training metrics, validation,
/// callbacks, progress and the non-finite-loss error — so every engine gives the same history and events.
///
/// The contract every engine keeps:
/// 1. ``trainEpoch(_:recorder:)`` starts the loader's next epoch (`loader.epoch()` exactly once), runs its batches
///    in the loader's order, and hands each step's loss to the recorder (``StepRecorder/record(loss:rows:)`` or
///    an overload with the outputs) before the next step; a throwing `record` (a NaN or infinite loss) ends the
///    epoch at once, and the engine applies no update for that step.
/// 2. ``learningRate``, set by the trainer before each epoch, is the step size of every step of that epoch.
/// 3. ``model()`` returns the model as of the last recorded step (the trainer validates and returns it).
/// 4. An engine draws no randomness but the loader's and the generators it was created with, so one seed gives
///    one run.
///
/// ```swift
/// var engine = TapeEngine(model: model, optimizer: Adam(learningRate: 0.01), loss: .meanSquaredError, contextSeed: 1)
/// let history = try trainer.run(&engine, loader: &loader, validation: validation)
/// ```
public protocol TrainingEngine {
    /// The model type the engine trains (and hands back for validation).
    associatedtype Model: Layer
    /// The data set type its loader serves.
    associatedtype Data: Dataset

    /// The step size of the coming steps.
    var learningRate: Float { get set }

    /// Runs one epoch over `loader` (see the contract above), reporting every step to `recorder`.
    mutating func trainEpoch(_ loader: inout DataLoader<Data>, recorder: inout StepRecorder) throws

    /// The model after the last recorded step.
    mutating func model() throws -> Model
}
