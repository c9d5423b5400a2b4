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
/// forwards to `base`; ``deleteStudy(id:)`` also forgets the study. Other processes may write the same study. A
/// study deleted by another process while this one caches it, and recreated under the same identifier with at
/// least as many trials, would go unnoticed (the dashboard deletes through its cache).
///
/// ```swift
/// let cached = FinishedTrialCache(base: try SQLiteStorage(path: "runs/vernier.db"))
/// let study = try Study.load(name: "ext", storage: cached, sampler: TPESampler(seed: 1))
/// ```
public final class FinishedTrialCache: Storage, Sendable {
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

    /// The base storage's URL.
    public var url: String { base.url }

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

    /// Counted by the base storage.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try base.trialCount(studyID: studyID, states: states)
    }

    // Everything else forwards.

    /// Forwards to ``base``.
    public func createStudy(name: String, directions: [StudyDirection]) throws -> StudyRecord {
        try base.createStudy(name: name, directions: directions)
    }

    /// Forwards to ``base``.
    public func study(named name: String) throws -> StudyRecord? { try base.study(named: name) }

    /// Forwards to ``base``.
    public func allStudies() throws -> [StudyRecord] { try base.allStudies() }

    /// Forwards to ``base``.
    public func setStudyAttribute(studyID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try base.setStudyAttribute(studyID: studyID, key: key, value: value, kind: kind)
    }

    /// Forwards to ``base``.
    public func studyAttributes(studyID: Int64, kind: AttributeKind) throws -> [String: AttributeValue] {
        try base.studyAttributes(studyID: studyID, kind: kind)
    }

    /// Forwards to ``base``.
    public func studyDistributions(studyID: Int64) throws -> [String: Distribution] {
        try base.studyDistributions(studyID: studyID)
    }

    /// Forwards to ``base``.
    @discardableResult
    public func enqueueTrials(studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool {
        try base.enqueueTrials(studyID: studyID, templates: templates, onceKey: onceKey)
    }

    /// Forwards to ``base``.
    public func claimTrial(studyID: Int64, maxTrials: Int?, createIfNoneWaiting: Bool) throws -> FrozenTrial? {
        try base.claimTrial(studyID: studyID, maxTrials: maxTrials, createIfNoneWaiting: createIfNoneWaiting)
    }

    /// Forwards to ``base``.
    public func setTrialParameter(
        trialID: Int64, name: String, internalValue: Double, distribution: Distribution
    )
        throws
    {
        try base.setTrialParameter(
            trialID: trialID, name: name, internalValue: internalValue, distribution: distribution)
    }

    /// Forwards to ``base``.
    public func setTrialIntermediateValue(trialID: Int64, step: Int, value: Double) throws {
        try base.setTrialIntermediateValue(trialID: trialID, step: step, value: value)
    }

    /// Forwards to ``base``.
    public func setTrialAttribute(trialID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try base.setTrialAttribute(trialID: trialID, key: key, value: value, kind: kind)
    }

    /// Forwards to ``base``.
    public func finishTrial(
        trialID: Int64, state: TrialState, values: [Double]?, constraints: [Double]?, failReason: String?,
        claim: TrialClaim?
    ) throws {
        try base.finishTrial(
            trialID: trialID, state: state, values: values, constraints: constraints, failReason: failReason,
            claim: claim)
    }

    /// Forwards to ``base``.
    public func trial(id: Int64) throws -> FrozenTrial { try base.trial(id: id) }

    /// Forwards to ``base``.
    public func recordHeartbeat(trialID: Int64) throws { try base.recordHeartbeat(trialID: trialID) }

    /// Forwards to ``base``.
    public func releaseTrials(trialIDs: [Int64], reason: String) throws -> [FrozenTrial] {
        try base.releaseTrials(trialIDs: trialIDs, reason: reason)
    }

    /// Forwards to ``base``.
    public func releaseStaleTrials(studyID: Int64, gracePeriod: TimeInterval) throws -> [FrozenTrial] {
        try base.releaseStaleTrials(studyID: studyID, gracePeriod: gracePeriod)
    }
}
