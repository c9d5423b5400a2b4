import Foundation

/// The external value of one hyperparameter, as the objective sees it and as study files write it.
///
/// Floats are `.double`, integers `.int`, categorical choices any of the four cases. Inside storage every
/// parameter is kept as a `Double` (its *internal* representation, see ``Distribution``).
///
/// ```swift
/// let choice: ParameterValue = "adam"
/// let rate: ParameterValue = .double(0.01)
/// print(choice, rate)   // adam 0.01
/// ```
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A floating-point value.
    case double(Double)
    /// An integer value.
    case int(Int)
    /// A string (categorical choices such as optimizer names).
    case string(String)
    /// A Boolean.
    case bool(Bool)

    /// The value as a `Double` when it is numeric (`.int` and `.double`), otherwise `nil`.
    ///
    /// ```swift
    /// ParameterValue.int(3).doubleValue   // 3.0
    /// ```
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        case .string, .bool: return nil
        }
    }

    /// The value as an `Int` when it is an `.int`, or a `.double` with an integral value; otherwise `nil`.
    ///
    /// ```swift
    /// ParameterValue.double(8).intValue   // 8
    /// ```
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.rounded() == value, abs(value) < 9.0e15 else { return nil }
            return Int(value)
        case .string, .bool: return nil
        }
    }

    /// A short human-readable form: `0.01`, `64`, `adam`, `true`.
    public var description: String {
        switch self {
        case .double(let value): return ParameterValue.format(value)
        case .int(let value): return String(value)
        case .string(let value): return value
        case .bool(let value): return String(value)
        }
    }

    /// Formats a double compactly: integers without a fraction, others with up to 6 significant digits.
    ///
    /// ```swift
    /// ParameterValue.format(0.000123456789)   // "0.000123457"
    /// ```
    public static func format(_ value: Double) -> String { format(value, significantDigits: 6) }

    /// Formats a double with at most `significantDigits` significant digits (integers without a fraction).
    ///
    /// ```swift
    /// ParameterValue.format(0.959_0012, significantDigits: 3)   // "0.959"
    /// ```
    public static func format(_ value: Double, significantDigits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.\(max(1, significantDigits))g", value)
    }

    /// Creates a value from a JSON-like scalar: `Bool`, then `Int`, then `Double`, then `String`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes the value as a plain JSON scalar.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .double(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }
}

extension ParameterValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    /// Creates a `.string` value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates an `.int` value from a literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// Creates a `.double` value from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// Creates a `.bool` value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
