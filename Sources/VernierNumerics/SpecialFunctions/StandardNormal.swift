import Foundation

/// The standard normal distribution N(0, 1): density, distribution function and quantile, accurate in the far
/// tails (relative accuracy near machine precision for `logCDF` down to x = -10^150 and beyond).
///
/// `cdf` and `logCDF` use the complementary error function down to x = -37 and the scaled complementary error
/// function ``scaledComplementaryErrorFunction(_:)`` (erfcx) in the lower tail beyond, where `erfc` underflows.
/// The quantile refines an Abramowitz–Stegun starting point (26.2.23) by Newton steps on the log scale, so it
/// also works for log-probabilities far below the smallest `Double`.
///
/// ```swift
/// StandardNormal.cdf(1.96)            // 0.9750021048517795
/// StandardNormal.logCDF(-40)          // -804.6084420137538
/// StandardNormal.quantile(0.975)      // 1.959963984540054
/// ```
public enum StandardNormal {
    /// log(2π) / 2.
    static let logSquareRootTwoPi = 0.918_938_533_204_672_7

    /// The density exp(-x²/2) / √(2π).
    ///
    /// ```swift
    /// StandardNormal.pdf(0)   // 0.3989422804014327
    /// ```
    @inlinable
    public static func pdf(_ x: Double) -> Double {
        Foundation.exp(-0.5 * x * x) * 0.398_942_280_401_432_7
    }

    /// The log density -x²/2 - log(2π)/2.
    ///
    /// ```swift
    /// StandardNormal.logPDF(3)   // -5.418938533204673
    /// ```
    @inlinable
    public static func logPDF(_ x: Double) -> Double {
        -0.5 * x * x - 0.918_938_533_204_672_7
    }

    /// The distribution function Φ(x) = P(Z ≤ x).
    ///
    /// ```swift
    /// StandardNormal.cdf(-1)   // 0.15865525393145707
    /// ```
    public static func cdf(_ x: Double) -> Double {
        0.5 * Foundation.erfc(-x * 0.707_106_781_186_547_5)
    }

    /// log Φ(x), finite for every finite x (about -x²/2 - log(-x) - log(2π)/2 when x → -∞).
    ///
    /// ```swift
    /// StandardNormal.logCDF(-1e5)   // ≈ -5.0000000011e9
    /// ```
    public static func logCDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 0 {
            // 1 - Φ(x) = Φ(-x); log1p keeps full relative accuracy of the small tail.
            return Foundation.log1p(-0.5 * Foundation.erfc(x * 0.707_106_781_186_547_5))
        }
        if x > -37 {
            // erfc keeps full relative accuracy in its tail and stays a normal number down to here
            // (Φ(-37) ≈ 6e-300), so the slower erfcx branch is needed only beyond.
            return Foundation.log(0.5 * Foundation.erfc(-x * 0.707_106_781_186_547_5))
        }
        if x == -.infinity { return -.infinity }
        // Φ(x) = erfcx(-x/√2) exp(-x²/2) / 2.
        let u = -x * 0.707_106_781_186_547_5
        return Foundation.log(0.5 * scaledComplementaryErrorFunction(u)) - 0.5 * x * x
    }

    /// log(1 - Φ(x)) = log Φ(-x).
    ///
    /// ```swift
    /// StandardNormal.logSurvival(40)   // -804.6084420137538
    /// ```
    public static func logSurvival(_ x: Double) -> Double {
        logCDF(-x)
    }

    /// log(Φ(upper) - Φ(lower)) for `lower ≤ upper`, accurate when both bounds lie in the same far tail.
    ///
    /// ```swift
    /// StandardNormal.logProbability(from: 30, to: 31)   // ≈ -454.3
    /// ```
    public static func logProbability(from lower: Double, to upper: Double) -> Double {
        precondition(!(lower > upper), "logProbability(from:to:) needs lower ≤ upper")
        if lower == upper { return -.infinity }
        if lower > 0 {
            // Upper tail: use the mirrored interval, where the CDF values are small and accurate.
            return logProbability(from: -upper, to: -lower)
        }
        let logUpper = logCDF(upper)
        let logLower = logCDF(lower)
        return logUpper + log1mexp(logLower - logUpper)
    }

    /// The quantile Φ⁻¹(p) for p in [0, 1] (-∞ at 0, +∞ at 1).
    ///
    /// ```swift
    /// StandardNormal.quantile(0.5)   // 0.0
    /// ```
    public static func quantile(_ probability: Double) -> Double {
        precondition(
            probability >= 0 && probability <= 1, "StandardNormal.quantile needs a probability in [0, 1]")
        if probability > 0.5 {
            return -quantile(logProbability: Foundation.log1p(-probability))
        }
        return quantile(logProbability: Foundation.log(probability))
    }

    /// The quantile at probability exp(`logProbability`), usable far below the smallest positive `Double`.
    ///
    /// ```swift
    /// StandardNormal.quantile(logProbability: -1000)   // ≈ -44.4
    /// ```
    public static func quantile(logProbability: Double) -> Double {
        precondition(logProbability <= 0 || logProbability.isNaN, "quantile(logProbability:) needs a value ≤ 0")
        if logProbability.isNaN { return .nan }
        if logProbability == -.infinity { return -.infinity }
        if logProbability == 0 { return .infinity }
        if logProbability > -0.693_147_180_559_945_3 {
            // p > 1/2: mirror so that Newton works where the CDF is small.
            return -quantile(logProbability: log1mexp(logProbability))
        }
        // Abramowitz and Stegun 26.2.23 (absolute error < 4.5e-4) as the starting point.
        let t = (-2 * logProbability).squareRoot()
        let numerator = 2.515_517 + t * (0.802_853 + t * 0.010_328)
        let denominator = 1 + t * (1.432_788 + t * (0.189_269 + t * 0.001_308))
        var x = -(t - numerator / denominator)
        // Newton on g(x) = log Φ(x) - log p, whose derivative φ(x)/Φ(x) is positive and decreasing.
        for _ in 0..<50 {
            let logCDFValue = logCDF(x)
            let derivative = Foundation.exp(logPDF(x) - logCDFValue)
            let step = (logCDFValue - logProbability) / derivative
            x -= step
            if abs(step) <= 1e-15 * max(1, abs(x)) { break }
        }
        return x
    }
}
