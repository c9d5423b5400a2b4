import Foundation
import VernierTune

extension TuneConfiguration {
    /// A configuration that runs a program on every trial (random sampler): `space` is the search space (a
    /// command has no default one), `metric` the name of the value the program reports.
    ///
    /// ```swift
    /// let configuration = TuneConfiguration(command: command, space: space, metric: "val_loss", direction: .minimize)
    /// ```
    public init(command: CommandObjective, space: SearchSpace, metric: String, direction: StudyDirection) {
        self.command = command
        objective = command.objective(space: space, metric: metric, direction: direction)
        sampler = .random
        studyName = "\(objective.name)-random"
        self.direction = direction
        self.metric = metric
        repeats = 1
        seed = 0
        noise = 0
        self.space = space
        values = [:]
        baseline = [:]
    }

    /// Sets where a command study's trial logs go (`nil`: `runs/tune/<study>/trials`); other studies ignore it.
    ///
    /// ```swift
    /// configuration.setCommandLogDirectory("/home/me/runs/lr/trials")
    /// ```
    public mutating func setCommandLogDirectory(_ path: String?) {
        guard var command else { return }
        command.logDirectory = path
        self.command = command
        objective = command.objective(space: space, metric: metric, direction: direction)
    }

    /// `settings` with a relative `file` (CSV) or `data` (IDX directory) made absolute against the study file's
    /// folder, so the file means the same from any working directory and on a worker's machine.
    static func resolvingDataPaths(_ settings: [String: String], in file: StudyFile) -> [String: String] {
        guard let path = file.path else { return settings }
        var result = settings
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for key in ["file", "data"] {
            guard let value = settings[key], !value.isEmpty, !value.hasPrefix("/"), !value.hasPrefix("~") else {
                continue
            }
            result[key] = folder.appendingPathComponent(value).standardizedFileURL.path
        }
        return result
    }

    /// The start of a configuration from a command study file (``init(file:)`` fills in the rest): the template
    /// parsed, its program found, relative paths against the file's folder; errors name the file, line and field.
    init(commandFile file: StudyFile, arguments: [String]) throws {
        let path = file.path ?? "<study file>"
        func failure(_ field: String, _ message: String) -> StudyFileError {
            StudyFileError(file: path, line: file.lines[field] ?? file.lines["command"], field: field, message: message)
        }
        let template: CommandTemplate
        do {
            template = try CommandTemplate(arguments: arguments, shell: file.shell ?? false)
        } catch let error as CommandTemplateError {
            if case .syntax(let index, _, _) = error { throw failure("command[\(index)]", error.description) }
            throw failure("command", error.description)
        }
        guard !file.space.parameters.isEmpty else {
            throw failure("parameters", "a command study declares its parameters (a program has no default space)")
        }
        let folder = URL(fileURLWithPath: path == "<string>" ? "." : path).deletingLastPathComponent()
        let directory = URL(
            fileURLWithPath: folder.path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).standardizedFileURL.path
        if !template.shell,
            CommandProcess.resolve(
                program: arguments[0], directory: directory, path: ProcessInfo.processInfo.environment["PATH"]) == nil
        {
            throw failure("command[0]", CommandError.programNotFound(arguments[0], directory: directory).description)
        }
        let command = CommandObjective(
            template: template, directory: directory, trialTimeout: file.trialTimeout, stopGrace: file.stopGrace ?? 10)
        self.init(
            command: command, space: file.space, metric: file.metric ?? "value", direction: file.direction ?? .minimize)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        studyName = "\(stem)-\(file.sampler?.rawValue ?? "random")"
    }

    /// The placeholders of a command that name no parameter (nor a built-in one), as a validation error.
    func validateCommand() throws {
        guard let command else { return }
        if let (name, index) = command.template.unknownPlaceholders(known: Set(space.parameters.map(\.name))).first {
            throw TuneConfigurationError.unknownPlaceholder(
                name, argument: index, known: space.parameters.map(\.name))
        }
    }
}
