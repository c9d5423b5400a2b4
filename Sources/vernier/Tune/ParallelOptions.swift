import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune

/// The options of `vernier tune` for parallel and distributed studies: `--workers`, heartbeats, re-queueing the
/// trials of dead workers, and the hidden options a worker process is started with.
///
/// ```
/// vernier tune branin --trials 200 --workers 4 --storage sqlite:runs/v.db --grace-period 30 --retry-failed
/// ```
struct ParallelOptions: ParsableArguments {
    @Option(help: "Run the study in N worker processes sharing the storage (SQLite or PostgreSQL, not memory:).")
    var workers: Int?

    @Option(help: "Seconds between heartbeats of a running trial (default 5).")
    var heartbeatInterval: Double = 5

    @Option(help: "Fail running trials without a heartbeat for this many seconds (default 60; 0 turns it off).")
    var gracePeriod: Double = 60

    @Flag(help: "Re-queue, once, the parameters of trials failed because their worker died.")
    var retryFailed = false

    @Option(help: .hidden)
    var workerID: String?

    /// Simulated work: sleep this long inside every trial (for fault tests and benchmarks of the engine).
    @Option(help: .hidden)
    var delay: Double?

    /// The study system attribute holding the `vernier tune` invocation that workers replay.
    static let invocationKey = "cli_tune_invocation"

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        guard heartbeatInterval > 0 else { throw ValidationError("--heartbeat-interval must be positive") }
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period must be ≥ 0") }
        if gracePeriod > 0, gracePeriod < 2 * heartbeatInterval {
            throw ValidationError(
                "--grace-period (\(gracePeriod) s) must be at least twice --heartbeat-interval (\(heartbeatInterval) s)"
            )
        }
    }

    /// What this process records on its trials and how it treats dead workers' trials.
    var workerOptions: WorkerOptions {
        WorkerOptions(
            workerID: workerID ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())",
            heartbeatInterval: heartbeatInterval,
            gracePeriod: gracePeriod > 0 ? gracePeriod : nil, retryFailed: retryFailed)
    }

    /// Runs the study: in this process (as a worker when `--worker-id` is given), or, with `--workers N`, in N
    /// child processes of this executable, after which this process only evaluates the test value and builds
    /// the summary.
    func run(
        _ configuration: TuneConfiguration, storage: any Storage, url: String, target: String,
        onTrialFinished: @escaping (FrozenTrial, OptimizeProgress) -> Void
    ) throws -> TuneSummary {
        var configuration = configuration
        if let delay {
            let evaluate = configuration.objective.evaluate
            configuration.objective.evaluate = { trial, parameters, seed in
                Thread.sleep(forTimeInterval: delay)
                return try evaluate(trial, parameters, seed)
            }
        }
        if workerID == nil {
            // Every study started by `vernier tune` records how, so that `vernier worker` can join it.
            let study = try configuration.makeStudy(storage: storage)
            let invocation = try TuneInvocation(target: target, arguments: CommandLine.arguments)
            try storage.setStudyAttribute(
                studyID: study.id, key: Self.invocationKey, value: .string(try invocation.json()), kind: .system)
        }
        if workerID != nil {
            // A worker only runs trials; the process that started the study scores the chosen one on the test set.
            configuration.evaluatesTest = false
        }
        guard let workers else {
            // Ctrl-C / SIGTERM: mark the running trial failed ("interrupted") before exiting.
            let signals = InterruptHandler.install()
            defer { InterruptHandler.remove(signals) }
            return try WorkerOptions.$current.withValue(workerOptions) {
                try configuration.run(storage: storage, onTrialFinished: onTrialFinished)
            }
        }
        if case .memory = try StorageURL(parsing: url) {
            throw ValidationError(
                "--workers needs a storage that several processes share (sqlite:path/to/file.db or postgres://…); "
                    + "memory: lives in one process")
        }
        print("Starting \(workers) worker processes (heartbeat \(heartbeatInterval) s, grace period \(gracePeriod) s)")
        fflush(nil)  // before the workers write to the same terminal
        let failures = try WorkerPool.run(
            count: workers, study: configuration.studyName, storageURL: url,
            extraArguments: ["--heartbeat-interval", "\(heartbeatInterval)", "--grace-period", "\(gracePeriod)"]
                + (retryFailed ? ["--retry-failed"] : []) + (delay.map { ["--delay", "\($0)"] } ?? []))
        for failure in failures { print("warning: \(failure)") }
        var collect = configuration
        collect.timeout = 0  // the workers ran the trials; this only evaluates the test value and summarizes
        let summary = try collect.run(storage: storage)
        let study = try configuration.makeStudy(storage: storage)
        var perWorker: [String: Int] = [:]
        for trial in try study.trials() where trial.state != .waiting {
            perWorker[trial.systemAttributes[WorkerOptions.workerIDKey]?.stringValue ?? "(none)", default: 0] += 1
        }
        print(
            "Trials per worker: "
                + perWorker.sorted { $0.key.localizedStandardCompare($1.key) == .orderedAscending }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if !failures.isEmpty { throw ExitCode(1) }
        return summary
    }

    /// The last line of a worker process: how many trials it ran, by state.
    func printWorkerSummary(_ configuration: TuneConfiguration, storage: any Storage) throws {
        let study = try configuration.makeStudy(storage: storage)
        let mine = try study.trials().filter {
            $0.systemAttributes[WorkerOptions.workerIDKey]?.stringValue == workerID
        }
        var counts: [TrialState: Int] = [:]
        for trial in mine { counts[trial.state, default: 0] += 1 }
        print(
            "Worker \(workerID ?? "?") ran \(mine.count) trials of study '\(study.name)': "
                + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
                .joined(separator: ", "))
    }
}

