/// The domain of one coordinate of a ``ParzenEstimator``.
///
/// Numerical coordinates are given in the space where kernels are placed (for a log-scale parameter, pass
/// `log(low)...log(high)` and log-transformed observations). A `step` makes the coordinate discrete: kernels then
/// give the probability of the cell `[x - step/2, x + step/2]`, normalized over `[low - step/2, high + step/2]`.
///
/// ```swift
/// let learningRate = ParzenDimension.numerical(low: log(1e-4), high: log(1), step: nil)
/// let units = ParzenDimension.numerical(low: 16, high: 256, step: 16)
/// let optimizer = ParzenDimension.categorical(count: 3)
/// ```
public enum ParzenDimension: Sendable, Equatable, Hashable {
    /// A real interval, optionally on a grid of `step`.
    case numerical(low: Double, high: Double, step: Double?)
    /// `count` unordered categories, observed as indices 0..<count.
    case categorical(count: Int)
}

/// How a ``ParzenEstimator`` chooses the bandwidth σ of its numerical kernels.
///
/// ```swift
/// let rule = ParzenBandwidthRule.neighbourDistance
/// ```
public enum ParzenBandwidthRule: Sendable, Equatable, Hashable {
    /// Each kernel's σ is the larger distance to its neighbours among the sorted observations of that coordinate,
    /// the range ends acting as neighbours of the outermost ones (Bergstra et al. 2011; Optuna 5 uses this for
    /// univariate and multivariate TPE alike).
    case neighbourDistance
    /// All kernels share σ = 0.2 · n^(-1/(D+4)) · (high - low + step), a Scott-like rule for n observations in D
    /// dimensions (the multivariate rule of Optuna 3 and 4, after Falkner et al. 2018).
    case scott
}

/// The bandwidth and prior rules of a ``ParzenEstimator``, following Optuna's TPE.
///
/// - `priorWeight` (1): the weight of one extra "prior" kernel — uniform over categories, and for numerical
///   coordinates a Gaussian at the middle of the range with σ equal to the range width.
/// - `bandwidthRule` (``ParzenBandwidthRule/neighbourDistance``): how kernel widths are chosen.
/// - `considerMagicClip` (true): clip σ from below at (high - low + step)/min(100, n + 2) (and above at the width).
/// - `considerEndpoints` (false): in the neighbour rule, whether the range ends count as neighbours of the
///   outermost observations (when false, the outermost kernels use their inner gap only).
///
/// ```swift
/// let settings = ParzenEstimatorSettings(priorWeight: 1, bandwidthRule: .neighbourDistance)
/// ```
public struct ParzenEstimatorSettings: Sendable, Equatable {
    /// The weight of the prior kernel relative to an observation of weight 1.
    public var priorWeight: Double
    /// How kernel widths are chosen.
    public var bandwidthRule: ParzenBandwidthRule
    /// Clip bandwidths from below by the "magic clip".
    public var considerMagicClip: Bool
    /// Treat the range ends as neighbours in the neighbour rule.
    public var considerEndpoints: Bool

    /// Creates settings (defaults as in Optuna 5's TPE).
    ///
    /// ```swift
    /// let scott = ParzenEstimatorSettings(bandwidthRule: .scott)
    /// ```
    public init(
        priorWeight: Double = 1, bandwidthRule: ParzenBandwidthRule = .neighbourDistance,
        considerMagicClip: Bool = true, considerEndpoints: Bool = false
    ) {
        precondition(priorWeight > 0, "ParzenEstimatorSettings: the prior weight must be positive")
        self.priorWeight = priorWeight
        self.bandwidthRule = bandwidthRule
        self.considerMagicClip = considerMagicClip
        self.considerEndpoints = considerEndpoints
    }
}
