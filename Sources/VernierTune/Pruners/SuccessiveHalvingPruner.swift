/// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter Tuning",
/// MLSys 2020, as in Optuna's `SuccessiveHalvingPruner`).
///
/// Steps are the resource (e.g. epochs completed). Rung `r` sits at step
/// `minResource × reductionFactor^(minEarlyStoppingRate + r)`. When a trial first reports at or beyond a rung's
/// step, its value there is recorded in storage as the system attribute `sha:rung_<r>` and compared with the
/// values every other trial of the study recorded at that rung: the trial goes on only if it is among the best
/// `1/reductionFactor` of them (at least the single best), otherwise it is pruned. Rung membership lives in
/// storage, so a resumed study or several processes decide exactly as one uninterrupted process would given the
/// same stored trials. A NaN value at a rung prunes. With `bootstrapCount > 0`, a trial is pruned at a rung until
/// more than `bootstrapCount` trials (itself included) have reached it.
///
/// With `maxResource` (the steps a trial runs at most, e.g. the epoch budget), rungs at or beyond it are not
/// decided: a trial that trained to the full budget has spent everything pruning could save, so it completes and
/// its value counts. (Without it, a rung that coincides with the last epoch — rungs 3, 9, 27 in a 27-epoch run —
/// would discard finished trials and save nothing.)
///
/// With `minResource: 1, reductionFactor: 3` the rungs are at epochs 1, 3, 9, 27, …
///
/// ```swift
/// let pruner = SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3)
/// let study = try Study(name: "asha", direction: .maximize, storage: InMemoryStorage(), pruner: pruner)
/// ```
public struct SuccessiveHalvingPruner: Pruner {
    /// The step of the first rung (before the early-stopping-rate offset).
    public var minResource: Int
    /// Keep the best `1/reductionFactor` at each rung; rungs are `reductionFactor` times apart.
    public var reductionFactor: Int
    /// Skips the first rungs: the first rung is at `minResource × reductionFactor^minEarlyStoppingRate`.
    public var minEarlyStoppingRate: Int
    /// Trials that must reach a rung before anything is promoted from it.
    public var bootstrapCount: Int
    /// The steps a trial runs at most; rungs at or beyond it are never decided (`nil`: no limit).
    public var maxResource: Int?

    /// Creates the pruner.
    ///
    /// ```swift
    /// let pruner = SuccessiveHalvingPruner(minResource: 2, reductionFactor: 4, minEarlyStoppingRate: 0)
    /// let budgeted = SuccessiveHalvingPruner(minResource: 3, reductionFactor: 3, maxResource: 27)   // rungs 3 and 9
    /// ```
    public init(
        minResource: Int = 1, reductionFactor: Int = 3, minEarlyStoppingRate: Int = 0, bootstrapCount: Int = 0,
        maxResource: Int? = nil
    ) {
        precondition(minResource >= 1, "SuccessiveHalvingPruner: minResource must be ≥ 1, got \(minResource)")
        precondition(
            reductionFactor >= 2, "SuccessiveHalvingPruner: reductionFactor must be ≥ 2, got \(reductionFactor)")
        precondition(minEarlyStoppingRate >= 0, "SuccessiveHalvingPruner: minEarlyStoppingRate must be ≥ 0")
        precondition(bootstrapCount >= 0, "SuccessiveHalvingPruner: bootstrapCount must be ≥ 0")
        precondition(
            maxResource.map { $0 >= 1 } ?? true, "SuccessiveHalvingPruner: maxResource must be ≥ 1 when given")
        self.maxResource = maxResource
        self.minResource = minResource
        self.reductionFactor = reductionFactor
        self.minEarlyStoppingRate = minEarlyStoppingRate
        self.bootstrapCount = bootstrapCount
    }

    /// The storage key (a trial system attribute) holding a trial's value at `rung`.
    ///
    /// ```swift
    /// trial.systemAttributes[SuccessiveHalvingPruner.rungKey(0)]   // .double(0.81) once it reached rung 0
    /// ```
    public static func rungKey(_ rung: Int) -> String { "\(rungKeyPrefix)\(rung)" }

    /// The prefix of every ``rungKey(_:)``.
    public static let rungKeyPrefix = TrialRelease.rungKeyPrefix

    /// The step at which `rung` is decided.
    ///
    /// ```swift
    /// SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3).rungStep(2)   // 9
    /// ```
    public func rungStep(_ rung: Int) -> Int {
        var step = minResource
        for _ in 0..<(minEarlyStoppingRate + rung) {
            let (product, overflow) = step.multipliedReportingOverflow(by: reductionFactor)
            if overflow { return Int.max }
            step = product
        }
        return step
    }

    /// Whether the trial, at its latest step, failed to be promoted from a rung.
    public func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool {
        try shouldPrune(study: study, trial: trial) { try study.trials() }
    }

    /// The decision with the competing trials given by `peers` (Hyperband passes the trials of one bracket).
    func shouldPrune(study: Study, trial: FrozenTrial, peers: () throws -> [FrozenTrial]) throws -> Bool {
        guard let (step, value) = trial.lastIntermediateValue else { return false }
        var rung = 0
        while trial.systemAttributes[Self.rungKey(rung)] != nil { rung += 1 }
        var others: [FrozenTrial]? = nil
        while true {
            guard step >= rungStep(rung) else { return false }
            if let maxResource, rungStep(rung) >= maxResource { return false }
            if value.isNaN { return true }
            if others == nil { others = try peers().filter { $0.trialID != trial.trialID } }
            let key = Self.rungKey(rung)
            try study.storage.setTrialAttribute(trialID: trial.trialID, key: key, value: .double(value), kind: .system)
            var competing = others!.compactMap { $0.systemAttributes[key]?.doubleValue }
            competing.append(value)
            if bootstrapCount > 0, competing.count <= bootstrapCount { return true }
            if !Self.isPromotable(value, competing: competing, reductionFactor: reductionFactor, study.direction) {
                return true
            }
            rung += 1
        }
    }

    /// Whether `value` is among the best `competing.count / reductionFactor` (at least one) of `competing`.
    static func isPromotable(
        _ value: Double, competing: [Double], reductionFactor: Int, _ direction: StudyDirection
    ) -> Bool {
        let kept = max(competing.count / reductionFactor, 1)
        let sorted = competing.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return false }
        let index = min(kept, sorted.count) - 1
        return direction == .minimize ? value <= sorted[index] : value >= sorted[sorted.count - 1 - index]
    }
}
