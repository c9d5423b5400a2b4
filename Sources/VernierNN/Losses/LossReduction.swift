import VernierTensor

/// How a loss turns per-element losses into its result.
///
/// ```swift
/// let perSample = meanSquaredError(predicted: y, expected: t, reduction: .none)
/// ```
public enum LossReduction: String, Sendable, Hashable, CaseIterable {
    /// The mean of the per-element losses (the default, as in PyTorch).
    case mean
    /// The sum of the per-element losses.
    case sum
    /// The per-element losses themselves, unreduced.
    case none

    /// Applies the reduction.
    ///
    /// ```swift
    /// let loss = LossReduction.mean.apply(square(predicted - expected))
    /// ```
    public func apply(_ losses: Tensor) -> Tensor {
        switch self {
        case .mean: losses.mean()
        case .sum: losses.sum()
        case .none: losses
        }
    }
}
