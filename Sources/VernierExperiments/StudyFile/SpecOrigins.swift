/// Where the fields of a partial recipe (``StudySpec/Overrides``) came from: a study file's lines, or a
/// command-line option, by dotted field path (`metric`, `parameters.lr`, `set.epochs`, `command[0]`, `pruner`).
///
/// ```swift
/// var origins = SpecOrigins(file: "study.yaml")
/// origins.lines["metric"] = 4
/// origins.options["set"] = "--set"
/// ```
public struct SpecOrigins: Sendable, Equatable {
    /// The study file the fields with a line came from.
    public var file: String?
    /// The line of each field given in ``file``.
    public var lines: [String: Int] = [:]
    /// The option each field given on the command line came from (`set` → `--set`).
    public var options: [String: String] = [:]
    /// What names the source when a field has no recorded origin (e.g. the objective given as `vernier tune`'s
    /// argument): `spirals:` before the message.
    public var fallback: String?

    /// Origins of a study file's fields (or of none).
    public init(file: String? = nil) {
        self.file = file
    }

    /// These origins with `other`'s over them: a field given by the later source names that source.
    public func merging(_ other: SpecOrigins) -> SpecOrigins {
        var result = self
        result.file = other.file ?? file
        result.lines = lines.merging(other.lines) { $1 }
        for field in other.options.keys { result.lines[field] = nil }
        for field in other.lines.keys { result.options[field] = nil }
        result.options = result.options.merging(other.options) { $1 }
        result.fallback = other.fallback ?? fallback
        return result
    }

    /// `error` with the place it is about: the option that gave its field (``RecipeOptionError``), else the study
    /// file and line (``StudyFileError``), else the error as it is, prefixed by ``fallback``.
    public func locate(_ error: RecipeError) -> any Error {
        let field = error.field
        var candidates = error.relatedFields
        if field == "set" {
            // Settings as a whole (an objective that takes none): the first one given.
            let given =
                options.keys.filter { $0.hasPrefix("set.") }.sorted()
                + lines.filter { $0.key.hasPrefix("set.") }.sorted { $0.value < $1.value }.map(\.key)
            candidates = given + ["set"]
        }
        if let option = candidates.lazy.compactMap({ self.options[$0] }).first {
            return RecipeOptionError(option: option, message: error.description)
        }
        if let file {
            let line = candidates.lazy.compactMap { self.lines[$0] }.first
            return StudyFileError(file: file, line: line, field: field, message: error.description)
        }
        // Without an origin, a setting's message names its key.
        let message = field.hasPrefix("set.") ? "\(field): \(error.description)" : error.description
        return RecipeOptionError(option: fallback ?? "", message: message)
    }
}

/// A recipe error caused by a command-line option (or argument): `--set: 'epochs' is fixed … and also searched`.
///
/// ```swift
/// catch let error as RecipeOptionError { print(error) }   // --pruner: pruner hyperband: max_epochs …
/// ```
public struct RecipeOptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The option (`--set`) or argument (`spirals`); empty when unknown.
    public var option: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(option: String, message: String) {
        self.option = option
        self.message = message
    }

    /// `option: message`.
    public var description: String { option.isEmpty ? message : "\(option): \(message)" }
}
