/// Why a distribution, a search space or a suggested value is invalid.
///
/// ```swift
/// do {
///     _ = try FloatDistribution(low: 0, high: 1, log: true)
/// } catch SearchSpaceError.nonPositiveLogRange(let name, let low) {
///     print("\(name): log scale needs low > 0, got \(low)")
/// }
/// ```
public enum SearchSpaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `low` is greater than `high`.
    case lowAboveHigh(name: String, low: Double, high: Double)
    /// A log-scale range whose lower bound is not positive (float) or below 1 (integer).
    case nonPositiveLogRange(name: String, low: Double)
    /// A step that is not positive, or a step combined with a log scale.
    case invalidStep(name: String, step: Double, reason: String)
    /// A categorical parameter without choices.
    case emptyChoices(name: String)
    /// A categorical parameter whose choices repeat a value.
    case duplicateChoice(name: String, choice: ParameterValue)
    /// The same parameter name used with two different distributions in one study.
    case incompatibleDistribution(name: String, existing: Distribution, new: Distribution)
    /// A value (enqueued, from a grid, or told) that the parameter's distribution does not contain.
    case valueOutOfDistribution(name: String, value: ParameterValue, distribution: Distribution)
    /// The same parameter name appears twice in a declarative search space.
    case duplicateParameter(name: String)
    /// A range beyond what Vernier can represent exactly (``InputLimits``): an integer bound past ±2^53, a float
    /// range whose width is not finite, or a float step that makes more than 2^53 points.
    case rangeTooLarge(name: String, reason: String)
    /// A grid search with more points than ``InputLimits/maximumGridPoints``; `name` is the parameter whose axis
    /// crossed the limit.
    case gridTooLarge(name: String, points: String, limit: Int)

    /// A one-line explanation that names the parameter.
    public var description: String {
        switch self {
        case .lowAboveHigh(let name, let low, let high):
            return "parameter '\(name)': low (\(ParameterValue.format(low))) is greater than high "
                + "(\(ParameterValue.format(high)))"
        case .nonPositiveLogRange(let name, let low):
            return "parameter '\(name)': a log-scale range needs a positive low bound (integers: ≥ 1), got "
                + ParameterValue.format(low)
        case .invalidStep(let name, let step, let reason):
            return "parameter '\(name)': invalid step \(ParameterValue.format(step)): \(reason)"
        case .emptyChoices(let name):
            return "parameter '\(name)': a categorical parameter needs at least one choice"
        case .duplicateChoice(let name, let choice):
            return "parameter '\(name)': the choice \(choice) appears more than once"
        case .incompatibleDistribution(let name, let existing, let new):
            return "parameter '\(name)' was suggested as \(new) but this study already uses it as \(existing)"
        case .valueOutOfDistribution(let name, let value, let distribution):
            return "parameter '\(name)': value \(value) is not in \(distribution)"
        case .duplicateParameter(let name):
            return "parameter '\(name)' is declared twice"
        case .rangeTooLarge(let name, let reason):
            return "parameter '\(name)': \(reason)"
        case .gridTooLarge(let name, let points, let limit):
            return "parameter '\(name)': the grid would have \(points) points, more than the limit of \(limit); "
                + "give fewer values or a coarser step"
        }
    }
}
