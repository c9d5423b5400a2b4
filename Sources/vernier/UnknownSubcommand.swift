import ArgumentParser

/// Finds a word where a subcommand is expected that names none, and says which one was probably meant.
enum UnknownSubcommand {
    /// The error message for the first unknown subcommand in `arguments` (walking down from `root`), or nil.
    ///
    /// ```swift
    /// UnknownSubcommand.message(for: ["trian", "spirals"], root: Vernier.self)
    /// // "unknown command 'trian'; did you mean 'train'? (vernier --help lists them)"
    /// ```
    static func message(for arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path = [root._commandName]
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !argument.hasPrefix("-"), !subcommands.isEmpty, command.configuration.defaultSubcommand == nil
            else { return nil }
            let names = subcommands.map { [$0._commandName] + $0.configuration.aliases }
            if let index = names.firstIndex(where: { $0.contains(argument) }) {
                command = subcommands[index]
                path.append(argument)
                continue
            }
            if argument == "help" { return nil }
            let all = names.flatMap { $0 }
            let closest = all.min { distance(argument, $0) < distance(argument, $1) }
            let hint =
                closest.map { distance(argument, $0) <= max(2, argument.count / 2) ? "; did you mean '\($0)'?" : "" }
                ?? ""
            let prefix = path.joined(separator: " ")
            return "unknown command '\(argument)' for '\(prefix)'\(hint) (\(prefix) --help lists them)"
        }
        return nil
    }

    /// The Levenshtein distance (adjacent transpositions count one) between two words.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
