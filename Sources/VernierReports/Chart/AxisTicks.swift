import Foundation

/// "Nice" tick positions for an axis: steps of 1, 2 or 5 times a power of ten on a linear axis, decades (and 2
/// and 5 within a decade when the range spans less than two decades) on a log axis.
///
/// ```swift
/// let ticks = AxisTicks.linear(low: 0.13, high: 0.97)         // 0.2, 0.4, 0.6, 0.8 (domain 0...1)
/// let decades = AxisTicks.logarithmic(low: 3e-4, high: 0.5)   // 1e-4, 1e-3, 1e-2, 1e-1, 1
/// ```
public struct AxisTicks: Sendable, Codable, Equatable {
    /// The drawn range (the data range widened to tick boundaries).
    public var low: Double
    /// The drawn range's top.
    public var high: Double
    /// Where the ticks are, ascending, inside `low...high`.
    public var values: [Double]

    /// Creates ticks.
    ///
    /// ```swift
    /// let ticks = AxisTicks(low: 0, high: 1, values: [0, 0.5, 1])
    /// ```
    public init(low: Double, high: Double, values: [Double]) {
        self.low = low
        self.high = high
        self.values = values
    }

    /// A nice step for about `count` intervals over `span`: 1, 2 or 5 × 10ⁿ.
    ///
    /// ```swift
    /// AxisTicks.niceStep(span: 0.84, count: 5)   // 0.2
    /// ```
    public static func niceStep(span: Double, count: Int) -> Double {
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let residual = raw / magnitude
        let factor: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return factor * magnitude
    }

    /// Linear ticks; the domain is widened to whole steps. A zero-width range is widened around its value.
    ///
    /// ```swift
    /// let ticks = AxisTicks.linear(low: 0, high: 10)   // 0, 2, 4, 6, 8, 10
    /// ```
    public static func linear(low: Double, high: Double, count: Int = 5) -> AxisTicks {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : 1
        if high < low { swap(&low, &high) }
        if high - low <= abs(high) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = niceStep(span: high - low, count: count)
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        let values = stride(from: first, through: last + 0.5, by: 1).map { clean($0 * step, step: step) }
        return AxisTicks(low: clean(first * step, step: step), high: clean(last * step, step: step), values: values)
    }

    /// Log ticks at every decade of the widened range; when the data span less than 1.5 decades, 2 and 5 times
    /// each decade are added and the range is trimmed to one tick beyond the data on each side.
    /// Non-positive bounds fall back to a one-decade range.
    ///
    /// ```swift
    /// let ticks = AxisTicks.logarithmic(low: 0.002, high: 0.5)   // 0.001, 0.01, 0.1, 1
    /// ```
    public static func logarithmic(low: Double, high: Double) -> AxisTicks {
        var low = low
        var high = high
        if !(low > 0) || !low.isFinite { low = high > 0 && high.isFinite ? high / 10 : 0.1 }
        if !(high > 0) || !high.isFinite { high = low * 10 }
        if high < low { swap(&low, &high) }
        let first = log10(low).rounded(.down)
        var last = log10(high).rounded(.up)
        if last <= first { last = first + 1 }
        var values: [Double] = []
        let addMinor = log10(high) - log10(low) < 1.5
        for exponent in stride(from: first, through: last, by: 1) {
            let decade = pow(10, exponent)
            values.append(decade)
            if addMinor, exponent < last { values += [2 * decade, 5 * decade] }
        }
        if addMinor {
            // Narrow ranges: trim to the data, keeping one tick on each side.
            let lower = values.last { $0 <= low } ?? values[0]
            let upper = values.first { $0 >= high } ?? values[values.count - 1]
            values = values.filter { $0 >= lower && $0 <= upper }
            return AxisTicks(low: lower, high: upper, values: values)
        }
        return AxisTicks(low: pow(10, first), high: pow(10, last), values: values)
    }

    private static func clean(_ value: Double, step: Double) -> Double {
        let rounded = (value / step).rounded() * step
        let digits = max(0, -Int(floor(log10(step))) + 1)
        let scale = pow(10, Double(min(digits, 15)))
        let result = (rounded * scale).rounded() / scale
        return result == 0 ? 0 : result
    }
}
