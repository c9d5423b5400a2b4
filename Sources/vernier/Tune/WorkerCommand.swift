import ArgumentParser
import Foundation
import VernierTune

/// `vernier worker --study NAME --storage URL`: joins a study started by `vernier tune` (on this or another
/// machine) and runs its trials until the study-wide budget, the timeout or the grid is used up.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Join a study started by `vernier tune` and run its trials (one worker process).",
        discussion: """
            The study's configuration (study file or objective, sampler, budget, …) is read from the storage, so
            every worker runs the same study; the budget is study-wide and claimed atomically. Each trial records
            the worker that ran it (system attribute worker_id).

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

    @Option(help: "Seconds between heartbeats of a running trial (default 5).")
    var heartbeatInterval: Double?

    @Option(help: "Fail running trials without a heartbeat for this many seconds (default 60; 0: off).")
    var gracePeriod: Double?

    @Flag(help: "Re-queue, once, the parameters of trials failed because their worker died.")
    var retryFailed = false

    @Flag(help: "Print only the final line, not one line per trial.")
    var quiet = false

    /// Simulated work per trial (tests and benchmarks; see `ParallelOptions.delay`).
    @Option(help: .hidden)
    var delay: Double?

    func run() throws {
        if case .memory = try? StorageURL(parsing: storage) {
            throw ValidationError("a worker cannot join a memory: study (it lives in another process)")
        }
        let store = try openStorage(storage, mode: .createFile)
        let record: StudyRecord
        do {
            record = try store.requireStudy(named: study)
        } catch let error as StorageError {
            throw ValidationError("\(error.description) in \(store.url)")
        }
        guard
            let text = try store.studyAttributes(studyID: record.id, kind: .system)[ParallelOptions.invocationKey]?
                .stringValue
        else {
            throw ValidationError(
                "study '\(study)' in \(store.url) has no stored configuration (it was not started by `vernier tune`)")
        }
        let invocation = try TuneInvocation(json: text)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vernier-worker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = workerID ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        var arguments = try invocation.tuneArguments(folder: folder)
        arguments += ["--study", study, "--storage", storage, "--worker-id", id]
        if let heartbeatInterval { arguments += ["--heartbeat-interval", "\(heartbeatInterval)"] }
        if let gracePeriod { arguments += ["--grace-period", "\(gracePeriod)"] }
        if retryFailed, !arguments.contains("--retry-failed") { arguments.append("--retry-failed") }
        if quiet { arguments.append("--quiet") }
        if let delay { arguments += ["--delay", "\(delay)"] }
        let command = try TuneCommand.parse(arguments)
        try command.run()
    }
}
