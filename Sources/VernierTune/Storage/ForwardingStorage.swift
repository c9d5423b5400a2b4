import Foundation

/// A ``Storage`` that wraps another and passes every call on to it unless it implements the call itself: a
/// decorator (a cache, a counter, a fault injector) states only the calls it changes.
///
/// ```swift
/// final class CountingStorage: ForwardingStorage {
///     let base: any Storage
///     let claims = Mutex(0)
///     init(base: any Storage) { self.base = base }
///     func claimTrial(studyID: Int64, maxTrials: Int?, createIfNoneWaiting: Bool) throws -> FrozenTrial? {
///         claims.withLock { $0 += 1 }
///         return try base.claimTrial(studyID: studyID, maxTrials: maxTrials, createIfNoneWaiting: createIfNoneWaiting)
///     }
/// }
/// ```
public protocol ForwardingStorage: Storage {
    /// The storage every call not implemented by the wrapper goes to.
    var base: any Storage { get }
}

extension ForwardingStorage {
    /// The base storage's URL.
    public var url: String { base.url }

    /// Forwards to ``base``.
    public func createStudy(name: String, directions: [StudyDirection]) throws -> StudyRecord {
        try base.createStudy(name: name, directions: directions)
    }

    /// Forwards to ``base``.
    public func study(named name: String) throws -> StudyRecord? { try base.study(named: name) }

    /// Forwards to ``base``.
    public func allStudies() throws -> [StudyRecord] { try base.allStudies() }

    /// Forwards to ``base``.
    public func deleteStudy(id: Int64) throws { try base.deleteStudy(id: id) }

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
    public func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        try base.trials(studyID: studyID, states: states)
    }

    /// Forwards to ``base``.
    public func trial(studyID: Int64, number: Int) throws -> FrozenTrial? {
        try base.trial(studyID: studyID, number: number)
    }

    /// Forwards to ``base``.
    public func trials(studyID: Int64, numberedFrom first: Int) throws -> [FrozenTrial] {
        try base.trials(studyID: studyID, numberedFrom: first)
    }

    /// Forwards to ``base``.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try base.trialCount(studyID: studyID, states: states)
    }

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
