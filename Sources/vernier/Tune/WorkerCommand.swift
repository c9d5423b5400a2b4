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

    func run() throws {
        if let parentPID { WorkerPool.dieWithParent(parentPID) }
        if case .memory = try? StorageURL(parsing: storage) {
            throw ValidationError("a worker cannot join a memory: study (it lives in another process)")
        }
        let store = try openStorage(storage, mode: .createFile)
        var configuration: TuneConfiguration
        do {
            _ = try store.requireStudy(named: study)
            guard let spec = try StudySpec.stored(study: study, in: store) else {
                throw StudySpecError.missing(study: study)
            }
            configuration = try TuneConfiguration(spec: spec)
        } catch let error as StorageError {
            throw ValidationError("\(error.description) in \(store.url)")
        } catch let error as StudySpecError {
            throw ValidationError("\(error.description) in \(store.url)")
        }
        configuration.studyName = study
        try refuseExternalObjective(configuration)
        var arguments = ["--worker-id", workerID ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"]
        if let heartbeatInterval { arguments += ["--heartbeat-interval", "\(heartbeatInterval)"] }
        if let gracePeriod { arguments += ["--grace-period", "\(gracePeriod)"] }
        if let delay { arguments += ["--delay", "\(delay)"] }
        let parallel = try ParallelOptions.parse(arguments)
        let printer = TrialLinePrinter(metric: configuration.metric, quiet: quiet)
        let summary = try parallel.run(configuration, storage: store, url: storage, onTrialFinished: printer.print)
        try parallel.printWorkerSummary(configuration, storage: store)
        try BudgetOutcome(summary: summary, configuration: configuration).exitUnlessComplete("worker")
    }
}
