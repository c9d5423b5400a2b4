/// Hyperband (Li et al., JMLR 2018) in its asynchronous form, as in Optuna's `HyperbandPruner`: several
/// brackets of ``SuccessiveHalvingPruner`` that trade breadth against depth, each trial running in one bracket.
///
/// With `n = ⌊log_η(maxResource / minResource)⌋ + 1` brackets (η = `reductionFactor`), bracket `b` is successive
/// halving with `minEarlyStoppingRate: b`, so bracket 0 prunes from `minResource` on and the last bracket only
/// late. Bracket `b` receives trials in proportion to its budget `⌈n·η^s / (s + 1)⌉` with `s = n − 1 − b`. A
/// trial's bracket is a pure function of the study name and the trial number (a stable FNV-1a hash modulo the
/// total budget), stored as the system attribute `hyperband:bracket`; trials compete only with trials of their
/// own bracket. A rung at or beyond `maxResource` is never decided, so a trial that trained to the full budget
/// completes (with `maxResource: 27, reductionFactor: 3` the rung at 27 would otherwise prune finished trials).
/// Hence a resumed or multi-process study assigns and prunes exactly as one uninterrupted process.
///
/// With `minResource: 1, maxResource: 15, reductionFactor: 3` there are 3 brackets with budgets 9, 5 and 3
/// (rungs at epochs 1/3/9, 3/9 and 9).
///
/// ```swift
/// let pruner = HyperbandPruner(minResource: 1, maxResource: 15, reductionFactor: 3)
/// let study = try Study(name: "hb", direction: .maximize, storage: InMemoryStorage(), pruner: pruner)
/// ```
public struct HyperbandPruner: Pruner {
    /// The step of the first rung of bracket 0.
    public let minResource: Int
    /// The most steps a trial runs (e.g. the epoch budget).
    public let maxResource: Int
    /// η: rungs are η apart and each keeps the best 1/η.
    public let reductionFactor: Int
    /// Passed to each bracket's successive halving.
    public let bootstrapCount: Int
    /// The trial allocation budget of each bracket.
    public let bracketBudgets: [Int]

    /// The system attribute holding a trial's bracket.
    public static let bracketKey = "hyperband:bracket"

    /// Creates the pruner.
    ///
    /// ```swift
    /// let pruner = HyperbandPruner(minResource: 1, maxResource: 81, reductionFactor: 3)
    /// pruner.bracketBudgets   // [81, 34, 15, 8, 5]
    /// ```
    public init(minResource: Int = 1, maxResource: Int, reductionFactor: Int = 3, bootstrapCount: Int = 0) {
        precondition(minResource >= 1, "HyperbandPruner: minResource must be ≥ 1, got \(minResource)")
        precondition(maxResource >= minResource, "HyperbandPruner: maxResource must be ≥ minResource")
        precondition(reductionFactor >= 2, "HyperbandPruner: reductionFactor must be ≥ 2, got \(reductionFactor)")
        precondition(bootstrapCount >= 0, "HyperbandPruner: bootstrapCount must be ≥ 0")
        self.minResource = minResource
        self.maxResource = maxResource
        self.reductionFactor = reductionFactor
        self.bootstrapCount = bootstrapCount
        var count = 1
        var resource = minResource
        while resource <= maxResource / reductionFactor {
            resource *= reductionFactor
            count += 1
        }
        var budgets: [Int] = []
        for bracket in 0..<count {
            let s = count - 1 - bracket
            var power = 1
            for _ in 0..<s { power *= reductionFactor }
            budgets.append((count * power + s) / (s + 1))  // ⌈n·η^s / (s + 1)⌉
        }
        self.bracketBudgets = budgets
    }

    /// The number of brackets.
    public var bracketCount: Int { bracketBudgets.count }

    /// The successive-halving pruner of `bracket`.
    ///
    /// ```swift
    /// HyperbandPruner(maxResource: 15).pruner(forBracket: 1).rungStep(0)   // 3
    /// ```
    public func pruner(forBracket bracket: Int) -> SuccessiveHalvingPruner {
        SuccessiveHalvingPruner(
            minResource: minResource, reductionFactor: reductionFactor, minEarlyStoppingRate: bracket,
            bootstrapCount: bootstrapCount, maxResource: maxResource)
    }

    /// The bracket of trial `number` in the study `studyName` (deterministic in every process).
    ///
    /// ```swift
    /// let bracket = HyperbandPruner(maxResource: 15).bracket(studyName: "iris", trialNumber: 4)
    /// ```
    public func bracket(studyName: String, trialNumber: Int) -> Int {
        let total = bracketBudgets.reduce(0, +)
        var slot = Int(stableHash("\(studyName)_\(trialNumber)") % UInt64(total))
        for (bracket, budget) in bracketBudgets.enumerated() {
            slot -= budget
            if slot < 0 { return bracket }
        }
        return bracketCount - 1
    }

    /// The bracket stored on `trial`, or the computed one.
    func bracket(of trial: FrozenTrial, studyName: String) -> Int {
        trial.systemAttributes[Self.bracketKey]?.intValue ?? bracket(studyName: studyName, trialNumber: trial.number)
    }

    /// Records the trial's bracket and asks that bracket's successive halving, among the bracket's trials only.
    public func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool {
        let bracket = bracket(of: trial, studyName: study.name)
        if trial.systemAttributes[Self.bracketKey] == nil {
            try study.storage.setTrialAttribute(
                trialID: trial.trialID, key: Self.bracketKey, value: .int(bracket), kind: .system)
        }
        return try pruner(forBracket: bracket).shouldPrune(study: study, trial: trial) {
            try study.trials().filter { self.bracket(of: $0, studyName: study.name) == bracket }
        }
    }
}
