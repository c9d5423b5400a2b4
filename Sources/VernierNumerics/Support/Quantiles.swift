/// Order statistics of a sample: the median and percentiles with linear interpolation between order statistics
/// (NumPy's default `percentile`, Optuna's `PercentilePruner`). One implementation for the pruners and the
/// benchmarks' summaries.
///
/// ```swift
/// Quantiles.median([3, 1, 2, 10])            // 2.5
/// Quantiles.percentile([1, 2, 3, 4, 5], 25)  // 2.0
/// ```
public enum Quantiles {
    /// The middle value of `values`, the mean of the middle two for an even count; NaN for an empty sample.
    ///
    /// ```swift
    /// Quantiles.median([0.9, 0.7, 0.8])   // 0.8
    /// ```
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `q`-th percentile (`q` in 0…100) of `values`, interpolating linearly between the two order statistics
    /// around position `q/100 · (n − 1)`; NaN for an empty sample.
    ///
    /// ```swift
    /// Quantiles.percentile([10, 20, 30], 75)   // 25.0
    /// ```
    public static func percentile(_ values: [Double], _ q: Double) -> Double {
        percentiles(values, [q])[0]
    }

    /// Several percentiles of one sample, sorting it once.
    ///
    /// ```swift
    /// Quantiles.percentiles([4, 1, 3, 2], [25, 50, 75])   // [1.75, 2.5, 3.25]
    /// ```
    public static func percentiles(_ values: [Double], _ qs: [Double]) -> [Double] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return qs.map { _ in .nan } }
        return qs.map { q in
            let position = q / 100 * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
    }
}
