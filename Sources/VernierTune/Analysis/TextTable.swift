/// A table of strings rendered as Markdown or as aligned plain text; the analysis types render through it.
///
/// ```swift
/// let table = TextTable(headers: ["trial", "value"], rows: [["0", "0.91"], ["1", "0.88"]])
/// print(table.markdown())
/// print(table.plainText())
/// ```
public struct TextTable: Sendable, Hashable, Codable {
    /// Column titles.
    public var headers: [String]
    /// Cells, row by row (each row as long as `headers`).
    public var rows: [[String]]

    /// Creates a table.
    ///
    /// ```swift
    /// let table = TextTable(headers: ["a"], rows: [["1"]])
    /// ```
    public init(headers: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == headers.count }, "TextTable: every row needs \(headers.count) cells")
        self.headers = headers
        self.rows = rows
    }

    /// GitHub-flavoured Markdown (`|` in cells escaped).
    ///
    /// ```swift
    /// table.markdown()   // "| a |\n|---|\n| 1 |\n"
    /// ```
    public func markdown() -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return line(headers) + "|" + headers.map { _ in "---|" }.joined() + "\n" + rows.map(line).joined()
    }

    /// Columns padded to their widest cell, separated by two spaces, with a dashed rule under the headers.
    ///
    /// ```swift
    /// print(table.plainText())
    /// ```
    public func plainText() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                cell + String(repeating: " ", count: widths[index] - cell.count)
            }
            var text = padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        return line(headers) + line(widths.map { String(repeating: "-", count: $0) }) + rows.map(line).joined()
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
