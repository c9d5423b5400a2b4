import Foundation

/// The trials this process is running inside ``Study/optimize(trials:timeout:repeats:onTrialFinished:objective:)``,
/// so that a worker stopped by a signal can mark them failed before it exits instead of leaving them `running`
/// until another worker's grace period runs out.
///
/// Off until ``enable()`` (the `vernier` CLI enables it and installs SIGINT/SIGTERM handlers that call
/// ``failAll(reason:)`` and exit). While enabled, claiming a trial and registering it happen under one lock, so a
/// signal arriving during a claim still finds the claimed trial; after ``failAll(reason:)`` no new trial is
/// claimed.
///
/// ```swift
/// RunningTrials.enable()
/// // in a signal handler:
/// let failed = RunningTrials.failAll(reason: "interrupted (SIGTERM)")
/// exit(128 + SIGTERM)
/// ```
public enum RunningTrials {
    private struct Entry {
        let storage: any Storage
        let trialID: Int64
    }

    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var enabled = false
        var stopping = false
        var entries: [Int64: Entry] = [:]
    }

    private static let registry = Registry()

    /// Starts tracking the trials that `optimize` runs in this process.
    public static func enable() {
        registry.lock.withLock { registry.enabled = true }
    }

    /// Whether a ``failAll(reason:)`` has happened (the process is stopping).
    public static var isStopping: Bool { registry.lock.withLock { registry.stopping } }

    /// Marks every tracked running trial `failed` with `reason` (a trial that finished meanwhile is left alone),
    /// stops further claims, and returns the identifiers of the trials it failed.
    @discardableResult
    public static func failAll(reason: String) -> [Int64] {
        registry.lock.withLock {
            registry.stopping = true
            var failed: [Int64] = []
            for entry in registry.entries.values.sorted(by: { $0.trialID < $1.trialID }) {
                do {
                    try entry.storage.finishTrial(
                        trialID: entry.trialID, state: .failed, value: nil, failReason: reason)
                    failed.append(entry.trialID)
                } catch {
                    // Already finished by this process or failed by another worker: nothing to do.
                }
            }
            registry.entries.removeAll()
            return failed
        }
    }

    /// Runs `claim` and registers the trial it returns, under the lock when tracking is on; returns `nil`
    /// without claiming once the process is stopping.
    static func claim(storage: any Storage, _ claim: () throws -> Trial?) throws -> Trial? {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard registry.enabled else { return try claim() }
        guard !registry.stopping else { return nil }
        guard let trial = try claim() else { return nil }
        registry.entries[trial.trialID] = Entry(storage: storage, trialID: trial.trialID)
        return trial
    }

    /// Stops tracking a trial (it was finished).
    static func finished(trialID: Int64) {
        registry.lock.withLock { _ = registry.entries.removeValue(forKey: trialID) }
    }
}