/// The `vernier tune` invocation that started a study, stored in the study so that `vernier worker` (on this
/// or another machine) can run the same study: the study file's text (or the objective's name) and the options,
/// without those that belong to one process (`--workers`, `--storage`, `--out`, `--quiet`, `--worker-id`,
/// `--delay`).
///
/// ```swift
/// let invocation = try TuneInvocation(target: "branin", arguments: ["vernier", "tune", "branin", "--trials", "9"])
/// invocation.options   // ["--trials", "9"]
/// ```
struct TuneInvocation: Codable, Equatable {
    /// The objective's name, when the target is not a file.
    var objective: String?
    /// The study file's text, when the target is a file.
    var studyFile: String?
    /// The options, in order.
    var options: [String]

    static let processOptions: Set<String> = ["--workers", "--storage", "--out", "--worker-id", "--delay"]
    static let processFlags: Set<String> = ["--quiet"]
    static let flags: Set<String> = ["--quiet", "--retry-failed"]

    init(target: String, arguments: [String]) throws {
        if FileManager.default.fileExists(atPath: target) {
            studyFile = try String(contentsOfFile: target, encoding: .utf8)
        } else {
            objective = target
        }
        let afterCommand = Array(arguments.drop { $0 != "tune" }.dropFirst())
        var options: [String] = []
        var index = 0
        var targetRemoved = false
        while index < afterCommand.count {
            let token = afterCommand[index]
            let name = token.split(separator: "=", maxSplits: 1).first.map(String.init) ?? token
            let takesValue = token.hasPrefix("-") && !token.contains("=") && !Self.flags.contains(token)
            if Self.processOptions.contains(name) {
                index += takesValue ? 2 : 1
                continue
            }
            if Self.processFlags.contains(token) {
                index += 1
                continue
            }
            if !token.hasPrefix("-"), !targetRemoved, token == target {
                targetRemoved = true
                index += 1
                continue
            }
            options.append(token)
            if takesValue, index + 1 < afterCommand.count { options.append(afterCommand[index + 1]) }
            index += takesValue ? 2 : 1
        }
        self.options = options
    }

    init(json text: String) throws {
        self = try JSONDecoder().decode(TuneInvocation.self, from: Data(text.utf8))
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The arguments of `vernier tune` that replay this invocation; a study file is written to `folder`.
    func tuneArguments(folder: URL) throws -> [String] {
        if let studyFile {
            let path = folder.appendingPathComponent("study.yaml")
            try studyFile.write(to: path, atomically: true, encoding: .utf8)
            return [path.path] + options
        }
        return [objective ?? ""] + options
    }
}
