/// Compact JSON text of attribute values for CSV cells: sorted keys, numbers in Swift's shortest form that reads
/// back to the same bits (`0.1`, `1e-05`), and non-finite numbers as `NaN`, `Infinity`, `-Infinity` (what
/// Python's `json` module reads).
enum JSONText {
    static func text(_ value: AttributeValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return number(value)
        case .string(let value): return string(value)
        case .array(let values): return "[" + values.map(text).joined(separator: ",") + "]"
        case .object(let values):
            return "{"
                + values.sorted { $0.key < $1.key }.map { string($0.key) + ":" + text($0.value) }
                .joined(separator: ",") + "}"
        }
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    static func string(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
