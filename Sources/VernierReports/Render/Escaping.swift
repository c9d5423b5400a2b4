/// Escapes text for XML and HTML, in element content and in quoted attribute values alike: `&`, `<`, `>`, `"`
/// and `'` become entities, and control characters other than tab and newline are dropped.
///
/// Every string that comes from data (study and parameter names, categorical values, attributes) goes through
/// this function before it reaches SVG or HTML.
///
/// ```swift
/// escapeXML("<script>alert(1)</script>")   // "&lt;script&gt;alert(1)&lt;/script&gt;"
/// ```
public func escapeXML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        case "\t", "\n": result.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
