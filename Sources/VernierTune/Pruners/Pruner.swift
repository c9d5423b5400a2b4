/// Decides whether a running trial should stop early, from its intermediate values and the study's trials.
///
/// The objective asks with ``Trial/shouldPrune()`` after ``Trial/report(_:step:)`` and stops by throwing
/// ``TrialPruned``. A pruner must be deterministic given the stored trials and keep any state that must survive a
/// restart in storage.
///
/// ```swift
/// struct PruneNegative: Pruner {
///     func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool {
///         (trial.lastIntermediateValue?.value ?? 0) < 0
///     }
/// }
/// ```
public protocol Pruner: Sendable {
    /// Whether `trial` (a snapshot including its latest intermediate value) should stop now.
    func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool
}

/// Thrown by an objective to stop a trial that ``Trial/shouldPrune()`` condemned; the trial is stored as
/// `pruned` with its last reported value.
///
/// ```swift
/// try trial.report(loss, step: epoch)
/// if try trial.shouldPrune() { throw TrialPruned() }
/// ```
public struct TrialPruned: Error, Sendable, Equatable {
    /// An optional note on why.
    public var message: String

    /// Creates the error.
    ///
    /// ```swift
    /// throw TrialPruned("below the median at epoch 3")
    /// ```
    public init(_ message: String = "pruned") {
        self.message = message
    }
}
