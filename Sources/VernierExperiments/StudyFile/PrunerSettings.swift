import VernierTune

/// The pruner of a study as a study file (`pruner: {name: hyperband, min_epochs: 1, max_epochs: 15}`) or
/// `vernier tune --pruner hyperband --min-epochs 1 --max-epochs 15` names it; the step a pruner sees is the
/// number of epochs trained (the resource).
///
/// | name         | pruner                       | settings used                                                   |
/// |--------------|------------------------------|-----------------------------------------------------------------|
/// | `none`       | ``NopPruner``                | —                                                               |
/// | `median`     | ``MedianPruner``             | `startup_trials` (5), `warmup_epochs` (1), `interval_epochs` (1) |
/// | `percentile` | ``PercentilePruner``         | `percentile` (25) and the median's settings                     |
/// | `sha`/`asha` | ``SuccessiveHalvingPruner``  | `min_epochs` (⌊`max_epochs`/η²⌋ ≥ 1, else 1), `reduction_factor` (3) |
/// | `hyperband`  | ``HyperbandPruner``          | `min_epochs` (1), `max_epochs` (required), `reduction_factor` (4) |
///
/// Both take `bootstrap_count` (0). In `vernier tune` and study files a missing `max_epochs` of either comes from
/// the study's epochs (``StudyPlan/effectivePruner``: the largest value of an `epochs` parameter, else the
/// `epochs` setting); it is an error only for objectives without epochs.
///
/// The defaults of the two multi-fidelity pruners come from replaying 16 random 30-trial spirals studies and a
/// Fashion-MNIST study (docs/ARCHITECTURE.md, "Pruners"): successive halving judging at epoch 1 loses good slow
/// starters, so its first rung sits two halvings below the full run (rungs 3, 9, 27 for 30 epochs); Hyperband with
/// η = 4 has fewer, more aggressive brackets, whose first trials (always promoted, as ASHA cannot pause a trial)
/// cost less in studies of tens of trials than η = 3's four brackets.
///
/// ```swift
/// var settings = try PrunerSettings(name: "hyperband")
/// settings.maxEpochs = 15
/// let pruner = try settings.makePruner()
/// ```
public struct PrunerSettings: Sendable, Equatable, Codable {
    /// The pruners by name.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// Never prune.
        case none
        /// Median stopping rule.
        case median
        /// Percentile rule.
        case percentile
        /// Asynchronous successive halving.
        case sha
        /// Hyperband over successive-halving brackets.
        case hyperband
    }

    /// Which pruner.
    public var kind: Kind
    /// The first rung (successive halving, Hyperband).
    public var minEpochs: Int?
    /// The epochs a trial runs at most (Hyperband; successive halving: its default first rung, and no rung is decided
    /// at or beyond it).
    public var maxEpochs: Int?
    /// η of successive halving and Hyperband.
    public var reductionFactor: Int?
    /// Trials that must reach a rung before promotions (successive halving, Hyperband).
    public var bootstrapCount: Int?
    /// Complete trials before the median / percentile rule prunes.
    public var startupTrials: Int?
    /// Epochs before the median / percentile rule prunes.
    public var warmupEpochs: Int?
    /// Check the median / percentile rule every this many epochs.
    public var intervalEpochs: Int?
    /// The percentile of the percentile rule (0…100).
    public var percentile: Double?

    /// The valid names, for messages: `none, median, percentile, sha, asha, hyperband`.
    public static let validNames = ["none", "median", "percentile", "sha", "asha", "hyperband"]

    /// Settings for the pruner called `name` (`asha` is `sha`); throws ``PrunerSettingsError`` listing the valid
    /// names when it is unknown.
    ///
    /// ```swift
    /// let median = try PrunerSettings(name: "median")
    /// ```
    public init(name: String) throws(PrunerSettingsError) {
        let lowered = name.lowercased()
        guard let kind = lowered == "asha" ? .sha : Kind(rawValue: lowered) else {
            throw PrunerSettingsError(
                message: "unknown pruner '\(name)'; valid: \(Self.validNames.joined(separator: ", "))")
        }
        self.kind = kind
    }

    /// Settings for `kind` with every setting at its default.
    ///
    /// ```swift
    /// let settings = PrunerSettings(kind: .none)
    /// ```
    public init(kind: Kind) {
        self.kind = kind
    }

    /// Builds the pruner; throws ``PrunerSettingsError`` for an invalid or missing setting.
    ///
    /// ```swift
    /// let pruner = try PrunerSettings(name: "sha").makePruner()   // SuccessiveHalvingPruner(1, η = 3)
    /// ```
    public func makePruner() throws(PrunerSettingsError) -> any Pruner {
        func check(_ condition: Bool, _ message: String) throws(PrunerSettingsError) {
            if !condition { throw PrunerSettingsError(message: "pruner \(kind.rawValue): \(message)") }
        }
        let reductionFactor = self.reductionFactor ?? defaultReductionFactor
        let minEpochs = self.minEpochs ?? defaultMinEpochs(reductionFactor: reductionFactor)
        let bootstrapCount = self.bootstrapCount ?? 0
        let startupTrials = self.startupTrials ?? 5
        let warmupEpochs = self.warmupEpochs ?? 1
        let intervalEpochs = self.intervalEpochs ?? 1
        try check(minEpochs >= 1, "min_epochs must be ≥ 1, got \(minEpochs)")
        try check(reductionFactor >= 2, "reduction_factor must be ≥ 2, got \(reductionFactor)")
        try check(bootstrapCount >= 0, "bootstrap_count must be ≥ 0, got \(bootstrapCount)")
        try check(startupTrials >= 0, "startup_trials must be ≥ 0, got \(startupTrials)")
        try check(warmupEpochs >= 0, "warmup_epochs must be ≥ 0, got \(warmupEpochs)")
        try check(intervalEpochs >= 1, "interval_epochs must be ≥ 1, got \(intervalEpochs)")
        if let maxEpochs { try check(maxEpochs >= 1, "max_epochs must be ≥ 1, got \(maxEpochs)") }
        switch kind {
        case .none:
            return NopPruner()
        case .median:
            return MedianPruner(startupTrials: startupTrials, warmupSteps: warmupEpochs, intervalSteps: intervalEpochs)
        case .percentile:
            let percentile = self.percentile ?? 25
            try check((0...100).contains(percentile), "percentile must be in 0…100, got \(percentile)")
            return PercentilePruner(
                percentile: percentile, startupTrials: startupTrials, warmupSteps: warmupEpochs,
                intervalSteps: intervalEpochs)
        case .sha:
            return SuccessiveHalvingPruner(
                minResource: minEpochs, reductionFactor: reductionFactor, bootstrapCount: bootstrapCount,
                maxResource: maxEpochs)
        case .hyperband:
            guard let maxEpochs else {
                throw PrunerSettingsError(
                    message:
                        "pruner hyperband: max_epochs (--max-epochs) is required: the study has no epochs setting or parameter to take it from"
                )
            }
            try check(maxEpochs >= minEpochs, "max_epochs (\(maxEpochs)) must be ≥ min_epochs (\(minEpochs))")
            return HyperbandPruner(
                minResource: minEpochs, maxResource: maxEpochs, reductionFactor: reductionFactor,
                bootstrapCount: bootstrapCount)
        }
    }

    /// η when `reduction_factor` is not given: 4 for Hyperband, 3 for successive halving.
    var defaultReductionFactor: Int { kind == .hyperband ? 4 : 3 }

    /// The first rung when `min_epochs` is not given: successive halving with a known `max_epochs` starts two
    /// halvings below the full run, `max(1, ⌊max_epochs / η²⌋)` (its rungs `r, rη, rη²` span the run); otherwise 1.
    func defaultMinEpochs(reductionFactor: Int) -> Int {
        guard kind == .sha, let maxEpochs, reductionFactor >= 2 else { return 1 }
        return max(1, maxEpochs / (reductionFactor * reductionFactor))
    }

    /// A one-line description for printouts, e.g. `hyperband (min 1, max 15 epochs, η 3)`.
    public var summary: String {
        switch kind {
        case .none: return "none"
        case .median, .percentile:
            let name = kind == .median ? "median" : "percentile \(ParameterValue.format(percentile ?? 25))"
            return "\(name) (startup \(startupTrials ?? 5) trials, warm-up \(warmupEpochs ?? 1) epochs)"
        case .sha, .hyperband:
            let factor = reductionFactor ?? defaultReductionFactor
            let first = minEpochs ?? defaultMinEpochs(reductionFactor: factor)
            if kind == .sha {
                return "sha (min \(first)\(maxEpochs.map { ", max \($0)" } ?? "") epochs, η \(factor))"
            }
            return "hyperband (min \(first), max \(maxEpochs.map(String.init) ?? "?") epochs, η \(factor))"
        }
    }
}

/// An unknown pruner name or an invalid pruner setting.
///
/// ```swift
/// do { _ = try PrunerSettings(name: "nope") } catch { print(error) }   // unknown pruner 'nope'; valid: …
/// ```
public struct PrunerSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// The message.
    public var description: String { message }
}
