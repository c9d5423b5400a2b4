/// Prunes a trial whose latest intermediate value leaves `lower…upper` or is NaN (Optuna's `ThresholdPruner`),
/// e.g. a diverging loss.
///
/// Nothing is pruned before step `warmupSteps` or at steps that are not a multiple of `intervalSteps` (counted
/// from `warmupSteps`). A missing bound is not checked.
///
/// ```swift
/// let pruner = ThresholdPruner(upper: 10, warmupSteps: 1)   // stop when the loss exceeds 10
/// ```
public struct ThresholdPruner: Pruner {
    /// Values below this prune the trial.
    public var lower: Double?
    /// Values above this prune the trial.
    public var upper: Double?
    /// Steps before which a trial is never pruned.
    public var warmupSteps: Int
    /// Check only every `intervalSteps` steps after the warm-up.
    public var intervalSteps: Int

    /// Creates the pruner; give at least one bound.
    ///
    /// ```swift
    /// let pruner = ThresholdPruner(lower: 0.2)   // stop when the accuracy falls below 20 %
    /// ```
    public init(lower: Double? = nil, upper: Double? = nil, warmupSteps: Int = 0, intervalSteps: Int = 1) {
        precondition(lower != nil || upper != nil, "ThresholdPruner: give a lower or an upper bound")
        if let lower, let upper { precondition(lower <= upper, "ThresholdPruner: lower must be ≤ upper") }
        precondition(warmupSteps >= 0, "ThresholdPruner: warmupSteps must be ≥ 0, got \(warmupSteps)")
        precondition(intervalSteps >= 1, "ThresholdPruner: intervalSteps must be ≥ 1, got \(intervalSteps)")
        self.lower = lower
        self.upper = upper
        self.warmupSteps = warmupSteps
        self.intervalSteps = intervalSteps
    }

    /// Whether the latest value is NaN or outside the bounds.
    public func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool {
        guard let (step, value) = trial.lastIntermediateValue else { return false }
        guard step >= warmupSteps, (step - warmupSteps) % intervalSteps == 0 else { return false }
        if value.isNaN { return true }
        if let lower, value < lower { return true }
        if let upper, value > upper { return true }
        return false
    }
}
