/// A table of strings rendered as Markdown, CSV or an HTML `<table>`; every plot-data struct provides one.
///
/// ```swift
/// let table = DataTable(headers: ["epoch", "loss"], rows: [["1", "0.5"]])
/// print(table.markdown())
/// print(table.csv())
/// ```
public struct DataTable: Sendable, Codable, Equatable {
    /// The column names.
    public var headers: [String]
    /// The cells, one array per row.
    public var rows: [[String]]

    /// Creates a table.
    ///
    /// ```swift
    /// let table = DataTable(headers: ["a"], rows: [["1"], ["2"]])
    /// ```
    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// A GitHub-flavoured Markdown table (`|` and newlines in cells are escaped).
    ///
    /// ```swift
    /// let text = table.markdown()   // "| epoch | loss |\n| --- | --- |\n| 1 | 0.5 |\n"
    /// ```
    public func markdown() -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "<", with: "&lt;")
        }
        var lines = ["| " + headers.map(cell).joined(separator: " | ") + " |"]
        lines.append("|" + String(repeating: " --- |", count: headers.count))
        for row in rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV: cells with commas, quotes or newlines are quoted, quotes doubled.
    ///
    /// ```swift
    /// try table.csv().write(toFile: "trials.csv", atomically: true, encoding: .utf8)
    /// ```
    public func csv() -> String {
        func cell(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return ([headers] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
