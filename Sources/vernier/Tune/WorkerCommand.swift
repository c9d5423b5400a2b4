import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune

/// `vernier worker --study NAME --storage URL`: joins a study started by `vernier tune` (on this or another
/// machine) and runs its trials until the study-wide budget, the timeout or the grid is used up.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Join a study started by `vernier tune` and run its trials (one worker process).",
        discussion: """
            The study's recipe (objective and settings or a study file's command, sampler, pruner, search space,
            budget, …) is read from the storage, where `vernier tune` stored it, so every worker runs the same study
            (a command runs in the study file's folder, which must exist at the same path on this machine); the
            budget is study-wide and claimed atomically. Each trial records the worker that ran it (system attribute
            worker_id). A trial whose worker dies returns to waiting after the grace period and is run again.

            Examples:
              vernier worker --study branin-random --storage postgres://vernier@db-host:5432/vernier
              vernier worker --study lr-sweep --storage sqlite:runs/vernier.db --worker-id gpu-box-2
            """)

    @Option(help: "The study's name.")
    var study: String

    @Option(help: "Storage URL: sqlite:path/to/file.db or postgres://user@host:port/db.")
    var storage: String

    @Option(help: "The name recorded on this worker's trials (default: <host>-<pid>).")
    var workerID: String?

    @Option(parsing: .unconditional, help: "Seconds between heartbeats of a running trial (default 5).")
    var heartbeatInterval: Double?

    @Option(
        parsing: .unconditional,
        help: "Return running trials without a heartbeat for this many seconds to waiting (default 60; 0: off).")
    var gracePeriod: Double?

    /// Kept so that older command lines still run: a trial lost to a dead worker always returns to waiting.
    @Flag(help: .hidden)
    var retryFailed = false

    /// The `vernier tune` process that started this worker: the worker stops (SIGTERM) when it dies.
    @Option(help: .hidden)
    var parentPID: Int32?

    @Flag(help: "Print only the final line, not one line per trial.")
    var quiet = false

    /// Simulated work per trial (tests and benchmarks; see `ParallelOptions.delay`).
    @Option(help: .hidden)
    var delay: Double?

    func validate() throws {
        try ParallelOptions.check(heartbeatInterval: heartbeatInterval ?? 5, gracePeriod: gracePeriod ?? 60)
    }

    /// Joins the study with its STORED recipe (never a command line): the runner of the stored spec, run here
    /// as a worker (no spec written, no test value), with this worker's id, heartbeats and grace period.
    func run() throws {
        if let parentPID { ProcessWorkerLauncher.dieWithParent(parentPID) }
        if case .memory = try? StorageURL(parsing: storage) {
            throw ValidationError("a worker cannot join a memory: study (it lives in another process)")
        }
        let store = try openStorage(storage, mode: .createFile)
        var runner: StudyRunner
        do {
            _ = try store.requireStudy(named: study)
            guard let spec = try StudySpec.stored(study: study, in: store) else {
                throw StudySpecError.missing(study: study)
            }
            runner = try StudyRunner(spec: spec, studyName: study)
        } catch let error as StorageError {
            throw ValidationError("\(error.description) in \(store.url)")
        } catch let error as StudySpecError {
            throw ValidationError("\(error.description) in \(store.url)")
        } catch let error as RecipeError {
            throw ValidationError("the stored recipe of study '\(study)': \(error.description)")
        }
        try refuseExternalObjective(runner)
        runner.simulatedWork = delay
        let id = workerID ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        let grace = gracePeriod ?? 60
        let options = WorkerOptions(
            workerID: id, heartbeatInterval: heartbeatInterval ?? 5, gracePeriod: grace > 0 ? grace : nil)
        let printer = TrialLinePrinter(metrics: runner.spec.metrics, quiet: quiet)
        let summary = try StudyExecution.runHere(
            runner, storage: store, role: .worker, worker: options, onTrialFinished: printer.print)
        let counts = try runner.trialCounts(ofWorker: id, storage: store)
        print(
            "Worker \(id) ran \(counts.values.reduce(0, +)) trials of study '\(study)'"
                + (counts.isEmpty ? "" : ": ")
                + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
                .joined(separator: ", "))
        try runner.outcome(of: summary).exitUnlessComplete("worker")
    }
}
