import VernierTune

extension TuneConfiguration {
    /// Checks what can be checked before a study is created or a trial runs: every search parameter is one the
    /// objective has, and no fixed setting is also a search parameter (the parameter would silently win).
    ///
    /// ```swift
    /// try configuration.validate()   // e.g. unknownParameter("learning_rat", objective: "spirals")
    /// ```
    public func validate() throws {
        try validateCommand()
        if let names = objective.metricNames, !names.contains(metric) {
            throw TuneConfigurationError.unknownMetric(metric, objective: objective.name, known: names.sorted())
        }
        for parameter in space.parameters {
            guard let keyOf = objective.parameterKey else {
                guard objective.searchSpace[parameter.name] != nil else {
                    throw TuneConfigurationError.unknownParameter(
                        parameter.name, objective: objective.name,
                        known: objective.searchSpace.parameters.map(\.name))
                }
                continue
            }
            guard let key = keyOf(parameter.name) else {
                throw TuneConfigurationError.unknownParameter(
                    parameter.name, objective: objective.name,
                    known: objective.searchSpace.parameters.map(\.name))
            }
            if settings[key] != nil {
                throw TuneConfigurationError.settingIsSearchParameter(key: key, parameter: parameter.name)
            }
        }
    }

    /// A validation error of a study file's configuration, with the field and line it is about.
    static func studyFileError(_ error: TuneConfigurationError, in file: StudyFile) -> StudyFileError {
        let field: String
        var line: Int?
        switch error {
        case .unknownParameter(let name, _, _):
            field = "parameters.\(name)"
        case .settingIsSearchParameter(let key, let parameter):
            field = "set.\(key)"
            line = file.settingLines[key] ?? file.lines["parameters.\(parameter)"]
        case .unknownMetric:
            field = "metric"
        case .unknownPlaceholder(_, let argument, _):
            field = "command[\(argument)]"
        case .unknownObjective, .noSettings, .invalidSettings:
            field = ""
        }
        return StudyFileError(
            file: file.path ?? "<study file>", line: line ?? file.lines[field], field: field, message: "\(error)")
    }
}

/// Errors in putting a tuning run together.
///
/// ```swift
/// do { _ = try TuneConfiguration(objectiveName: "nope") }
/// catch let error as TuneConfigurationError { print(error) }
/// ```
public enum TuneConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No objective has this name.
    case unknownObjective(String, known: [String])
    /// Settings were given to an objective that takes none (a test function).
    case noSettings(String)
    /// A setting's key or value is not valid for the objective.
    case invalidSettings(String)
    /// A search parameter the objective does not have.
    case unknownParameter(String, objective: String, known: [String])
    /// A fixed setting that is also a search parameter.
    case settingIsSearchParameter(key: String, parameter: String)
    /// A metric the objective does not report.
    case unknownMetric(String, objective: String, known: [String])
    /// A `{placeholder}` of a command (in argument `argument`, 0-based) that is neither a parameter nor built in.
    case unknownPlaceholder(String, argument: Int, known: [String])

    /// A one-line explanation listing the known objectives.
    public var description: String {
        switch self {
        case .unknownObjective(let name, let known):
            return "unknown objective or study file '\(name)'; known objectives: \(known.joined(separator: ", "))"
        case .noSettings(let name):
            return "the objective '\(name)' takes no settings (set:/--set are for experiments such as spirals)"
        case .invalidSettings(let message):
            return message
        case .unknownParameter(let name, let objective, let known):
            return "'\(name)' is not a parameter of \(objective)"
                + (known.isEmpty ? "" : "; its default search space has \(known.joined(separator: ", "))")
        case .unknownMetric(let name, let objective, let known):
            return "\(objective) reports no metric '\(name)'; it reports \(known.joined(separator: ", "))"
        case .settingIsSearchParameter(let key, let parameter):
            return "'\(key)' is fixed (set) and also searched (parameter '\(parameter)'); "
                + "remove one of them"
        case .unknownPlaceholder(let name, _, let known):
            return "unknown placeholder {\(name)}; the parameters are \(known.joined(separator: ", "))"
                + " and the built-in placeholders \(CommandTemplate.builtInPlaceholders.joined(separator: ", "))"
                + " (write {{ and }} for literal braces)"
        }
    }
}
