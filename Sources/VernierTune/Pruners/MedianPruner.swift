import VernierNumerics

/// Prunes a trial whose best intermediate value so far is worse than the median of other trials' values at the
/// same step (the "median stopping rule" of Golovin et al., "Google Vizier", KDD 2017, as in Optuna).
///
/// Nothing is pruned before `startupTrials` trials have completed, before step `warmupSteps`, or at steps that
/// are not a multiple of `intervalSteps` (counted from `warmupSteps`). Only `complete` and `pruned` trials that
/// reported a value at that step count.
///
/// ```swift
/// let pruner = MedianPruner(startupTrials: 5, warmupSteps: 2)
/// let study = try Study(name: "s", direction: .minimize, storage: InMemoryStorage(), pruner: pruner)
/// ```
public struct MedianPruner: Pruner {
    /// Completed trials needed before pruning starts.
    public var startupTrials: Int
    /// Steps before which a trial is never pruned.
    public var warmupSteps: Int
    /// Prune only every `intervalSteps` steps after the warm-up.
    public var intervalSteps: Int

    /// Creates the pruner.
    ///
    /// ```swift
    /// let pruner = MedianPruner(startupTrials: 5, warmupSteps: 0, intervalSteps: 1)
    /// ```
    public init(startupTrials: Int = 5, warmupSteps: Int = 0, intervalSteps: Int = 1) {
        precondition(startupTrials >= 0, "MedianPruner: startupTrials must be ≥ 0, got \(startupTrials)")
        precondition(warmupSteps >= 0, "MedianPruner: warmupSteps must be ≥ 0, got \(warmupSteps)")
        precondition(intervalSteps >= 1, "MedianPruner: intervalSteps must be ≥ 1, got \(intervalSteps)")
        self.startupTrials = startupTrials
        self.warmupSteps = warmupSteps
        self.intervalSteps = intervalSteps
    }

    /// Whether the trial's best value up to its last step is worse than the median at that step.
    public func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool {
        guard let (step, _) = trial.lastIntermediateValue else { return false }
        guard step >= warmupSteps, (step - warmupSteps) % intervalSteps == 0 else { return false }
        let finished = try study.trials(states: [.complete, .pruned])
        guard finished.filter({ $0.state == .complete }).count >= startupTrials else { return false }
        let others = finished.compactMap { $0.intermediateValues[step] }.filter { !$0.isNaN }
        guard !others.isEmpty else { return false }
        let direction = study.direction
        let own = trial.intermediateValues.filter { $0.key <= step }.map(\.value).filter { !$0.isNaN }
        guard let best = direction.best(of: own) else { return true }
        let median = Quantiles.median(others)
        return direction.isBetter(median, than: best)
    }
}
