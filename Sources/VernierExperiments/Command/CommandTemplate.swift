import VernierTune

/// A program's argument list with `{name}` placeholders, parsed and checked once: `["python3", "train.py", "--lr",
/// "{lr}"]` runs `python3` with the trial's learning rate in place of `{lr}`. `{{` and `}}` stand for literal braces;
/// any other `{` must open a placeholder, so a typo is an error when the study is read, not a wrong trial.
///
/// With ``shell`` the template is one string run by `/bin/sh -c`, and every substituted value is quoted for the
/// shell (a categorical choice cannot inject a command); without it no shell is involved.
///
/// ```swift
/// let template = try CommandTemplate(arguments: ["python3", "train.py", "--lr", "{lr}"], shell: false)
/// template.placeholders                      // ["lr"]
/// template.argv(values: ["lr": "0.01"])      // ["python3", "train.py", "--lr", "0.01"]
/// ```
public struct CommandTemplate: Codable, Sendable, Equatable {
    /// The placeholders every command may use besides its parameters: the trial's number, the evaluation's seed
    /// (it differs per repeat) and the path of the JSON file holding the parameters.
    public static let builtInPlaceholders = ["trial_number", "seed", "params_file"]

    /// The arguments as written (one string when ``shell`` is set).
    public let arguments: [String]
    /// Whether ``arguments`` is a single shell command line for `/bin/sh -c`.
    public let shell: Bool

    /// A piece of one argument: literal text or a placeholder's name.
    enum Piece: Equatable {
        case text(String)
        case placeholder(String)
    }

    /// Each argument split into pieces (filled in by the initializers).
    private let pieces: [[Piece]]

    private enum CodingKeys: String, CodingKey {
        case arguments, shell
    }

    /// Parses `arguments`; throws ``CommandTemplateError`` for an empty list, an empty program, several arguments
    /// with `shell`, or a brace that opens no placeholder.
    public init(arguments: [String], shell: Bool) throws {
        guard let program = arguments.first else { throw CommandTemplateError.empty }
        guard !program.isEmpty else { throw CommandTemplateError.emptyProgram }
        if shell, arguments.count != 1 {
            throw CommandTemplateError.shellNeedsOneString(count: arguments.count)
        }
        self.arguments = arguments
        self.shell = shell
        pieces = try arguments.enumerated().map { index, argument in try Self.parse(argument, index: index) }
    }

    /// Reads a stored template and parses it again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            arguments: try container.decode([String].self, forKey: .arguments),
            shell: try container.decode(Bool.self, forKey: .shell))
    }

    /// Stores the arguments and the shell flag.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arguments, forKey: .arguments)
        try container.encode(shell, forKey: .shell)
    }

    /// Compares the arguments and the shell flag.
    public static func == (lhs: CommandTemplate, rhs: CommandTemplate) -> Bool {
        lhs.arguments == rhs.arguments && lhs.shell == rhs.shell
    }

    /// Every placeholder name used, sorted, each once.
    public var placeholders: [String] {
        var names = Set<String>()
        for argument in pieces {
            for case .placeholder(let name) in argument { names.insert(name) }
        }
        return names.sorted()
    }

    /// For each placeholder that is neither in `known` nor built in, the index of the first argument using it
    /// (sorted by name); empty when the template can be filled.
    ///
    /// ```swift
    /// template.unknownPlaceholders(known: ["lr"])   // [(name: "layers", argument: 5)]
    /// ```
    public func unknownPlaceholders(known: Set<String>) -> [(name: String, argument: Int)] {
        var result: [String: Int] = [:]
        for (index, argument) in pieces.enumerated() {
            for case .placeholder(let name) in argument
            where !known.contains(name) && !Self.builtInPlaceholders.contains(name) && result[name] == nil {
                result[name] = index
            }
        }
        return result.sorted { $0.key < $1.key }.map { (name: $0.key, argument: $0.value) }
    }

    /// The argument vector with every placeholder replaced by its value (`""` for a missing one; the template is
    /// validated before it is filled); with ``shell``, `["/bin/sh", "-c", line]` with each value shell-quoted.
    public func argv(values: [String: String]) -> [String] {
        let filled = pieces.map { argument in
            argument.map { piece -> String in
                switch piece {
                case .text(let text): return text
                case .placeholder(let name):
                    let value = values[name] ?? ""
                    return shell ? Self.shellQuoted(value) : value
                }
            }.joined()
        }
        return shell ? ["/bin/sh", "-c", filled[0]] : filled
    }

    /// The text of a parameter value as a program reads it: integers without a fraction, floats in their
    /// shortest exact form (`0.001`, `1e-05`), booleans as `true`/`false`.
    public static func text(of value: ParameterValue) -> String {
        switch value {
        case .double(let number): return "\(number)"
        case .int(let number): return String(number)
        case .string(let text): return text
        case .bool(let flag): return String(flag)
        }
    }

    /// `value` in single quotes for `/bin/sh` (a quote inside becomes `'\''`).
    static func shellQuoted(_ value: String) -> String {
        "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func parse(_ argument: String, index: Int) throws -> [Piece] {
        var result: [Piece] = []
        var text = ""
        var characters = argument[...]
        while let character = characters.popFirst() {
            if character == "}" {
                guard characters.first == "}" else {
                    throw CommandTemplateError.syntax(
                        argument: index, text: argument, message: "a lone '}' (write '}}' for a literal brace)")
                }
                characters.removeFirst()
                text.append("}")
                continue
            }
            guard character == "{" else {
                text.append(character)
                continue
            }
            if characters.first == "{" {
                characters.removeFirst()
                text.append("{")
                continue
            }
            guard let close = characters.firstIndex(of: "}") else {
                throw CommandTemplateError.syntax(
                    argument: index, text: argument,
                    message: "'{' opens no placeholder (write '{{' for a literal brace)")
            }
            let name = String(characters[..<close])
            guard Self.isName(name) else {
                throw CommandTemplateError.syntax(
                    argument: index, text: argument,
                    message: "'{\(name)}' is not a placeholder: a name is letters, digits, _, - and . "
                        + "(write '{{' for a literal brace)")
            }
            if !text.isEmpty { result.append(.text(text)) }
            text = ""
            result.append(.placeholder(name))
            characters = characters[characters.index(after: close)...]
        }
        if !text.isEmpty || result.isEmpty { result.append(.text(text)) }
        return result
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else {
            return false
        }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "-" || $0 == "." || $0.properties.isAlphabetic
                || ("0"..."9").contains($0)
        }
    }
}

/// Why an argument template cannot be used.
///
/// ```swift
/// catch let error as CommandTemplateError { print(error) }   // "argument 3 ('{lr'): '{' opens no placeholder …"
/// ```
public enum CommandTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No arguments at all.
    case empty
    /// The program (first argument) is empty.
    case emptyProgram
    /// `shell: true` with a list of several arguments instead of one command line.
    case shellNeedsOneString(count: Int)
    /// A brace that opens or closes no placeholder in argument `argument` (0-based).
    case syntax(argument: Int, text: String, message: String)

    /// What is wrong, naming the argument.
    public var description: String {
        switch self {
        case .empty: return "the command is empty; give the program and its arguments, e.g. [python3, train.py]"
        case .emptyProgram: return "the program (first element) is empty"
        case .shellNeedsOneString(let count):
            return "with shell: true the command is one string (a shell command line), not a list of \(count)"
        case .syntax(let argument, let text, let message):
            return "argument \(argument) ('\(text)'): \(message)"
        }
    }
}
