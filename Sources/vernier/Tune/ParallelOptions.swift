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
    @Option(
        parsing: .unconditional,
        help: "Run the study in N worker processes sharing the storage (SQLite or PostgreSQL, not memory:).")
    var workers: Int?

    @Option(parsing: .unconditional, help: "Seconds between heartbeats of a running trial.")
    var heartbeatInterval: Double = 5

    @Option(
        parsing: .unconditional,
        help:
            "Return running trials without a heartbeat for this many seconds to waiting, to be run again (0 turns it off)."
    )
    var gracePeriod: Double = 60

    /// Kept so that older command lines still run: a trial lost to a dead worker always returns to waiting.
    @Flag(help: .hidden)
    var retryFailed = false

    @Option(help: .hidden)
    var workerID: String?

    /// Simulated work: sleep this long inside every trial (for fault tests and benchmarks of the engine).
    @Option(help: .hidden)
    var delay: Double?

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
            heartbeatInterval: heartbeatInterval, gracePeriod: gracePeriod > 0 ? gracePeriod : nil)
    }

    /// Runs the study: in this process (as a worker when `--worker-id` is given), or, with `--workers N`, in N
    /// child processes of this executable, after which this process only evaluates the test value and builds
    /// the summary.
    func run(
        _ configuration: TuneConfiguration, storage: any Storage, url: String,
        onTrialFinished: @escaping (FrozenTrial, OptimizeProgress) -> Void
    ) throws -> TuneSummary {
        var configuration = configuration
        if let delay {
            let evaluate = configuration.objective.evaluate
            configuration.objective.evaluate = { trial, parameters, seed in
                Thread.sleep(forTimeInterval: delay)
                return try evaluate(trial, parameters, seed)
            }
            if let fast = configuration.objective.vectorized {
                configuration.objective.vectorized = VectorizedEvaluation(
                    single: { trial, parameters, seed in
                        Thread.sleep(forTimeInterval: delay)
                        return try fast.single(trial, parameters, seed)
                    },
                    batch: { evaluations, parameters, seeds in
                        Thread.sleep(forTimeInterval: delay)
                        return try fast.batch(evaluations, parameters, seeds)
                    })
            }
        }
        if workerID == nil {
            // Every study started by `vernier tune` stores its recipe, which `vernier worker` and later runs read.
            let study = try configuration.makeStudy(storage: storage)
            try configuration.storeSpec(studyID: study.id, in: storage)
        }
        if workerID != nil {
            // A worker only runs trials; the process that started the study scores the chosen one on the test set.
            configuration.evaluatesTest = false
        }
        guard let workers else {
            // Ctrl-C / SIGTERM: the running trials go back to waiting before the process exits.
            let running = RunningTrials()
            let signals = InterruptHandler.install(releasing: running)
            defer { InterruptHandler.remove(signals) }
            let result = Result {
                try configuration.run(
                    storage: storage, workerOptions: workerOptions, runningTrials: running,
                    onTrialFinished: onTrialFinished)
            }
            if running.isStopping {
                // The signal handler returned the trials to waiting (and stopped their programs, which can end the
                // trial this thread was running at once) and is exiting with 128 + signal: this thread must not
                // print a summary or exit with the budget's status first.
                Thread.sleep(forTimeInterval: 10)
                throw ExitCode(130)
            }
            return try result.get()
        }
        if case .memory = try StorageURL(parsing: url) {
            throw ValidationError(
                "--workers needs a storage that several processes share (sqlite:path/to/file.db or postgres://…); "
                    + "memory: lives in one process")
        }
        print("Starting \(workers) worker processes (heartbeat \(heartbeatInterval) s, grace period \(gracePeriod) s)")
        fflush(nil)  // before the workers write to the same terminal
        let outcome = try WorkerPool.run(
            count: workers, study: configuration.studyName, storageURL: url,
            extraArguments: ["--heartbeat-interval", "\(heartbeatInterval)", "--grace-period", "\(gracePeriod)"]
                + (delay.map { ["--delay", "\($0)"] } ?? []))
        for failure in outcome.failures { print("warning: \(failure)") }
        if let number = outcome.interruption {
            // The workers returned their running trials to waiting; the next run of the same command continues.
            FileHandle.standardError.write(
                Data(
                    ("vernier: interrupted (\(InterruptHandler.signalName(number))); the workers returned their "
                        + "running trials to waiting: run the same command again to continue\n").utf8))
            throw ExitCode(128 + number)
        }
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
            "Worker \(workerID ?? "?") ran \(mine.count) trials of study '\(study.name)'"
                + (counts.isEmpty ? "" : ": ")
                + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
                .joined(separator: ", "))
    }
}
