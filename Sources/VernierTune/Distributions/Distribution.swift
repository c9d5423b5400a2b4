import VernierLimits

/// The distribution of one hyperparameter: float, integer or categorical.
///
/// Storage keeps every parameter as a `Double`, its **internal representation**: a float is itself, an integer
/// is `Double(value)`, a categorical value is the index of the choice. ``internalValue(of:)`` and
/// ``externalValue(ofInternal:)`` convert; samplers work on internal values only.
///
/// ```swift
/// let optimizer = Distribution.categorical(try CategoricalDistribution(choices: ["sgd", "adam"]))
/// let internal = try optimizer.internalValue(of: "adam")    // 1.0
/// optimizer.externalValue(ofInternal: internal)             // .string("adam")
/// ```
public enum Distribution: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A real-valued parameter.
    case float(FloatDistribution)
    /// An integer parameter.
    case int(IntDistribution)
    /// A choice from a list.
    case categorical(CategoricalDistribution)

    /// Converts an external value to its internal `Double`; throws
    /// ``SearchSpaceError/valueOutOfDistribution(name:value:distribution:)`` when the value is not in the
    /// distribution. `name` only labels the error.
    ///
    /// ```swift
    /// try Distribution.int(IntDistribution(low: 1, high: 8)).internalValue(of: 4)   // 4.0
    /// ```
    public func internalValue(of value: ParameterValue, name: String = "") throws -> Double {
        let outside = SearchSpaceError.valueOutOfDistribution(name: name, value: value, distribution: self)
        switch self {
        case .float(let distribution):
            guard let number = value.doubleValue, distribution.contains(number) else { throw outside }
            return number
        case .int(let distribution):
            guard let number = value.intValue, distribution.contains(number) else { throw outside }
            return Double(number)
        case .categorical(let distribution):
            guard let index = distribution.index(of: value) else { throw outside }
            return Double(index)
        }
    }

    /// Converts an internal `Double` back to the value the objective sees.
    ///
    /// ```swift
    /// Distribution.float(try FloatDistribution(low: 0, high: 1)).externalValue(ofInternal: 0.5)   // .double(0.5)
    /// ```
    public func externalValue(ofInternal value: Double) -> ParameterValue {
        switch self {
        case .float: return .double(value)
        case .int: return .int(Int(value.rounded()))
        case .categorical(let distribution):
            let index = Swift.min(Swift.max(Int(value.rounded()), 0), distribution.choices.count - 1)
            return distribution.choices[index]
        }
    }

    /// Whether an internal value belongs to the distribution.
    ///
    /// ```swift
    /// Distribution.int(try IntDistribution(low: 0, high: 4, step: 2)).containsInternal(3)   // false
    /// ```
    public func containsInternal(_ value: Double) -> Bool {
        switch self {
        case .float(let distribution): return distribution.contains(value)
        case .int(let distribution):
            return value.rounded() == value && abs(value) < 9.0e15 && distribution.contains(Int(value))
        case .categorical(let distribution):
            return value.rounded() == value && value >= 0 && value < Double(distribution.choices.count)
        }
    }

    /// Maps `u` in the unit interval to an internal value so that a uniform `u` follows the distribution's law
    /// (used by the random and Sobol samplers).
    ///
    /// ```swift
    /// let internal = distribution.internalValue(fromUnit: rng.nextUniform())
    /// ```
    public func internalValue(fromUnit u: Double) -> Double {
        switch self {
        case .float(let distribution): return distribution.value(fromUnit: u)
        case .int(let distribution): return Double(distribution.value(fromUnit: u))
        case .categorical(let distribution):
            let count = distribution.choices.count
            return Double(Swift.min(Int(Swift.max(u, 0) * Double(count)), count - 1))
        }
    }

    /// Every value of a finite distribution in order (stepped floats, integers, choices), or `nil` for a
    /// continuous float, or when there are more than ``InputLimits/maximumGridPoints`` values (never built).
    /// Used to build grids.
    ///
    /// ```swift
    /// Distribution.int(try IntDistribution(low: 1, high: 3)).finiteValues   // [1, 2, 3]
    /// ```
    public var finiteValues: [ParameterValue]? {
        guard let count = finiteValueCount, count <= InputLimits.maximumGridPoints else { return nil }
        switch self {
        case .float(let distribution):
            guard let count = distribution.pointCount, let step = distribution.step else { return nil }
            return (0..<count).map { .double(Swift.min(distribution.low + Double($0) * step, distribution.high)) }
        case .int(let distribution):
            return stride(from: distribution.low, through: distribution.high, by: distribution.step).map { .int($0) }
        case .categorical(let distribution):
            return distribution.choices
        }
    }

    /// How many values ``finiteValues`` holds, computed without building them (`nil` for a continuous float).
    ///
    /// ```swift
    /// Distribution.int(try IntDistribution(low: 1, high: 1_000_000_000_000)).finiteValueCount   // 1000000000000
    /// ```
    public var finiteValueCount: Int? {
        switch self {
        case .float(let distribution): return distribution.pointCount
        case .int(let distribution): return distribution.pointCount
        case .categorical(let distribution): return distribution.choices.count
        }
    }

    /// Whether only one value is possible (such a parameter is not really searched).
    ///
    /// ```swift
    /// Distribution.int(try IntDistribution(low: 2, high: 2)).isSingleValue   // true
    /// ```
    public var isSingleValue: Bool {
        switch self {
        case .float(let distribution): return distribution.low == distribution.high
        case .int(let distribution): return distribution.low == distribution.high
        case .categorical(let distribution): return distribution.choices.count == 1
        }
    }

    /// Whether the distribution is on a log scale (float or integer).
    ///
    /// ```swift
    /// Distribution.float(try FloatDistribution(low: 1e-4, high: 1, log: true)).isLog   // true
    /// ```
    public var isLog: Bool {
        switch self {
        case .float(let distribution): return distribution.log
        case .int(let distribution): return distribution.log
        case .categorical: return false
        }
    }

    /// The same text as the wrapped distribution.
    public var description: String {
        switch self {
        case .float(let distribution): return distribution.description
        case .int(let distribution): return distribution.description
        case .categorical(let distribution): return distribution.description
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, low, high, log, step, choices
        case choiceTypes = "choice_types"
    }

    /// The JSON type name of a choice, written beside the choices when JSON alone would lose it (a `.double`
    /// with an integral value, such as `0.0`, reads back as an integer).
    private static func typeName(of choice: ParameterValue) -> String {
        switch choice {
        case .double: return "float"
        case .int: return "int"
        case .string: return "string"
        case .bool: return "bool"
        }
    }

    /// `choice` read back as the type `name` says (JSON keeps every other type).
    private static func choice(_ choice: ParameterValue, as name: String) -> ParameterValue {
        if name == "float", case .int(let value) = choice { return .double(Double(value)) }
        return choice
    }

    /// Decodes `{"type": "float" | "int" | "categorical", ...}` and validates the result.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "float":
            self = .float(
                try FloatDistribution(
                    low: try container.decode(Double.self, forKey: .low),
                    high: try container.decode(Double.self, forKey: .high),
                    log: try container.decodeIfPresent(Bool.self, forKey: .log) ?? false,
                    step: try container.decodeIfPresent(Double.self, forKey: .step)))
        case "int":
            self = .int(
                try IntDistribution(
                    low: try container.decode(Int.self, forKey: .low),
                    high: try container.decode(Int.self, forKey: .high),
                    log: try container.decodeIfPresent(Bool.self, forKey: .log) ?? false,
                    step: try container.decodeIfPresent(Int.self, forKey: .step) ?? 1))
        case "categorical":
            var choices = try container.decode([ParameterValue].self, forKey: .choices)
            if let types = try container.decodeIfPresent([String].self, forKey: .choiceTypes),
                types.count == choices.count
            {
                choices = zip(choices, types).map { Self.choice($0, as: $1) }
            }
            self = .categorical(try CategoricalDistribution(choices: choices))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown distribution type '\(type)' (expected float, int or categorical)")
        }
    }

    /// Encodes as `{"type": ..., "low": ..., "high": ..., "log": ..., "step": ...}` or `{"type": "categorical",
    /// "choices": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .float(let distribution):
            try container.encode("float", forKey: .type)
            try container.encode(distribution.low, forKey: .low)
            try container.encode(distribution.high, forKey: .high)
            try container.encode(distribution.log, forKey: .log)
            try container.encodeIfPresent(distribution.step, forKey: .step)
        case .int(let distribution):
            try container.encode("int", forKey: .type)
            try container.encode(distribution.low, forKey: .low)
            try container.encode(distribution.high, forKey: .high)
            try container.encode(distribution.log, forKey: .log)
            try container.encode(distribution.step, forKey: .step)
        case .categorical(let distribution):
            try container.encode("categorical", forKey: .type)
            try container.encode(distribution.choices, forKey: .choices)
            let ambiguous = distribution.choices.contains { choice in
                if case .double(let value) = choice { return value.rounded() == value }
                return false
            }
            if ambiguous {
                try container.encode(distribution.choices.map(Self.typeName(of:)), forKey: .choiceTypes)
            }
        }
    }
}
