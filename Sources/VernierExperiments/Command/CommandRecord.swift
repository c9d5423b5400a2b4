import Foundation
import VernierTune

/// One line a command objective's program writes on standard output to talk to Vernier: a JSON object with the
/// key `"vernier"`. Every other line is the program's own output and goes to the trial's log.
///
/// ```
/// {"vernier": "report", "step": 3, "value": 0.91}              an intermediate value (pruners see it)
/// {"vernier": "result", "value": 0.93}                          the final value
/// {"vernier": "result", "values": [0.93, 48210], "metrics": {"val_accuracy": 0.97, "epochs": 12}}
/// ```
///
/// `NaN`/`Infinity` (what Python's `json.dumps` writes for them) read as not-a-number: such a report is skipped and
/// such a result fails the trial. A result's `values` hold one number per objective of the study (then per
/// metric a study file's constraints name, unless `metrics` holds them); a report's hold exactly one.
///
/// ```swift
/// try CommandRecord.parse(#"{"vernier": "report", "step": 3, "value": 0.91}"#)   // .report(step: 3, value: 0.91)
/// try CommandRecord.parse("epoch 3 loss 0.2")                                     // nil: a log line
/// ```
public enum CommandRecord: Sendable, Equatable {
    /// An intermediate value at `step` (an epoch, usually).
    case report(step: Int, value: Double)
    /// The final values (one or more), with extra metrics stored as the trial's user attributes.
    case result(values: [Double], metrics: [String: AttributeValue])

    /// The record on `line`, `nil` when the line is not a Vernier record; throws ``CommandRecordError`` for a line
    /// that is meant as one (a JSON object with a `"vernier"` key, or text starting with `{"vernier"`) but is
    /// malformed.
    public static func parse(_ line: String) throws -> CommandRecord? {
        // Most lines are the program's own output: decide on the first visible byte before anything costlier.
        guard line.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) == UInt8(ascii: "{")
        else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{"), trimmed.contains("\"vernier\"") else { return nil }
        let object: [String: JSONValue]
        do {
            object = try decode(trimmed)
        } catch {
            let patched = trimmed.replacingOccurrences(of: "-Infinity", with: "null")
                .replacingOccurrences(of: "Infinity", with: "null").replacingOccurrences(of: "NaN", with: "null")
            guard let repaired = try? decode(patched) else {
                throw CommandRecordError(line: trimmed, message: "not valid JSON")
            }
            object = repaired
        }
        guard let kind = object["vernier"] else { return nil }
        func number(_ value: JSONValue?, _ field: String) throws -> Double {
            switch value {
            case .number(let number): return number
            case .null: return .nan
            case nil: throw CommandRecordError(line: trimmed, message: "'\(field)' is missing")
            default: throw CommandRecordError(line: trimmed, message: "'\(field)' must be a number")
            }
        }
        func value() throws -> Double {
            if case .array(let values) = object["values"] {
                guard values.count == 1 else {
                    throw CommandRecordError(
                        line: trimmed,
                        message: "'values' of a report holds \(values.count) numbers; give exactly one (the value "
                            + "pruners compare)")
                }
                return try number(values[0], "values[0]")
            }
            return try number(object["value"], "value")
        }
        switch kind {
        case .string("report"):
            let step = try number(object["step"], "step")
            guard step.isFinite, step >= 0, step.rounded() == step, step < 1e15 else {
                throw CommandRecordError(line: trimmed, message: "'step' must be a whole number ≥ 0")
            }
            return .report(step: Int(step), value: try value())
        case .string("result"):
            var metrics: [String: AttributeValue] = [:]
            if let given = object["metrics"] {
                guard case .object(let entries) = given else {
                    throw CommandRecordError(line: trimmed, message: "'metrics' must be an object {\"name\": value}")
                }
                for (name, entry) in entries { metrics[name] = entry.attributeValue }
            }
            if case .array(let values) = object["values"] {
                guard !values.isEmpty else {
                    throw CommandRecordError(line: trimmed, message: "'values' must hold at least one number")
                }
                return .result(
                    values: try values.enumerated().map { try number($1, "values[\($0)]") }, metrics: metrics)
            }
            return .result(values: [try number(object["value"], "value")], metrics: metrics)
        default:
            throw CommandRecordError(
                line: trimmed, message: "\"vernier\" must be \"report\" or \"result\"")
        }
    }

    private static func decode(_ text: String) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
    }
}

/// A line meant as a Vernier record that cannot be read; the trial fails with it.
///
/// ```swift
/// catch let error as CommandRecordError { print(error) }   // "malformed record …: 'value' is missing"
/// ```
public struct CommandRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line (cut to 200 characters).
    public var line: String
    /// What is wrong with it.
    public var message: String

    /// Creates the error; `line` is cut to 200 characters.
    public init(line: String, message: String) {
        self.line = line.count > 200 ? String(line.prefix(200)) + "…" : line
        self.message = message
    }

    /// `malformed record <line>: <message>`.
    public var description: String { "malformed record \(line): \(message)" }
}

/// Any JSON value (numbers as `Double`).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value as a trial attribute (whole numbers as integers).
    var attributeValue: AttributeValue {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? .int(Int(number)) : .double(number)
        case .string(let text): return .string(text)
        case .array(let values): return .array(values.map(\.attributeValue))
        case .object(let entries): return .object(entries.mapValues(\.attributeValue))
        }
    }
}
