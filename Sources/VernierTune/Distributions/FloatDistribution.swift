import Foundation
import VernierLimits

/// A real-valued hyperparameter: uniform on `low...high`, optionally on a log scale or on a grid of `step`.
///
/// The internal representation of a float parameter is the value itself.
///
/// ```swift
/// let rate = try FloatDistribution(low: 1e-4, high: 1, log: true)
/// let dropout = try FloatDistribution(low: 0, high: 0.5, step: 0.1)   // 0, 0.1, …, 0.5
/// ```
public struct FloatDistribution: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The smallest value.
    public var low: Double
    /// The largest value (for a stepped range, the last grid point not above the requested high).
    public var high: Double
    /// Whether values are spread uniformly on a log scale.
    public var log: Bool
    /// The grid spacing, or `nil` for a continuous range.
    public var step: Double?

    /// Creates and validates a float distribution.
    ///
    /// Throws ``SearchSpaceError`` when `low > high`, when `log` is set with `low ≤ 0`, or when `step` is not
    /// positive or is combined with `log`, when `high - low` is not finite, or when the step makes more than 2^53
    /// points (``InputLimits/maximumFloatStepCount``). `name` only labels the error.
    /// ```swift
    /// let momentum = try FloatDistribution(low: 0.5, high: 0.99)
    /// ```
    public init(low: Double, high: Double, log: Bool = false, step: Double? = nil, name: String = "") throws {
        guard low.isFinite, high.isFinite, low <= high else {
            throw SearchSpaceError.lowAboveHigh(name: name, low: low, high: high)
        }
        if log && low <= 0 { throw SearchSpaceError.nonPositiveLogRange(name: name, low: low) }
        guard (high - low).isFinite else {
            throw SearchSpaceError.rangeTooLarge(
                name: name,
                reason: "the range \(ParameterValue.format(low))…\(ParameterValue.format(high)) is wider than the "
                    + "largest finite Double")
        }
        var adjustedHigh = high
        if let step {
            guard step > 0, step.isFinite else {
                throw SearchSpaceError.invalidStep(name: name, step: step, reason: "the step must be positive")
            }
            guard !log else {
                throw SearchSpaceError.invalidStep(name: name, step: step, reason: "a step cannot be combined with log")
            }
            let count = ((high - low) / step + 1e-9).rounded(.down)
            guard count < InputLimits.maximumFloatStepCount else {
                throw SearchSpaceError.rangeTooLarge(
                    name: name,
                    reason: "step \(ParameterValue.format(step)) makes more than 2^53 points in "
                        + "\(ParameterValue.format(low))…\(ParameterValue.format(high))")
            }
            adjustedHigh = low + count * step
        }
        self.low = low
        self.high = adjustedHigh
        self.log = log
        self.step = step
    }

    /// Decodes and validates (a stored distribution is checked like a new one).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            low: try container.decode(Double.self, forKey: .low),
            high: try container.decode(Double.self, forKey: .high),
            log: try container.decode(Bool.self, forKey: .log),
            step: try container.decodeIfPresent(Double.self, forKey: .step))
    }

    /// The number of grid points when `step` is set, otherwise `nil`.
    ///
    /// ```swift
    /// try FloatDistribution(low: 0, high: 1, step: 0.25).pointCount   // 5
    /// ```
    public var pointCount: Int? {
        guard let step else { return nil }
        return Int(((high - low) / step + 1e-9).rounded(.down)) + 1
    }

    /// Whether `value` lies in the range (and on the grid when `step` is set, up to rounding).
    ///
    /// ```swift
    /// try FloatDistribution(low: 0, high: 1).contains(0.5)   // true
    /// ```
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        let tolerance = 1e-9 * Swift.max(1, abs(low), abs(high))
        guard value >= low - tolerance, value <= high + tolerance else { return false }
        guard let step else { return true }
        // Within a millionth of a step, or a few ulps of the range's magnitude (a step far below the bounds'
        // resolution cannot be resolved more finely than that).
        let gridPoint = low + ((value - low) / step).rounded() * step
        return abs(value - gridPoint) <= Swift.max(1e-6 * step, 8 * Swift.max(abs(low), abs(high)).ulp)
    }

    /// Maps a point `u` of the unit interval to a value of the distribution (uniform `u` gives the
    /// distribution's own law): linear, logarithmic, or snapped to the grid.
    ///
    /// ```swift
    /// try FloatDistribution(low: 1, high: 100, log: true).value(fromUnit: 0.5)   // 10
    /// ```
    public func value(fromUnit u: Double) -> Double {
        let u = Swift.min(Swift.max(u, 0), 1)
        if let pointCount {
            let index = Swift.min(Int(u * Double(pointCount)), pointCount - 1)
            return Swift.min(low + Double(index) * step!, high)
        }
        if log {
            let value = Foundation.exp(Foundation.log(low) + u * (Foundation.log(high) - Foundation.log(low)))
            return Swift.min(Swift.max(value, low), high)
        }
        return Swift.min(low + u * (high - low), high)
    }

    /// `float[low, high]` with `log` or `step` when set.
    public var description: String {
        var text = "float[\(ParameterValue.format(low)), \(ParameterValue.format(high))]"
        if log { text += " log" }
        if let step { text += " step \(ParameterValue.format(step))" }
        return text
    }
}
