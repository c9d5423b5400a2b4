/// A JSON-like value stored as a user or system attribute of a trial or a study.
///
/// ```swift
/// try trial.setUserAttribute(.repeatValues, .array([.double(0.91), .double(0.93)]))
/// let note: AttributeValue = "baseline"
/// ```
public indirect enum AttributeValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// JSON `null`.
    case null
    /// A Boolean.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A floating-point number.
    case double(Double)
    /// A string.
    case string(String)
    /// An ordered list.
    case array([AttributeValue])
    /// A dictionary with string keys.
    case object([String: AttributeValue])

    /// The value as a `Double` when numeric.
    ///
    /// ```swift
    /// AttributeValue.int(2).doubleValue   // 2.0
    /// ```
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The value as an `Int` when it is an integer.
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        if case .double(let value) = self, value.rounded() == value, abs(value) < 9e15 { return Int(value) }
        return nil
    }

    /// The value as a `String` when it is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements when the value is an array.
    public var arrayValue: [AttributeValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The dictionary when the value is an object.
    public var objectValue: [String: AttributeValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Converts a parameter value (numbers, strings and Booleans keep their kind).
    ///
    /// ```swift
    /// AttributeValue(ParameterValue.string("adam"))   // .string("adam")
    /// ```
    public init(_ value: ParameterValue) {
        switch value {
        case .double(let value): self = .double(value)
        case .int(let value): self = .int(value)
        case .string(let value): self = .string(value)
        case .bool(let value): self = .bool(value)
        }
    }

    /// The parameter value this attribute holds, if it is a scalar.
    public var parameterValue: ParameterValue? {
        switch self {
        case .double(let value): return .double(value)
        case .int(let value): return .int(value)
        case .string(let value): return .string(value)
        case .bool(let value): return .bool(value)
        default: return nil
        }
    }

    /// Compact JSON-like text.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return ParameterValue.format(value)
        case .string(let value): return value
        case .array(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let values):
            return "{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                + "}"
        }
    }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([AttributeValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: AttributeValue].self))
        }
    }

    /// Encodes as the matching JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    /// Creates a `.string` from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates an `.int` from a literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// Creates a `.double` from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// Creates a `.bool` from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// Whose attribute it is: the user's (free-form notes) or the system's (samplers, pruners, the engine).
///
/// ```swift
/// let notes = try storage.studyAttributes(studyID: id, kind: .user)
/// ```
public enum AttributeKind: String, Sendable, Hashable, Codable {
    /// Set by user code with `setUserAttribute`.
    case user
    /// Set by the engine, samplers and pruners (e.g. enqueued parameters, grid markers, the test value).
    case system
}
