import Foundation

/// Short, deterministic number text for tick labels and tooltips.
package enum NumberFormat {
    /// Up to `digits` significant digits, no trailing zeros, exponent form outside 1e-3…1e6.
    package static func short(_ value: Double, digits: Int = 4) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 {
            let exponent = Int(floor(log10(magnitude)))
            let mantissa = value / pow(10, Double(exponent))
            let mantissaText = trim(String(format: "%.\(max(digits - 2, 0))f", mantissa))
            return mantissaText == "1"
                ? "1e\(exponent)" : mantissaText == "-1" ? "-1e\(exponent)" : "\(mantissaText)e\(exponent)"
        }
        return trim(String(format: "%.\(digits)g", value))
    }

    /// SVG coordinates: two decimals, no trailing zeros.
    package static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let text = trim(String(format: "%.2f", value))
        return text == "-0" ? "0" : text
    }

    private static func trim(_ text: String) -> String {
        guard text.contains("."), !text.contains("e") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }
}
