import Foundation
import Synchronization
import VernierTune

/// A ``Storage`` that keeps the finished trials it has read in memory and, on the next read, loads only the trials
/// that finished since: a long-running process asking a model-based sampler (the ask/tell server) then pays for
/// the new trials, not for the whole history, on every ask.
///
/// Sound because of the storage contract: finished trials never change (rule 2) and trial numbers are 0, 1, 2, …
/// without gaps (rule 3). A read first asks the base storage how many trials are finished; when that count is the
/// cached one, nothing is loaded; otherwise the trials whose number is not cached yet are loaded one by one (all
/// finished trials at once on the first read, or when more than ``incrementalLimit`` are missing). Waiting and running trials are
/// always read from the base storage, before the finished ones, and a trial found in both is taken as finished,
/// so a trial that finishes meanwhile appears once. Every other method forwards to `base`; ``deleteStudy(id:)``
/// also forgets the study. Other processes may write the same study: their finished trials are found by the
/// count. A study deleted by another process while this one caches it, and recreated under the same identifier
/// with as many finished trials, would go unnoticed; the dashboard deletes through this storage.
///
/// ```swift
/// let cached = FinishedTrialCache(base: try SQLiteStorage(path: "runs/vernier.db"))
/// let study = try Study.load(name: "ext", storage: cached, sampler: TPESampler(seed: 1))
/// ```
public final class FinishedTrialCache: Storage, Sendable {
    /// The storage every read and write goes to.
    public let base: any Storage
    /// The most missing trials loaded one by one; beyond it, the finished trials are read in one call.
    public static let incrementalLimit = 8
    /// Finished trials by study identifier, then by number.
    private let cached = Mutex<[Int64: [Int: FrozenTrial]]>([:])

    /// Wraps `base`.
    public init(base: any Storage) {
        self.base = base
    }

    /// The base storage's URL.
    public var url: String { base.url }

    /// The study's trials in `states` (all when `nil`), in number order: finished ones from the cache, brought up
    /// to date first, waiting and running ones from the base storage.
    public func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        let wanted = states ?? Set(TrialState.allCases)
        let unfinishedStates = wanted.subtracting(TrialState.finished)
        let unfinished = unfinishedStates.isEmpty ? [] : try base.trials(studyID: studyID, states: unfinishedStates)
        guard !wanted.isDisjoint(with: TrialState.finished) else { return unfinished }
        let finished = try finishedTrials(studyID: studyID)
        var result = finished.values.filter { wanted.contains($0.state) }
        result += unfinished.filter { finished[$0.number] == nil }
        return result.sorted { $0.number < $1.number }
    }

    /// The study's finished trials by number, brought up to date with the base storage.
    func finishedTrials(studyID: Int64) throws -> [Int: FrozenTrial] {
        var known = cached.withLock { $0[studyID] ?? [:] }
        let count = try base.trialCount(studyID: studyID, states: TrialState.finished)
        if count == known.count { return known }
        if count < known.count { known = [:] }  // not the study that was cached (deleted and recreated)
        let total = try base.trialCount(studyID: studyID, states: nil)
        let missing = (0..<total).filter { known[$0] == nil }
        if known.isEmpty || missing.count > Self.incrementalLimit {
            for trial in try base.trials(studyID: studyID, states: TrialState.finished) { known[trial.number] = trial }
        } else {
            for number in missing {
                if let trial = try base.trial(studyID: studyID, number: number), trial.state.isFinished {
                    known[number] = trial
                }
            }
        }
        let result = known
        cached.withLock { $0[studyID] = result }
        return result
    }

    /// Counted by the base storage.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try base.trialCount(studyID: studyID, states: states)
    }

    /// A cached finished trial, else the base storage's.
    public func trial(studyID: Int64, number: Int) throws -> FrozenTrial? {
        if let trial = cached.withLock({ $0[studyID]?[number] }) { return trial }
        return try base.trial(studyID: studyID, number: number)
    }

    /// Deletes the study in the base storage and forgets its cached trials.
    public func deleteStudy(id: Int64) throws {
        try base.deleteStudy(id: id)
        cached.withLock { $0[id] = nil }
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
