import Foundation
import VernierTune

/// A program as an objective: every trial runs ``template`` with the trial's parameters in its placeholders, and
/// the program reports on standard output with ``CommandRecord`` lines (intermediate values for pruners, then the
/// result). This is the recipe stored with the study (``StudySpec/command``), so `vernier worker` on another
/// machine runs the same program. ``directory`` and ``logDirectory`` are kept as the user wrote them: a relative
/// one (the study file's folder as given on the command line, `--out`, the default `runs/tune/<study>/trials`)
/// resolves against the current directory of the process running the trial, so a project folder can move or be
/// checked out on another machine, and a worker started from the same folder finds the same files.
///
/// Each evaluation gets, besides its placeholders, the environment variables `VERNIER_PARAMS` (the path of a JSON
/// file with the parameters), `VERNIER_TRIAL_NUMBER` and `VERNIER_SEED`. Its output (other than records) and its
/// standard error go to `<logDirectory>/<trial number>.log`. A non-zero exit, a signal, the timeout or a missing
/// result fails the trial with the last lines of standard error; a pruned trial's program gets SIGTERM, then
/// SIGKILL after ``stopGrace`` seconds, and when the process running the trial is interrupted (the study's
/// ``RunningTrials/releaseAll(reason:)``) the program's process group gets SIGTERM.
///
/// ```swift
/// let command = CommandObjective(
///     template: try CommandTemplate(arguments: ["python3", "train.py", "--lr", "{lr}"], shell: false),
///     directory: "/home/me/project")
/// let objective = command.objective(space: space, metrics: ["val_loss"], direction: .minimize)
/// ```
public struct CommandObjective: Codable, Sendable, Equatable {
    /// The name command objectives carry in the study's recipe and listings.
    public static let objectiveName = "command"

    /// The argument template.
    public var template: CommandTemplate
    /// The working directory (the study file's folder), absolute or relative to the current directory; a relative
    /// program path resolves against it.
    public var directory: String
    /// Seconds one evaluation may run before it is stopped and the trial fails (`nil`: no limit).
    public var trialTimeout: Double?
    /// Seconds between SIGTERM and SIGKILL when a trial is pruned or times out.
    public var stopGrace: Double
    /// The folder of the trials' logs and parameter files, absolute or relative to the current directory (`nil`:
    /// `runs/tune/<study>/trials`). Where a run puts its output, not part of the recipe: ``comparedRecipe`` leaves
    /// it out.
    public var logDirectory: String?

    /// Creates a command objective.
    public init(
        template: CommandTemplate, directory: String, trialTimeout: Double? = nil, stopGrace: Double = 10,
        logDirectory: String? = nil
    ) {
        self.template = template
        self.directory = directory
        self.trialTimeout = trialTimeout
        self.stopGrace = stopGrace
        self.logDirectory = logDirectory
    }

