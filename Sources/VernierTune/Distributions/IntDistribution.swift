import Foundation
import VernierLimits

/// An integer hyperparameter on `low...high`, optionally on a log scale or every `step`.
///
/// The internal representation of an integer parameter is `Double(value)`.
///
/// ```swift
/// let width = try IntDistribution(low: 8, high: 128, log: true)
/// let batch = try IntDistribution(low: 16, high: 256, step: 16)
/// ```
public struct IntDistribution: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The smallest value.
    public var low: Int
    /// The largest value (for a stepped range, the last point not above the requested high).
    public var high: Int
    /// Whether values are spread uniformly on a log scale.
    public var log: Bool
    /// The spacing between values (1 for every integer).
    public var step: Int

    /// Creates and validates an integer distribution.
    ///
    /// Throws ``SearchSpaceError`` when `low > high`, when `log` is set with `low < 1`, when `step` is not
    /// positive or is not 1 together with `log`, or when a bound or the step is beyond ±2^53
    /// (``InputLimits/maximumIntParameterMagnitude``: parameters are held as `Double`, exact only up to there).
    /// `name` only labels the error.
    /// ```swift
    /// let layers = try IntDistribution(low: 1, high: 4)
    /// ```
    public init(low: Int, high: Int, log: Bool = false, step: Int = 1, name: String = "") throws {
        let limit = InputLimits.maximumIntParameterMagnitude
        for (label, bound) in [("low", low), ("high", high), ("step", step)] where bound.magnitude > limit.magnitude {
            throw SearchSpaceError.rangeTooLarge(
                name: name,
                reason: "\(label) \(bound) is beyond ±\(limit) (2^53, the largest integer range Vernier represents "
                    + "exactly)")
        }
        guard low <= high else {
            throw SearchSpaceError.lowAboveHigh(name: name, low: Double(low), high: Double(high))
        }
        if log && low < 1 { throw SearchSpaceError.nonPositiveLogRange(name: name, low: Double(low)) }
        guard step > 0 else {
            throw SearchSpaceError.invalidStep(name: name, step: Double(step), reason: "the step must be positive")
        }
        if log && step != 1 {
            throw SearchSpaceError.invalidStep(
                name: name, step: Double(step), reason: "a step cannot be combined with log")
        }
        self.low = low
        self.high = low + (high - low) / step * step
        self.log = log
        self.step = step
    }

    /// Decodes and validates (a stored distribution is checked like a new one).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            low: try container.decode(Int.self, forKey: .low), high: try container.decode(Int.self, forKey: .high),
            log: try container.decode(Bool.self, forKey: .log), step: try container.decode(Int.self, forKey: .step))
    }

    /// The number of values in the distribution.
    ///
    /// ```swift
    /// try IntDistribution(low: 16, high: 256, step: 16).pointCount   // 16
    /// ```
    public var pointCount: Int { (high - low) / step + 1 }

    /// Whether the integer `value` is in the distribution.
    ///
    /// ```swift
    /// try IntDistribution(low: 0, high: 10, step: 2).contains(4)   // true
    /// ```
    public func contains(_ value: Int) -> Bool {
        value >= low && value <= high && (value - low) % step == 0
    }

    /// Maps `u` in the unit interval to a value: uniform over the points, or log-uniform on
    /// `[low − 0.5, high + 0.5]` rounded to the nearest integer (so every integer keeps its share).
    ///
    /// ```swift
    /// try IntDistribution(low: 1, high: 3).value(fromUnit: 0.99)   // 3
    /// ```
    public func value(fromUnit u: Double) -> Int {
        let u = Swift.min(Swift.max(u, 0), 1)
        if log {
            let lower = Foundation.log(Double(low) - 0.5)
            let upper = Foundation.log(Double(high) + 0.5)
            let value = Int(Foundation.exp(lower + u * (upper - lower)).rounded())
            return Swift.min(Swift.max(value, low), high)
        }
        let index = Swift.min(Int(u * Double(pointCount)), pointCount - 1)
        return low + index * step
    }

    /// `int[low, high]` with `log` or `step` when set.
    public var description: String {
        var text = "int[\(low), \(high)]"
        if log { text += " log" }
        if step != 1 { text += " step \(step)" }
        return text
    }
}
