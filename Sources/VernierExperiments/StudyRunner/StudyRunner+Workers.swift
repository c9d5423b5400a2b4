import Foundation
import VernierTune

/// What a worker process is started with: the study, the storage every worker shares, and how the workers take
/// part (heartbeats, grace period, simulated work). The worker reads the study's recipe from the storage.
public struct WorkerLaunch: Sendable, Equatable {
    /// How many workers.
    public var count: Int
    /// The study's name.
    public var study: String
    /// The storage URL every worker opens.
    public var storageURL: String
    /// Seconds between heartbeats of a running trial.
    public var heartbeatInterval: TimeInterval
    /// Seconds without a heartbeat after which a running trial returns to waiting (`nil`: never).
    public var gracePeriod: TimeInterval?
    /// Seconds every evaluation sleeps first (``StudyRunner/simulatedWork``).
    public var simulatedWork: TimeInterval?

    /// A launch of `count` workers.
    public init(
        count: Int, study: String, storageURL: String, heartbeatInterval: TimeInterval, gracePeriod: TimeInterval?,
        simulatedWork: TimeInterval? = nil
    ) {
        self.count = count
        self.study = study
        self.storageURL = storageURL
        self.heartbeatInterval = heartbeatInterval
        self.gracePeriod = gracePeriod
        self.simulatedWork = simulatedWork
    }
}

/// Starts worker processes and waits for them (the CLI's implementation spawns `vernier worker`); tests run the
/// workers in threads.
public protocol WorkerLauncher: Sendable {
    /// Runs `launch.count` workers of `launch.study` to completion.
    func run(_ launch: WorkerLaunch) throws -> WorkerFleetOutcome
}

/// What became of a set of workers.
public struct WorkerFleetOutcome: Sendable, Equatable {
    /// One line per worker that did not exit with status 0.
    public var failures: [String]
    /// The signal (SIGINT or SIGTERM) received and forwarded to the workers while they ran, if any.
    public var interruption: Int32?

    /// An outcome.
    public init(failures: [String] = [], interruption: Int32? = nil) {
        self.failures = failures
        self.interruption = interruption
    }
}

/// Why a study cannot run in worker processes.
public enum WorkerFleetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `memory:` lives in one process.
    case storageNotShared

    /// What to use instead.
    public var description: String {
        "--workers needs a storage that several processes share (sqlite:path/to/file.db or postgres://…); "
            + "memory: lives in one process"
    }
}

extension StudyRunner {
    /// The result of a run in worker processes.
    public struct FleetResult: Sendable {
        /// Workers that failed or were killed.
        public var failures: [String]
        /// The signal that interrupted the run (the workers returned their trials to waiting); then there is no
        /// summary.
        public var interruption: Int32?
        /// The summary (test value included) when the workers ran to the end.
        public var summary: TuneSummary?
        /// Trials run (not waiting) by each worker id.
        public var trialsPerWorker: [String: Int]
    }

    /// Runs the study in `count` worker processes started by `launcher`: stores the study and its spec (which
    /// the workers read), waits for them, then, unless interrupted, scores the test value and summarizes in this
    /// process, which claims no trial itself.
    ///
    /// ```swift
    /// let result = try runner.runWithWorkers(
    ///     count: 4, storage: storage, storageURL: "sqlite:runs/v.db", worker: options, launcher: launcher)
    /// ```
    public func runWithWorkers(
        count: Int, storage: any Storage, storageURL: String, worker: WorkerOptions, launcher: any WorkerLauncher
    ) throws -> FleetResult {
        if case .memory = try StorageURL(parsing: storageURL) { throw WorkerFleetError.storageNotShared }
        let study = try makeStudy(storage: storage)
        try spec.store(studyID: study.id, in: storage)
        let outcome = try launcher.run(
            WorkerLaunch(
                count: count, study: studyName, storageURL: storageURL,
                heartbeatInterval: worker.heartbeatInterval ?? 5, gracePeriod: worker.gracePeriod,
                simulatedWork: simulatedWork))
        guard outcome.interruption == nil else {
            return FleetResult(
                failures: outcome.failures, interruption: outcome.interruption, summary: nil, trialsPerWorker: [:])
        }
        let summary = try summarize(study, scoresTest: true)
        var perWorker: [String: Int] = [:]
        for trial in try study.trials() where trial.state != .waiting {
            perWorker[trial.systemAttributes[WorkerOptions.workerIDKey]?.stringValue ?? "(none)", default: 0] += 1
        }
        return FleetResult(failures: outcome.failures, interruption: nil, summary: summary, trialsPerWorker: perWorker)
    }

    /// The trials the worker `workerID` ran, by state (the last line of `vernier worker`).
    public func trialCounts(ofWorker workerID: String, storage: any Storage) throws -> [TrialState: Int] {
        var counts: [TrialState: Int] = [:]
        for trial in try makeStudy(storage: storage).trials()
        where trial.systemAttributes[WorkerOptions.workerIDKey]?.stringValue == workerID {
            counts[trial.state, default: 0] += 1
        }
        return counts
    }
}