    /// The working directory of a command study file at `path`: its folder, written as `path` is (relative paths
    /// stay relative to the current directory, `.` for a file in it).
    ///
    /// ```swift
    /// CommandObjective.directory(ofStudyFile: "project/study.yaml")   // "project"
    /// CommandObjective.directory(ofStudyFile: "study.yaml")           // "."
    /// ```
    public static func directory(ofStudyFile path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard !path.hasPrefix("/") else { return folder.standardizedFileURL.path }
        let parts = (path as NSString).deletingLastPathComponent.split(separator: "/").filter { $0 != "." }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// This command as two runs of one study compare it (``StudySpec/differences(from:)``): the working directory
    /// made absolute against the current directory (a study stored with an absolute folder and resumed with the
    /// same folder written relative is the same study), and what belongs to a run, not to the recipe, cleared: the
    /// log directory, the trial timeout and the stop grace period (a rerun may change them; the latest is stored).
    public var comparedRecipe: CommandObjective {
        var copy = self
        copy.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        copy.logDirectory = nil
        copy.trialTimeout = nil
        copy.stopGrace = 0
        return copy
    }

    /// The objective `vernier tune` optimizes: `space` is the study's search space (a command has no default one),
    /// `metrics` name the values its result gives (the objectives, then what constraints name).
    public func objective(space: SearchSpace, metrics: [String], direction: StudyDirection) -> TunableObjective {
        let command = self
        let summary = "the program \(template.shell ? "/bin/sh -c" : template.arguments[0])"
        var objective = TunableObjective(
            name: Self.objectiveName, summary: summary, direction: direction, metric: metrics[0], searchSpace: space
        ) { trial, parameters, seed in
            try command.evaluate(trial: trial, parameters: parameters, seed: seed, metrics: metrics)
        }
        objective.metrics = metrics
        objective.baseline = [:]
        return objective
    }

    /// The folder of `study`'s trial logs as stored (relative to the current directory unless absolute).
    public func logFolder(study: String) -> String {
        logDirectory ?? "runs/tune/\(study)/trials"
    }

    /// Runs the program once for `trial` and returns one value per name of `metrics`: the result's `values` in
    /// order, and for names beyond them the number of that name in the result's `metrics`. Reports intermediate
    /// values (first repeat only) and stops the program when the pruner says so (then throws ``TrialPruned``).
    public func evaluate(
        trial: Trial, parameters: [String: ParameterValue], seed: UInt64, metrics: [String] = ["value"]
    ) throws -> [Double] {
        let folder = URL(fileURLWithPath: logFolder(study: trial.study.name))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let parametersFile = folder.appendingPathComponent("\(trial.number).params.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        // Not `.atomic`: Foundation then syncs the file to disk (about 10 ms, half a trivial trial's cost); the
        // program starts only after the write, and the file is rewritten if the trial runs again.
        try encoder.encode(parameters).write(to: parametersFile)
        var values = parameters.mapValues(CommandTemplate.text(of:))
        values["trial_number"] = String(trial.number)
        values["seed"] = String(seed)
        values["params_file"] = parametersFile.path
        let log = try CommandOutputLog(path: folder.appendingPathComponent("\(trial.number).log").path)
        let arguments = template.argv(values: values)
        log.note(
            "trial \(trial.number)" + (trial.repeatIndex > 0 ? " repeat \(trial.repeatIndex)" : "") + ": "
                + arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " "))
        let process = CommandProcess(
            arguments: arguments,
            environment: [
                "VERNIER_PARAMS": parametersFile.path, "VERNIER_TRIAL_NUMBER": String(trial.number),
                "VERNIER_SEED": String(seed),
            ],
            directory: directory, timeout: trialTimeout, stopGrace: stopGrace)
        var result: (values: [Double], metrics: [String: AttributeValue])?
        var lastReport: (step: Int, value: Double)?
        // A process interrupted by SIGINT/SIGTERM returns its trials to waiting and exits: stop the program too.
        let running = trial.study.runningTrials
        defer { running.setReleaseAction(trialID: trial.trialID, nil) }
        let start: (pid_t) -> Void = { pid in
            running.setReleaseAction(trialID: trial.trialID) { if kill(-pid, SIGTERM) != 0 { _ = kill(pid, SIGTERM) } }
        }
        let outcome = try process.run(log: log, onStart: start) { record in
            switch record {
            case .result(let values, let metrics):
                result = (values, metrics)
                return .continue
            case .report(let step, let value):
                guard trial.repeatIndex == 0, value.isFinite else { return .continue }
                try trial.report(value, step: step)
                lastReport = (step, value)
                return try trial.shouldPrune() ? .stop : .continue
            }
        }
        log.note(
            "ended after \(String(format: "%.1f", outcome.seconds)) s: "
                + (outcome.exitStatus.map { "exit status \($0)" } ?? "signal \(outcome.signal ?? 0)"))
        // The last reported step is the epochs the trial trained (the summary's epoch usage), unless the result says.
        if trial.repeatIndex == 0, let lastReport { try? trial.setUserAttribute(.epochs, .int(lastReport.step)) }
        switch outcome.stopped {
        case .requested:
            let step = lastReport.map { " at step \($0.step) (value \(ParameterValue.format($0.value)))" } ?? ""
            throw TrialPruned("pruned\(step)")
        case .timeout:
            throw CommandError.timedOut(seconds: trialTimeout ?? 0, standardError: log.standardErrorTail)
        case nil: break
        }
        if let signal = outcome.signal { throw CommandError.signalled(signal, standardError: log.standardErrorTail) }
        if let status = outcome.exitStatus, status != 0 {
            throw CommandError.exited(status: status, standardError: log.standardErrorTail)
        }
        guard let result else { throw CommandError.noResult(standardError: log.standardErrorTail) }
        if trial.repeatIndex == 0 {
            for (name, value) in result.metrics { try trial.setUserAttribute(name, value) }
        }
        return try metrics.enumerated().map { index, name in
            if index < result.values.count { return result.values[index] }
            guard let value = result.metrics[name]?.doubleValue else {
                throw CommandError.missingMetric(
                    name, given: result.values.count, standardError: log.standardErrorTail)
            }
            return value
        }
    }
}
