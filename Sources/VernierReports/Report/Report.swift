import Foundation

/// A titled list of sections, rendered as one standalone HTML file (inline SVG, inline CSS, a small inline
/// script for hover values, no network), Markdown or JSON.
///
/// ```swift
/// var report = Report(title: "My study")
/// report.sections.append(ReportSection(title: "History", plot: history))
/// try report.html().write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct Report: Sendable, Codable, Equatable {
    /// The page title.
    public var title: String
    /// Lines under the title ("direction: minimize", "42 trials", …).
    public var summary: [String]
    /// The sections in order.
    public var sections: [ReportSection]

    /// Creates a report.
    ///
    /// ```swift
    /// let report = Report(title: "Spirals", summary: ["30 epochs"], sections: [])
    /// ```
    public init(title: String, summary: [String] = [], sections: [ReportSection] = []) {
        self.title = title
        self.summary = summary
        self.sections = sections
    }

    /// The standalone HTML page.
    ///
    /// ```swift
    /// let page = report.html()   // "<!DOCTYPE html>…"
    /// ```
    public func html() -> String { HTMLRenderer().render(self) }

    /// Markdown: headings, text and tables (figures are left out); `&`, `<` and `>` from data are escaped.
    ///
    /// ```swift
    /// try report.markdown().write(toFile: "report.md", atomically: true, encoding: .utf8)
    /// ```
    public func markdown() -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: " ")
        }
        var lines = ["# " + escaped(title), ""]
        for line in summary { lines.append("- " + escaped(line)) }
        for section in sections {
            lines += ["", "## " + escaped(section.title), ""]
            if let text = section.text { lines += [escaped(text), ""] }
            if let caption = section.chart?.caption { lines += ["_\(escaped(caption))_", ""] }
            if let table = section.table { lines.append(table.markdown()) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pretty-printed JSON of the whole report (charts and tables); NaN and infinities are written as strings.
    ///
    /// ```swift
    /// let data = try report.json()
    /// ```
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }
}
