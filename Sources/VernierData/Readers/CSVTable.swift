import Foundation
import VernierLimits

/// A parsed CSV file: a header and rows of cells (RFC 4180 quoting: fields in double quotes may hold commas,
/// line breaks and doubled quotes). Blank lines are skipped; every row must have as many cells as the header.
///
/// ```swift
/// let table = try CSVTable(text: "a,b\n1,2\n", source: "inline.csv")
/// table.header        // ["a", "b"]
/// table.rows[0].cells // ["1", "2"]
/// table.rows[0].line  // 2
/// ```
public struct CSVTable: Sendable {
    /// One data row and the line it started on (1-based, the header is line 1).
    public struct Row: Sendable {
        /// The cells, one per header column.
        public var cells: [String]
        /// The 1-based line number where the row starts.
        public var line: Int
    }

    /// The column names (trimmed of surrounding spaces).
    public let header: [String]
    /// The data rows.
    public let rows: [Row]
    /// The file name used in error messages.
    public let source: String

    /// Reads and parses a file.
    ///
    /// ```swift
    /// let table = try CSVTable(contentsOf: "data/houses.csv")
    /// ```
    public init(contentsOf path: String) throws(DataError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DataError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(text: text, source: path)
    }

    /// Parses CSV text; `source` names it in error messages.
    ///
    /// ```swift
    /// let table = try CSVTable(text: csvString, source: "upload.csv")
    /// ```
    public init(text: String, source: String) throws(DataError) {
        self.source = source
        var records: [Row] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var rowStart = 1
        var afterQuote = false
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        var recordStart = 0
        func endRow() {
            cells.append(cell)
            cell = ""
            if !(cells.count == 1 && cells[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(Row(cells: cells, line: rowStart))
            }
            cells = []
        }
        while index < characters.count {
            let character = characters[index]
            index += 1
            if index - recordStart > InputLimits.maximumCSVRecordCharacters {
                throw DataError.csv(
                    path: source, line: rowStart, column: nil,
                    reason: "the record is longer than \(InputLimits.maximumCSVRecordCharacters) characters "
                        + "(the longest CSV line Vernier reads)")
            }
            if quoted {
                if character == "\"" {
                    if index < characters.count && characters[index] == "\"" {
                        cell.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if character == "\n" { line += 1 }
                    cell.unicodeScalars.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                guard cell.trimmingCharacters(in: .whitespaces).isEmpty, !afterQuote else {
                    throw DataError.csv(
                        path: source, line: line, column: nil, reason: "stray double quote inside a field")
                }
                cell = ""
                quoted = true
            case ",":
                cells.append(cell)
                cell = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                endRow()
                afterQuote = false
                line += 1
                rowStart = line
                recordStart = index
            default:
                if afterQuote && character != " " {
                    throw DataError.csv(
                        path: source, line: line, column: nil, reason: "text after a closing double quote")
                }
                cell.unicodeScalars.append(character)
            }
        }
        if quoted {
            throw DataError.csv(path: source, line: rowStart, column: nil, reason: "unterminated quoted field")
        }
        if !cell.isEmpty || !cells.isEmpty { endRow() }
        guard let first = records.first else {
            throw DataError.csv(
                path: source, line: 1, column: nil, reason: "the file is empty (a header row is required)")
        }
        header = first.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        if let duplicate = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw DataError.csv(path: source, line: 1, column: duplicate, reason: "duplicate column name")
        }
        for row in records.dropFirst() where row.cells.count != header.count {
            throw DataError.csv(
                path: source, line: row.line, column: nil,
                reason: "expected \(header.count) fields (as in the header), found \(row.cells.count)")
        }
        rows = Array(records.dropFirst())
    }

    /// The index of the column named `name`, or an error listing the columns.
    public func columnIndex(_ name: String) throws(DataError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw DataError.csv(
                path: source, line: 1, column: name,
                reason: "no such column; columns are: \(header.joined(separator: ", "))")
        }
        return index
    }
}
