/// Wraps another pruner and consults it only when the trial has stopped improving (Optuna's `PatientPruner`
/// window); without a wrapped pruner, stagnation alone prunes (early stopping).
///
/// The trial's values are ordered by step. With fewer than `patience + 2` values nothing is pruned. Otherwise
/// the best of the last `patience + 1` values is compared with the best of the values before them: the trial
/// stagnates when the recent best does not improve on the earlier best by more than `minDelta`.
///
/// ```swift
/// let pruner = PatientPruner(wrapping: MedianPruner(), patience: 3)
/// let earlyStop = PatientPruner(wrapping: nil, patience: 5, minDelta: 0.001)
/// ```
public struct PatientPruner: Pruner {
    /// The pruner asked once the trial stagnates (`nil`: prune on stagnation).
    public var wrapped: (any Pruner)?
    /// Steps without improvement tolerated.
    public var patience: Int
    /// The smallest change that counts as an improvement.
    public var minDelta: Double

    /// Creates the pruner.
    ///
    /// ```swift
    /// let pruner = PatientPruner(wrapping: PercentilePruner(percentile: 25), patience: 2, minDelta: 0.01)
    /// ```
    public init(wrapping wrapped: (any Pruner)?, patience: Int, minDelta: Double = 0) {
        precondition(patience >= 0, "PatientPruner: patience must be ≥ 0, got \(patience)")
        precondition(minDelta >= 0, "PatientPruner: minDelta must be ≥ 0, got \(minDelta)")
        self.wrapped = wrapped
        self.patience = patience
        self.minDelta = minDelta
    }

    /// Whether the trial stagnated and (when wrapping a pruner) that pruner also says to stop.
    public func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool {
        let values = trial.intermediateValues.sorted { $0.key < $1.key }.map(\.value)
        guard values.count > patience + 1 else { return false }
        let before = values[..<(values.count - patience - 1)].filter { !$0.isNaN }
        let recent = values[(values.count - patience - 1)...].filter { !$0.isNaN }
        guard let bestBefore = study.direction.best(of: before), let bestRecent = study.direction.best(of: recent)
        else { return false }
        let improved =
            study.direction == .minimize ? bestRecent < bestBefore - minDelta : bestRecent > bestBefore + minDelta
        let stagnates = !improved
        guard stagnates else { return false }
        return try wrapped?.shouldPrune(study: study, trial: trial) ?? true
    }
}
