import Foundation

/// How one process takes part in a study that several processes (workers) share: its name on the trials it
/// runs, its heartbeats, and what happens to trials whose worker died.
///
/// A ``Study`` takes its options when it is opened; the default is ``current``, a task-local value, so code that
/// opens a study deep inside (such as `TuneConfiguration.run`) can be given options without new parameters:
///
/// ```swift
/// let options = WorkerOptions(workerID: "w1", heartbeatInterval: 2, gracePeriod: 20, retryFailed: true)
/// try WorkerOptions.$current.withValue(options) {
///     let study = try Study(name: "lr", direction: .minimize, storage: storage)
///     try study.optimize(trials: 100) { trial in try trial.suggestFloat("x", in: 0...1) }
/// }
/// ```
///
/// - `workerID` is stored on every trial the process claims as the system attribute ``workerIDKey``.
/// - With a `heartbeatInterval`, a background thread refreshes the running trial's heartbeat that often.
/// - With a `gracePeriod`, before claiming a trial the process fails every running trial whose heartbeat is older
///   (a killed or crashed worker), with the reason; with `retryFailed` too, the parameters of each such trial
///   are enqueued again, once (the retry carries ``retryOfKey``; a retry that dies is not retried again).
public struct WorkerOptions: Sendable, Hashable {
    /// The system attribute holding the worker that ran a trial.
    public static let workerIDKey = "worker_id"
    /// The system attribute of a re-queued trial: the number of the trial it retries.
    public static let retryOfKey = "retry_of"

    /// The name recorded on each claimed trial (`nil`: none).
    public var workerID: String?
    /// Seconds between heartbeats of the running trial (`nil`: no heartbeats).
    public var heartbeatInterval: TimeInterval?
    /// Seconds without a heartbeat after which a running trial is failed (`nil`: never).
    public var gracePeriod: TimeInterval?
    /// Re-queue the parameters of trials failed for a lost heartbeat, once.
    public var retryFailed: Bool

    /// Options for one worker.
    ///
    /// ```swift
    /// let options = WorkerOptions(workerID: "host-a", heartbeatInterval: 5, gracePeriod: 60)
    /// ```
    public init(
        workerID: String? = nil, heartbeatInterval: TimeInterval? = nil, gracePeriod: TimeInterval? = nil,
        retryFailed: Bool = false
    ) {
        self.workerID = workerID
        self.heartbeatInterval = heartbeatInterval
        self.gracePeriod = gracePeriod
        self.retryFailed = retryFailed
    }

    /// The options a ``Study`` opened in this task gets by default (none: no worker id, no heartbeats).
    @TaskLocal public static var current = WorkerOptions()

    /// The failure reason of a trial whose worker stopped beating.
    ///
    /// ```swift
    /// WorkerOptions.staleReason(age: 42, gracePeriod: 30)
    /// // "worker lost: no heartbeat for 42.0 s (grace period 30.0 s)"
    /// ```
    public static func staleReason(age: TimeInterval, gracePeriod: TimeInterval) -> String {
        "worker lost: no heartbeat for \(String(format: "%.1f", age)) s (grace period \(String(format: "%.1f", gracePeriod)) s)"
    }
}

/// A background thread that refreshes one running trial's heartbeat every `interval` seconds until ``stop()``.
final class HeartbeatThread: Sendable {
    private let stopSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(storage: any Storage, trialID: Int64, interval: TimeInterval) {
        let stopSignal = stopSignal
        let finished = finished
        Thread.detachNewThread {
            while stopSignal.wait(timeout: .now() + interval) == .timedOut {
                // A failed beat (database briefly unreachable) is retried at the next one; only a silence longer
                // than the grace period fails the trial.
                try? storage.recordHeartbeat(trialID: trialID)
            }
            finished.signal()
        }
    }

    /// Stops the thread and waits until it has written its last heartbeat.
    func stop() {
        stopSignal.signal()
        finished.wait()
    }
}

extension Study {
    /// Fails the study's running trials whose heartbeat is older than the grace period and, with
    /// ``WorkerOptions/retryFailed``, enqueues each one's parameters again (once per failed trial, also when
    /// several processes get here at the same moment). Returns the trials it failed.
    ///
    /// ```swift
    /// let lost = try study.failStaleTrials()   // e.g. the trial a killed worker was running
    /// ```
    @discardableResult
    public func failStaleTrials() throws -> [FrozenTrial] {
        guard let gracePeriod = workerOptions.gracePeriod else { return [] }
        // Failing and re-queueing are one transaction on the SQL backends (a crash cannot lose the retry).
        return try storage.failStaleTrials(studyID: id, gracePeriod: gracePeriod, requeue: workerOptions.retryFailed)
    }

    /// ``failStaleTrials()`` before the first claim and then at most every quarter grace period, so that a
    /// study of fast trials does not pay an extra write transaction per trial.
    func failStaleTrialsIfDue() throws {
        guard let gracePeriod = workerOptions.gracePeriod else { return }
        let now = Date()
        let due = lastStaleCheck.withLock { last -> Bool in
            if let last, now.timeIntervalSince(last) < gracePeriod / 4 { return false }
            last = now
            return true
        }
        if due { try failStaleTrials() }
    }
}
