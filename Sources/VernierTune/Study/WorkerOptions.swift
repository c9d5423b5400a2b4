import Foundation

/// How one process takes part in a study that several processes (workers) share: its name on the trials it
/// runs, its heartbeats, and when a running trial counts as lost. A ``Study`` is given its options when it is
/// opened.
///
/// ```swift
/// let options = WorkerOptions(workerID: "w1", heartbeatInterval: 2, gracePeriod: 20)
/// let study = try Study(name: "lr", direction: .minimize, storage: storage, workerOptions: options)
/// try study.optimize(trials: 100) { trial in try trial.suggestFloat("x", in: 0...1) }
/// ```
///
/// - `workerID` is stored on every trial the process claims as the system attribute ``workerIDKey``.
/// - With a `heartbeatInterval`, a background thread refreshes each running trial's heartbeat that often.
/// - With a `gracePeriod`, before claiming a trial the process returns every running trial whose heartbeat is
///   older (a killed or crashed worker) to `waiting` (``TrialRelease``), and when the budget is used up it waits
///   for the study's other running trials to finish or go stale, so the study ends with its whole budget.
public struct WorkerOptions: Sendable, Hashable {
    /// The system attribute holding the worker that ran a trial.
    public static let workerIDKey = AttributeKey.workerID.rawValue

    /// The name recorded on each claimed trial (`nil`: none).
    public var workerID: String?
    /// Seconds between heartbeats of the running trial (`nil`: no heartbeats).
    public var heartbeatInterval: TimeInterval?
    /// Seconds without a heartbeat after which a running trial is lost and returns to waiting (`nil`: never).
    public var gracePeriod: TimeInterval?

    /// Options for one worker.
    ///
    /// ```swift
    /// let options = WorkerOptions(workerID: "host-a", heartbeatInterval: 5, gracePeriod: 60)
    /// ```
    public init(workerID: String? = nil, heartbeatInterval: TimeInterval? = nil, gracePeriod: TimeInterval? = nil) {
        self.workerID = workerID
        self.heartbeatInterval = heartbeatInterval
        self.gracePeriod = gracePeriod
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
    /// Returns the study's running trials whose heartbeat is older than the grace period to `waiting`
    /// (``TrialRelease``) and returns them; nothing without a grace period.
    ///
    /// ```swift
    /// let lost = try study.releaseStaleTrials()   // e.g. the trials a killed worker was running
    /// ```
    @discardableResult
    public func releaseStaleTrials() throws -> [FrozenTrial] {
        guard let gracePeriod = workerOptions.gracePeriod else { return [] }
        return try storage.releaseStaleTrials(studyID: id, gracePeriod: gracePeriod)
    }

    /// ``releaseStaleTrials()`` before the first claim and then at most every quarter grace period, so that a
    /// study of fast trials does not pay an extra write transaction per trial.
    func releaseStaleTrialsIfDue() throws {
        guard let gracePeriod = workerOptions.gracePeriod else { return }
        let now = Date()
        let due = lastStaleCheck.withLock { last -> Bool in
            if let last, now.timeIntervalSince(last) < gracePeriod / 4 { return false }
            last = now
            return true
        }
        if due { try releaseStaleTrials() }
    }

    /// When the budget is used up or no point is left but other processes still run trials of the study: whether
    /// to wait for them (with a grace period, a lost one comes back to waiting and this process runs it). Sleeps
    /// `poll` seconds before answering `true` and doubles it up to min(1 s, grace/8): the other trial usually ends
    /// within a fraction of a second, and a fixed 1 s poll kept every `--workers N` run up to a second longer than
    /// its last trial; a long wait still costs one claim attempt per second.
    func waitForOtherRunningTrials(poll: inout TimeInterval) throws -> Bool {
        guard let gracePeriod = workerOptions.gracePeriod,
            try storage.trialCount(studyID: id, states: [.running]) > 0
        else { return false }
        let ceiling = min(1, max(Self.firstPoll, gracePeriod / 8))
        Thread.sleep(forTimeInterval: min(poll, ceiling))
        poll = min(poll * 2, ceiling)
        return true
    }

    /// The first wait of ``waitForOtherRunningTrials(poll:)``.
    static let firstPoll: TimeInterval = 0.05
}
