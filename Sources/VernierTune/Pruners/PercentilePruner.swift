import VernierNumerics

/// Prunes a trial whose best intermediate value so far is worse than the given percentile of the other trials'
/// values at the same step (Optuna's `PercentilePruner`); `PercentilePruner(percentile: 50)` behaves like
/// ``MedianPruner``.
///
/// For a minimized objective with `percentile: 25` a trial survives a step only while its best value is at least
/// as good as the 25th percentile, that is, among the best quarter. For a maximized one the percentile is taken
/// from the top (the `100 - percentile`-th percentile of the raw values). Percentiles interpolate linearly between
/// order statistics (NumPy's default). Nothing is pruned before `startupTrials` trials have completed, before step
/// `warmupSteps`, at steps that are not a multiple of `intervalSteps` (counted from `warmupSteps`), or while fewer
/// than `minimumTrialsAtStep` finished trials reported a value at that step.
///
/// ```swift
/// let pruner = PercentilePruner(percentile: 25, startupTrials: 5, warmupSteps: 2)
/// let study = try Study(name: "s", direction: .maximize, storage: InMemoryStorage(), pruner: pruner)
/// ```
public struct PercentilePruner: Pruner {
    /// The percentile in 0…100 a trial must reach to survive.
    public var percentile: Double
    /// Completed trials needed before pruning starts.
    public var startupTrials: Int
    /// Steps before which a trial is never pruned.
    public var warmupSteps: Int
    /// Prune only every `intervalSteps` steps after the warm-up.
    public var intervalSteps: Int
    /// Finished trials that must have a value at the step before it can prune there.
    public var minimumTrialsAtStep: Int

    /// Creates the pruner.
    ///
    /// ```swift
    /// let pruner = PercentilePruner(percentile: 25, startupTrials: 5, warmupSteps: 0, intervalSteps: 1)
    /// ```
    public init(
        percentile: Double, startupTrials: Int = 5, warmupSteps: Int = 0, intervalSteps: Int = 1,
        minimumTrialsAtStep: Int = 1
    ) {
        precondition((0...100).contains(percentile), "PercentilePruner: percentile must be in 0…100, got \(percentile)")
        precondition(startupTrials >= 0, "PercentilePruner: startupTrials must be ≥ 0, got \(startupTrials)")
        precondition(warmupSteps >= 0, "PercentilePruner: warmupSteps must be ≥ 0, got \(warmupSteps)")
        precondition(intervalSteps >= 1, "PercentilePruner: intervalSteps must be ≥ 1, got \(intervalSteps)")
        precondition(minimumTrialsAtStep >= 1, "PercentilePruner: minimumTrialsAtStep must be ≥ 1")
        self.percentile = percentile
        self.startupTrials = startupTrials
        self.warmupSteps = warmupSteps
        self.intervalSteps = intervalSteps
        self.minimumTrialsAtStep = minimumTrialsAtStep
    }

    /// Whether the trial's best value up to its last step is worse than the percentile at that step.
    public func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool {
        guard let (step, _) = trial.lastIntermediateValue else { return false }
        guard step >= warmupSteps, (step - warmupSteps) % intervalSteps == 0 else { return false }
        let finished = try study.trials(states: [.complete, .pruned])
        guard finished.filter({ $0.state == .complete }).count >= startupTrials else { return false }
        let others = finished.filter { $0.trialID != trial.trialID }.compactMap { $0.intermediateValues[step] }
            .filter { !$0.isNaN }
        guard others.count >= minimumTrialsAtStep else { return false }
        let own = trial.intermediateValues.filter { $0.key <= step }.map(\.value).filter { !$0.isNaN }
        guard let best = study.direction.best(of: own) else { return true }
        let q = study.direction == .minimize ? percentile : 100 - percentile
        let threshold = Quantiles.percentile(others, q)
        return study.direction.isBetter(threshold, than: best)
    }
}
