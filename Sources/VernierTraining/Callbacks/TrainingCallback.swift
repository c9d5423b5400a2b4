/// Whether training goes on after an epoch.
///
/// ```swift
/// return record.validationLoss ?? 0 > 10 ? .stop : .continue
/// ```
public enum TrainingDecision: Sendable, Equatable {
    /// Train the next epoch.
    case `continue`
    /// End training now (the history is marked `stoppedEarly`).
    case stop
}

/// Hooks into a training run. Every method has a default that does nothing, so a callback implements only what
/// it needs; ``epochDidEnd(_:history:)`` can stop training (early stopping) or throw (a tuner pruning a trial:
/// the error propagates out of `fit`).
///
/// Callbacks are reference types so that their state (the best epoch so far, …) is visible after training.
/// ```swift
/// final class PrintLoss: TrainingCallback {
///     func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision {
///         print(record.epoch, record.trainLoss)
///         return .continue
///     }
/// }
/// ```
public protocol TrainingCallback: AnyObject {
    /// Called once before the first epoch.
    func trainingWillBegin(epochs: Int, stepsPerEpoch: Int, samplesPerEpoch: Int)
    /// Called after each training step with the epoch (from 1), the step within it (from 1) and its loss.
    /// Keep it cheap: it runs on the hot path.
    func stepDidEnd(epoch: Int, step: Int, loss: Float)
    /// Called after each epoch, validation included; returning `.stop` ends training.
    func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision
    /// Called once after the last epoch (also after an early stop, not after an error).
    func trainingDidEnd(_ history: TrainingHistory)
    /// Whether ``stepDidEnd(epoch:step:loss:)`` should be called at all (false skips the per-step call).
    var wantsStepEvents: Bool { get }
}

extension TrainingCallback {
    /// Does nothing.
    public func trainingWillBegin(epochs: Int, stepsPerEpoch: Int, samplesPerEpoch: Int) {}
    /// Does nothing.
    public func stepDidEnd(epoch: Int, step: Int, loss: Float) {}
    /// Continues.
    public func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision { .continue }
    /// Does nothing.
    public func trainingDidEnd(_ history: TrainingHistory) {}
    /// False: no per-step calls.
    public var wantsStepEvents: Bool { false }
}

/// A callback from a closure called after every epoch (how a tuner reports intermediate values and prunes).
///
/// ```swift
/// let report = EpochEndCallback { record, _ in
///     try trial.report(record.validationLoss ?? record.trainLoss, step: record.epoch)
///     return .continue
/// }
/// ```
public final class EpochEndCallback: TrainingCallback {
    private let body: (EpochRecord, TrainingHistory) throws -> TrainingDecision

    /// Wraps `body`.
    public init(_ body: @escaping (EpochRecord, TrainingHistory) throws -> TrainingDecision) {
        self.body = body
    }

    /// Calls the closure.
    public func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision {
        try body(record, history)
    }
}
