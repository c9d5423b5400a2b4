import Foundation

extension StandardNormal {
    /// A standard normal draw restricted to `lower...upper`, by inversion of the distribution function on the log
    /// scale, so it is exact (no rejection) and works for intervals far in either tail.
    ///
    /// ```swift
    /// var rng = SystemRandomNumberGenerator()
    /// let z = StandardNormal.sampleTruncated(from: 8, to: 9, using: &rng)   // in [8, 9]
    /// ```
    public static func sampleTruncated(
        from lower: Double, to upper: Double, using generator: inout some RandomNumberGenerator
    ) -> Double {
        precondition(lower <= upper, "sampleTruncated(from:to:) needs lower ≤ upper")
        let u = generator.unitUniform()
        return truncatedQuantile(u, from: lower, to: upper)
    }

    /// The quantile of the standard normal restricted to `lower...upper` at probability `u` in [0, 1).
    static func truncatedQuantile(_ u: Double, from lower: Double, to upper: Double) -> Double {
        if lower == upper { return lower }
        if lower > 0 {
            // Upper tail: mirror, so that the CDF values involved are small and accurate.
            return -truncatedQuantile(1 - u, from: -upper, to: -lower)
        }
        return truncatedQuantile(
            u, from: lower, to: upper, logLower: logCDF(lower), logMass: logProbability(from: lower, to: upper))
    }

    /// ``truncatedQuantile(_:from:to:)`` for `lower < upper`, `lower ≤ 0` with `logLower` = log Φ(lower) and
    /// `logMass` = log(Φ(upper) − Φ(lower)) already known (a Parzen estimator reuses them for every draw from the
    /// same kernel).
    static func truncatedQuantile(
        _ u: Double, from lower: Double, to upper: Double, logLower: Double, logMass: Double
    ) -> Double {
        let target = logAddExp(logLower, Foundation.log(max(u, 1e-300)) + logMass)
        let z = quantile(logProbability: min(target, 0))
        return min(max(z, lower), upper)
    }
}
