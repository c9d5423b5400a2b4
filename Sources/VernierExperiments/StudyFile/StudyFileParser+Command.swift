import Foundation
import VernierTune

extension StudyFileParser {
    /// The fields of a command study as written (`command:`, `shell:`, `trial_timeout:`, `stop_grace:`).
    struct CommandSource {
        var arguments: [String]?
        var shell: Bool?
        var trialTimeout: Double?
        var stopGrace: Double?
    }

    /// The program of a command study: the template parsed, its program found, relative paths against the file's
    /// folder (kept as written: `project/study.yaml` runs in `project`, relative to the current directory); errors
    /// name the file, line and field.
    func command(_ source: CommandSource, space: SearchSpace, lines: [String: Int]) throws -> CommandObjective {
        let arguments = source.arguments ?? []
        func failure(_ field: String, _ message: String) -> StudyFileError {
            StudyFileError(file: file, line: lines[field] ?? lines["command"], field: field, message: message)
        }
        if source.shell != true, arguments.count == 1, arguments[0].contains(" ") {
            throw failure(
                "command",
                "a single string runs no shell: write a list ([python3, train.py, --lr, \"{lr}\"]) or add shell: true")
        }
        let template: CommandTemplate
        do {
            template = try CommandTemplate(arguments: arguments, shell: source.shell ?? false)
        } catch let error as CommandTemplateError {
            if case .syntax(let index, _, _) = error { throw failure("command[\(index)]", error.description) }
            throw failure("command", error.description)
        }
        guard !space.parameters.isEmpty else {
            throw failure("parameters", RecipeError.commandWithoutParameters.description)
        }
        let directory = CommandObjective.directory(ofStudyFile: file == "<string>" ? "study.yaml" : file)
        if !template.shell,
            CommandProcess.resolve(
                program: arguments[0], directory: directory, path: ProcessInfo.processInfo.environment["PATH"]) == nil
        {
            throw failure("command[0]", CommandError.programNotFound(arguments[0], directory: directory).description)
        }
        return CommandObjective(
            template: template, directory: directory, trialTimeout: source.trialTimeout,
            stopGrace: source.stopGrace ?? 10)
    }

    /// The folder of the study file (the current directory for text that came from no file).
    var folder: URL {
        URL(fileURLWithPath: file == "<string>" ? "." : file).deletingLastPathComponent()
    }

    /// `settings` with a relative `file` (CSV) or `data` (IDX directory) made absolute against the study file's
    /// folder, so the file means the same from any working directory and on a worker's machine.
    func resolvingDataPaths(_ settings: [String: String]) -> [String: String] {
        var result = settings
        for key in ["file", "data"] {
            guard let value = settings[key], !value.isEmpty, !value.hasPrefix("/"), !value.hasPrefix("~") else {
                continue
            }
            result[key] = folder.appendingPathComponent(value).standardizedFileURL.path
        }
        return result
    }
}

extension StudySpec {
    /// A setting's key as the spec keeps it: lower case, `-` for `_` (`batch_size` → `batch-size`), so a study
    /// file's `set:` and `--set` name one setting the same way.
    ///
    /// ```swift
    /// StudySpec.settingKey("Batch_Size")   // "batch-size"
    /// ```
    public static func settingKey(_ key: String) -> String {
        key.lowercased().split(separator: "_", omittingEmptySubsequences: false).joined(separator: "-")
    }
}
