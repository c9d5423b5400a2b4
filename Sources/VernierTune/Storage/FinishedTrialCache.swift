import Foundation
import Synchronization

/// A ``Storage`` that keeps each study's finished trials in memory and reads only the rest: every ``Study`` reads
/// its trials through one (its own, or the one it was given as its storage), so a long-lived process — a
/// `vernier tune` worker, the ask/tell server, the dashboard — pays for the trials that finished since its last
/// read, not for the whole history, on every ask.
///
/// Sound because of the storage contract: finished trials never change (rule 2) and trial numbers are 0, 1, 2, …
/// without gaps (rule 3). Per study the cache holds the finished trials numbered below the first unfinished one; a
/// read asks the base storage for every trial from that number on (``Storage/trials(studyID:numberedFrom:)``, one
/// query), so waiting and running trials, and finished trials above a running one, are always read fresh (samplers
/// fantasize running trials). Its cost is that of the trials above the first unfinished one: the other workers'
/// running trials, or, while one trial stays running for long, everything finished after it. Every other method
/// forwards to `base` (``ForwardingStorage``); ``deleteStudy(id:)`` also forgets the study. Other processes may
/// write the same study. A study deleted by another process while this one caches it, and recreated under the same
/// identifier, would go unnoticed whatever its number of trials (the base storage's numbers have no gaps, so the
/// trials from the cached count on look like the same study's); the dashboard deletes through its cache.
///
/// ```swift
/// let cached = FinishedTrialCache(base: try SQLiteStorage(path: "runs/vernier.db"))
/// let study = try Study.load(name: "ext", storage: cached, sampler: TPESampler(seed: 1))
/// ```
public final class FinishedTrialCache: ForwardingStorage, Sendable {
    /// The storage every read and write goes to.
    public let base: any Storage
    /// Per study identifier, its finished trials numbered 0, 1, 2, … up to the first unfinished one.
    private let settled = Mutex<[Int64: [FrozenTrial]]>([:])

    /// Wraps `base`.
    public init(base: any Storage) {
        self.base = base
    }

    /// `base` itself when it is a cache, else a new cache over it: one cache per storage a process opens.
    public static func over(_ base: any Storage) -> FinishedTrialCache {
        base as? FinishedTrialCache ?? FinishedTrialCache(base: base)
    }

    /// The study's trials in `states` (all when `nil`), in number order: the settled ones from the cache, the rest
    /// from the base storage.
    public func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        let all = try trials(studyID: studyID, numberedFrom: 0)
        guard let states else { return all }
        return all.filter { states.contains($0.state) }
    }

    /// The trials numbered `first` or above: the settled ones from the cache, brought up to date first, the rest
    /// from the base storage.
    public func trials(studyID: Int64, numberedFrom first: Int) throws -> [FrozenTrial] {
        let known = settled.withLock { $0[studyID]?.count ?? 0 }
        var fresh = try base.trials(studyID: studyID, numberedFrom: known)
        if let lowest = fresh.first?.number, lowest != known {
            // Not the study that was cached (deleted and recreated): start over.
            settled.withLock { $0[studyID] = nil }
            fresh = try base.trials(studyID: studyID, numberedFrom: 0)
        }
        var newlySettled = 0
        while newlySettled < fresh.count, fresh[newlySettled].state.isFinished { newlySettled += 1 }
        let cached = settled.withLock { cache -> [FrozenTrial] in
            var list = cache.removeValue(forKey: studyID) ?? []
            // Another thread may have settled some of them meanwhile.
            for trial in fresh.prefix(newlySettled) where trial.number == list.count { list.append(trial) }
            cache[studyID] = list
            return list
        }
        let rest = fresh.drop { $0.number < cached.count }
        if first <= 0 { return cached + rest }
        return Array(cached.dropFirst(first)) + rest.drop { $0.number < first }
    }

    /// A settled trial from the cache, else the base storage's.
    public func trial(studyID: Int64, number: Int) throws -> FrozenTrial? {
        let cached = settled.withLock { cache -> FrozenTrial? in
            guard let list = cache[studyID], list.indices.contains(number) else { return nil }
            return list[number]
        }
        if let cached { return cached }
        return try base.trial(studyID: studyID, number: number)
    }

    /// Deletes the study in the base storage and forgets its cached trials.
    public func deleteStudy(id: Int64) throws {
        try base.deleteStudy(id: id)
        settled.withLock { $0[id] = nil }
    }
}
