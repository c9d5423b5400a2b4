import Foundation
import Synchronization

/// The trials one process is running in a study's optimize loop, so that a process stopped by a signal can
/// return them to `waiting` (``TrialRelease``) before it exits, instead of leaving them `running` until another
/// worker's grace period runs out. A study that is continued runs them first.
///
/// A ``Study`` registers every trial it claims in its `runningTrials`; give several studies (and a signal
/// handler) the same instance to stop them together. Claiming a trial and registering it happen under one lock,
/// so a signal arriving during a claim still finds the claimed trial; after ``releaseAll(reason:)`` no new trial
/// is claimed.
///
/// ```swift
/// let running = RunningTrials()
/// let study = try Study(name: "lr", direction: .minimize, storage: storage, runningTrials: running)
/// // in a signal handler:
/// running.releaseAll(reason: "interrupted (SIGTERM)")
/// exit(128 + SIGTERM)
/// ```
public final class RunningTrials: Sendable {
    private struct Entry {
        let storage: any Storage
        let trialID: Int64
        var onRelease: (@Sendable () -> Void)?
    }

    private struct Registry {
        var stopping = false
        var entries: [Int64: Entry] = [:]
    }

    private let registry = Mutex(Registry())

    /// An empty registry.
    public init() {}

    /// Whether a ``releaseAll(reason:)`` has happened (the process is stopping).
    public var isStopping: Bool { registry.withLock { $0.stopping } }

    /// Returns every registered running trial to `waiting` with `reason` (a trial that finished meanwhile is left
    /// alone), stops further claims, and returns the identifiers of the trials it released.
    @discardableResult
    public func releaseAll(reason: String) -> [Int64] {
        registry.withLock { registry in
            registry.stopping = true
            var released: [Int64] = []
            let byStorage = Dictionary(grouping: registry.entries.values) { ObjectIdentifier($0.storage) }
            for entries in byStorage.values {
                let ids = entries.map(\.trialID).sorted()
                // A storage that cannot be reached leaves the trials to the grace period of the next run.
                if let done = try? entries[0].storage.releaseTrials(trialIDs: ids, reason: reason) {
                    released += done.map(\.trialID)
                }
            }
            for entry in registry.entries.values { entry.onRelease?() }
            registry.entries.removeAll()
            return released.sorted()
        }
    }

    /// Runs `claim` and registers the trial it returns, under the lock; returns `nil` without claiming once the
    /// process is stopping.
    func claim(storage: any Storage, _ claim: () throws -> Trial?) throws -> Trial? {
        try registry.withLock { registry in
            guard !registry.stopping else { return nil }
            guard let trial = try claim() else { return nil }
            registry.entries[trial.trialID] = Entry(storage: storage, trialID: trial.trialID)
            return trial
        }
    }

    /// Sets what ``releaseAll(reason:)`` does for a running trial besides returning it to waiting (a command
    /// objective: signal the program it started), or clears it with `nil`; ignored for a trial not registered.
    ///
    /// ```swift
    /// trial.study.runningTrials.setReleaseAction(trialID: trial.trialID) { _ = kill(-pid, SIGTERM) }
    /// ```
    public func setReleaseAction(trialID: Int64, _ action: (@Sendable () -> Void)?) {
        registry.withLock { $0.entries[trialID]?.onRelease = action }
    }

    /// Stops tracking a trial (it was finished).
    func finished(trialID: Int64) {
        registry.withLock { _ = $0.entries.removeValue(forKey: trialID) }
    }
}
