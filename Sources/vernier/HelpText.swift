/// Help text laid out for an 80-column terminal: key lists with every name whole and descriptions wrapped under
/// their own column.
enum HelpText {
    /// The width help lines are wrapped to: ArgumentParser wraps discussion lines again at 79 columns, which would
    /// break the indentation of a longer line.
    static let width = 78

    /// `text` split at spaces into lines of at most `width` characters (a longer word gets a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// One entry per key: the name padded to the longest name, then the description wrapped so that continuation
    /// lines start under the description.
    ///
    /// ```swift
    /// HelpText.keyList([("epochs", "Passes over the data; default 30")], indent: 2)
    /// ```
    static func keyList(_ entries: [(name: String, description: String)], indent: Int) -> [String] {
        let nameWidth = entries.map(\.name.count).max() ?? 0
        let column = indent + nameWidth + 2
        var lines: [String] = []
        for entry in entries {
            let wrapped = wrap(entry.description, width: max(width - column, 24))
            let name = entry.name + String(repeating: " ", count: nameWidth - entry.name.count)
            lines.append(String(repeating: " ", count: indent) + name + "  " + (wrapped.first ?? ""))
            for line in wrapped.dropFirst() { lines.append(String(repeating: " ", count: column) + line) }
        }
        return lines
    }

    /// "; default X" unless `help` already states its default.
    static func defaultClause(help: String, defaultValue: String) -> String {
        guard !help.lowercased().contains("default") else { return "" }
        return "; default " + (defaultValue.isEmpty ? "(none)" : defaultValue)
    }
}
