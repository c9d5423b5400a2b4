import Foundation
import VernierNumerics

/// How model-based samplers see one parameter: a numerical coordinate on a (possibly log-) transformed interval,
/// optionally discrete, or a categorical index.
///
/// Numerical internal values x map to t = x or log x; discrete parameters (integers, stepped floats) get their
/// interval extended by half a step on each side (log integers: [log(low - ½), log(high + ½)]) so that every
/// grid value owns an equal share of the interval, as `Distribution.internalValue(fromUnit:)` does.
struct EncodedParameter: Sendable {
    let name: String
    let distribution: Distribution
    /// Transformed interval (numerical).
    let lower: Double
    let upper: Double
    /// Grid step in transformed space for linear discrete parameters, `nil` otherwise.
    let step: Double?
    /// Whether the parameter is on a log scale.
    let log: Bool
    /// Number of choices (categorical), 0 otherwise.
    let categoryCount: Int

    init(name: String, distribution: Distribution) {
        self.name = name
        self.distribution = distribution
        switch distribution {
        case .float(let float):
            if float.log {
                lower = Foundation.log(float.low)
                upper = Foundation.log(float.high)
                step = nil
            } else if let gridStep = float.step {
                lower = float.low - gridStep / 2
                upper = float.high + gridStep / 2
                step = gridStep
            } else {
                lower = float.low
                upper = float.high
                step = nil
            }
            log = float.log
            categoryCount = 0
        case .int(let integer):
            if integer.log {
                lower = Foundation.log(Double(integer.low) - 0.5)
                upper = Foundation.log(Double(integer.high) + 0.5)
                step = nil
            } else {
                lower = Double(integer.low) - Double(integer.step) / 2
                upper = Double(integer.high) + Double(integer.step) / 2
                step = Double(integer.step)
            }
            log = integer.log
            categoryCount = 0
        case .categorical(let categorical):
            lower = 0
            upper = 0
            step = nil
            log = false
            categoryCount = categorical.choices.count
        }
    }

    var isCategorical: Bool { categoryCount > 0 }

    /// The transformed coordinate of an internal value (categorical: the index).
    func transformed(_ internalValue: Double) -> Double {
        if isCategorical { return internalValue }
        return log ? Foundation.log(internalValue) : internalValue
    }

    /// The valid internal value nearest to transformed coordinate `t` (categorical: `t` is an index).
    func internalValue(fromTransformed t: Double) -> Double {
        switch distribution {
        case .float(let float):
            if float.log {
                return min(max(Foundation.exp(t), float.low), float.high)
            }
            if let gridStep = float.step {
                let count = Double(float.pointCount ?? 1)
                let index = min(max(((t - float.low) / gridStep).rounded(), 0), count - 1)
                return min(float.low + index * gridStep, float.high)
            }
            return min(max(t, float.low), float.high)
        case .int(let integer):
            let value = integer.log ? Foundation.exp(t) : t
            let index = ((value - Double(integer.low)) / Double(integer.step)).rounded()
            let clamped = min(max(index, 0), Double(integer.pointCount - 1))
            return Double(integer.low) + clamped * Double(integer.step)
        case .categorical:
            return min(max(t.rounded(), 0), Double(categoryCount - 1))
        }
    }

    /// Unit-cube coordinate of an internal value (categorical: the index itself).
    func unit(ofInternal internalValue: Double) -> Double {
        if isCategorical { return internalValue }
        return (transformed(internalValue) - lower) / (upper - lower)
    }

    /// Internal value for a unit coordinate `u` (categorical: `u` in [0, 1) picks an index).
    func internalValue(fromUnit u: Double) -> Double {
        if isCategorical {
            return Double(min(Int(max(u, 0) * Double(categoryCount)), categoryCount - 1))
        }
        return internalValue(fromTransformed: lower + min(max(u, 0), 1) * (upper - lower))
    }

    /// The Parzen-estimator domain of the parameter.
    var parzenDimension: ParzenDimension {
        if isCategorical { return .categorical(count: categoryCount) }
        if let step {
            return .numerical(low: lower + step / 2, high: upper - step / 2, step: step)
        }
        return .numerical(low: lower, high: upper, step: nil)
    }
}

/// Loss (lower is better) of a finished trial for a study direction: the value, negated when maximizing.
func loss(of value: Double, direction: StudyDirection) -> Double {
    direction == .minimize ? value : -value
}

/// A seeded generator for one sampler decision: depends only on the sampler seed, the trial number and a label.
func decisionGenerator(seed: UInt64, trialNumber: Int, label: String) -> VernierRandomGenerator {
    VernierRandomGenerator(seed: seed, trialNumber: trialNumber, label: label)
}
