import Foundation
import Synchronization

/// A storage in the process's memory: fast, thread-safe (one `Mutex`), gone when the process ends.
///
/// Keeps the whole ``Storage`` contract for threads of one process. Use it for tests, quick experiments and
/// benchmarks; use `SQLiteStorage` to resume a study or share it between processes.
///
/// ```swift
/// let storage = InMemoryStorage()
/// let study = try Study(name: "quick", direction: .minimize, storage: storage)
/// ```
public final class InMemoryStorage: Storage {
    struct StudyState {
        var record: StudyRecord
        var attributes: [AttributeKind: [String: AttributeValue]] = [:]
        var distributions: [String: Distribution] = [:]
        var trialIDs: [Int64] = []
        var onceKeys: Set<String> = []
        var waiting: [Int64] = []  // trial ids in number order
        var waitingHead = 0
        var nonWaitingCount = 0
    }

    struct State {
        var studies: [Int64: StudyState] = [:]
        var studyOrder: [Int64] = []
        var trials: [Int64: FrozenTrial] = [:]
        var trialStudy: [Int64: Int64] = [:]
        var nextStudyID: Int64 = 1
        var nextTrialID: Int64 = 1
        var heartbeats: [Int64: Date] = [:]  // running trials' last heartbeat (claiming counts)
    }

    let state = Mutex(State())

    /// `memory:`.
    public var url: String { "memory:" }

    /// Creates an empty storage.
    ///
    /// ```swift
    /// let storage = InMemoryStorage()
    /// ```
    public init() {}

    /// Creates a study; throws ``StorageError/studyAlreadyExists(name:)``.
    public func createStudy(name: String, directions: [StudyDirection]) throws -> StudyRecord {
        try state.withLock { state in
            if state.studies.values.contains(where: { $0.record.name == name }) {
                throw StorageError.studyAlreadyExists(name: name)
            }
            let record = StudyRecord(id: state.nextStudyID, name: name, directions: directions)
            state.nextStudyID += 1
            state.studies[record.id] = StudyState(record: record)
            state.studyOrder.append(record.id)
            return record
        }
    }

    /// The study with this name, or `nil`.
    public func study(named name: String) throws -> StudyRecord? {
        state.withLock { state in state.studies.values.first { $0.record.name == name }?.record }
    }

    /// Every study in creation order.
    public func allStudies() throws -> [StudyRecord] {
        state.withLock { state in state.studyOrder.compactMap { state.studies[$0]?.record } }
    }

    /// Deletes a study and its trials.
    public func deleteStudy(id: Int64) throws {
        try state.withLock { state in
            guard let study = state.studies.removeValue(forKey: id) else { throw StorageError.studyIDNotFound(id: id) }
            state.studyOrder.removeAll { $0 == id }
            for trialID in study.trialIDs {
                state.trials[trialID] = nil
                state.trialStudy[trialID] = nil
            }
        }
    }

    /// Sets one study attribute.
    public func setStudyAttribute(studyID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try state.withLock { state in
            guard state.studies[studyID] != nil else { throw StorageError.studyIDNotFound(id: studyID) }
            state.studies[studyID]!.attributes[kind, default: [:]][key] = value
        }
    }

    /// The study's attributes of one kind.
    public func studyAttributes(studyID: Int64, kind: AttributeKind) throws -> [String: AttributeValue] {
        try state.withLock { state in
            guard let study = state.studies[studyID] else { throw StorageError.studyIDNotFound(id: studyID) }
            return study.attributes[kind] ?? [:]
        }
    }

    /// The distribution of every parameter name of the study.
    public func studyDistributions(studyID: Int64) throws -> [String: Distribution] {
        try state.withLock { state in
            guard let study = state.studies[studyID] else { throw StorageError.studyIDNotFound(id: studyID) }
            return study.distributions
        }
    }

    /// Adds waiting trials (once per `onceKey`).
    @discardableResult
    public func enqueueTrials(studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool {
        try state.withLock { state in
            guard state.studies[studyID] != nil else { throw StorageError.studyIDNotFound(id: studyID) }
            if let onceKey {
                guard state.studies[studyID]!.onceKeys.insert(onceKey).inserted else { return false }
            }
            for template in templates {
                var attributes = template.systemAttributes
                attributes[TrialTemplate.fixedParametersKey] = .object(template.parameters.mapValues { .init($0) })
                let trial = FrozenTrial(
                    trialID: state.nextTrialID, number: state.studies[studyID]!.trialIDs.count, state: .waiting,
                    systemAttributes: attributes)
                state.nextTrialID += 1
                state.trials[trial.trialID] = trial
                state.trialStudy[trial.trialID] = studyID
                state.studies[studyID]!.trialIDs.append(trial.trialID)
                state.studies[studyID]!.waiting.append(trial.trialID)
            }
            return true
        }
    }

    /// Claims the next waiting trial or creates one, within the budget.
    public func claimTrial(studyID: Int64, maxTrials: Int?, createIfNoneWaiting: Bool) throws -> FrozenTrial? {
        try state.withLock { state in
            // Mutate in place (never copy a StudyState out of the dictionary): a copy would make every append to
            // `trialIDs` copy the whole array, turning a study into quadratic work.
            guard state.studies[studyID] != nil else { throw StorageError.studyIDNotFound(id: studyID) }
            if let maxTrials, state.studies[studyID]!.nonWaitingCount >= maxTrials { return nil }
            let now = Date()
            var claimed: FrozenTrial
            let head = state.studies[studyID]!.waitingHead
            if head < state.studies[studyID]!.waiting.count {
                let id = state.studies[studyID]!.waiting[head]
                state.studies[studyID]!.waitingHead += 1
                claimed = state.trials.removeValue(forKey: id)!
                claimed.state = .running
                claimed.startDate = now
            } else if createIfNoneWaiting {
                claimed = FrozenTrial(
                    trialID: state.nextTrialID, number: state.studies[studyID]!.trialIDs.count, state: .running,
                    startDate: now)
                state.nextTrialID += 1
                state.trialStudy[claimed.trialID] = studyID
                state.studies[studyID]!.trialIDs.append(claimed.trialID)
            } else {
                return nil
            }
            state.studies[studyID]!.nonWaitingCount += 1
            state.trials[claimed.trialID] = claimed
            state.heartbeats[claimed.trialID] = now
            return claimed
        }
    }

    /// Stores a parameter after checking the study-wide distribution.
    public func setTrialParameter(
        trialID: Int64, name: String, internalValue: Double, distribution: Distribution
    )
        throws
    {
        try mutateTrial(trialID) { state, trial, studyID in
            if let existing = state.studies[studyID]!.distributions[name], existing != distribution {
                throw SearchSpaceError.incompatibleDistribution(name: name, existing: existing, new: distribution)
            }
            state.studies[studyID]!.distributions[name] = distribution
            trial.parameters[name] = internalValue
            trial.distributions[name] = distribution
        }
    }

    /// Stores an intermediate value.
    public func setTrialIntermediateValue(trialID: Int64, step: Int, value: Double) throws {
        try mutateTrial(trialID) { _, trial, _ in trial.intermediateValues[step] = value }
    }

    /// Sets one trial attribute.
    public func setTrialAttribute(trialID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try mutateTrial(trialID) { _, trial, _ in
            switch kind {
            case .user: trial.userAttributes[key] = value
            case .system: trial.systemAttributes[key] = value
            }
        }
    }

    /// Moves a running trial to a final state (with a `claim`, only while it holds; see ``TrialClaim``).
    public func finishTrial(
        trialID: Int64, state newState: TrialState, values: [Double]?, constraints: [Double]?, failReason: String?,
        claim: TrialClaim?
    ) throws {
        try state.withLock { state in
            guard var trial = state.trials.removeValue(forKey: trialID) else {
                throw StorageError.trialNotFound(trialID: trialID)
            }
            // The trial is out of the dictionary while it changes, so its own dictionaries are not copied.
            defer { state.trials[trialID] = trial }
            if let claim,
                trial.state == .waiting || TrialClaim(of: trial).releaseCount != claim.releaseCount
            {
                throw StorageError.trialNoLongerHeld(trialID: trialID)
            }
            if trial.state.isFinished { throw StorageError.trialFinished(trialID: trialID) }
            guard newState.isFinished, trial.state == .running else {
                throw StorageError.invalidTransition(trialID: trialID, from: trial.state, to: newState)
            }
            trial.state = newState
            trial.values = values
            trial.constraints = constraints
            trial.failReason = failReason
            trial.completeDate = Date()
            state.heartbeats[trialID] = nil
        }
    }

    /// One trial.
    public func trial(id: Int64) throws -> FrozenTrial {
        try state.withLock { state in
            guard let trial = state.trials[id] else { throw StorageError.trialNotFound(trialID: id) }
            return trial
        }
    }

    /// The study's trials in number order.
    public func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        try state.withLock { state in
            guard let study = state.studies[studyID] else { throw StorageError.studyIDNotFound(id: studyID) }
            let all = study.trialIDs.map { state.trials[$0]! }
            guard let states else { return all }
            return all.filter { states.contains($0.state) }
        }
    }

    /// The study's trial with this number (its position in the study), without copying the others.
    public func trial(studyID: Int64, number: Int) throws -> FrozenTrial? {
        try state.withLock { state in
            guard let study = state.studies[studyID] else { throw StorageError.studyIDNotFound(id: studyID) }
            guard study.trialIDs.indices.contains(number) else { return nil }
            return state.trials[study.trialIDs[number]]
        }
    }

    /// The study's trials numbered `first` or above (numbers are positions in the study).
    public func trials(studyID: Int64, numberedFrom first: Int) throws -> [FrozenTrial] {
        try state.withLock { state in
            guard let study = state.studies[studyID] else { throw StorageError.studyIDNotFound(id: studyID) }
            return study.trialIDs.dropFirst(max(first, 0)).map { state.trials[$0]! }
        }
    }

    /// Counts the study's trials in `states`.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try state.withLock { state in
            guard let study = state.studies[studyID] else { throw StorageError.studyIDNotFound(id: studyID) }
            guard let states else { return study.trialIDs.count }
            return study.trialIDs.reduce(0) { $0 + (states.contains(state.trials[$1]!.state) ? 1 : 0) }
        }
    }

    /// Refreshes the heartbeat of a running trial (other trials are left alone).
    public func recordHeartbeat(trialID: Int64) throws {
        state.withLock { state in
            if state.trials[trialID]?.state == .running { state.heartbeats[trialID] = Date() }
        }
    }

    /// Moves each of these running trials back to waiting (``TrialRelease``), first in its study's queue.
    public func releaseTrials(trialIDs: [Int64], reason: String) throws -> [FrozenTrial] {
        state.withLock { state in trialIDs.compactMap { release($0, reason: reason, in: &state) } }
    }

    /// Releases the study's running trials whose heartbeat is older than `gracePeriod` seconds. In one process
    /// this only matters for trials whose worker thread died; a crashed process takes this storage with it.
    public func releaseStaleTrials(studyID: Int64, gracePeriod: TimeInterval) throws -> [FrozenTrial] {
        try state.withLock { state in
            guard let study = state.studies[studyID] else { throw StorageError.studyIDNotFound(id: studyID) }
            let now = Date()
            var released: [FrozenTrial] = []
            for id in study.trialIDs {
                guard let trial = state.trials[id], trial.state == .running else { continue }
                let age = now.timeIntervalSince(state.heartbeats[id] ?? trial.startDate ?? now)
                guard age > gracePeriod else { continue }
                let reason = TrialRelease.staleReason(age: age, gracePeriod: gracePeriod)
                if let trial = release(id, reason: reason, in: &state) { released.append(trial) }
            }
            return released
        }
    }

    /// Releases one running trial inside the lock; `nil` when it is not running.
    private func release(_ trialID: Int64, reason: String, in state: inout State) -> FrozenTrial? {
        guard let running = state.trials[trialID], running.state == .running,
            let studyID = state.trialStudy[trialID]
        else { return nil }
        var waiting = FrozenTrial(
            trialID: trialID, number: running.number, state: .waiting,
            systemAttributes: TrialRelease.waitingSystemAttributes(of: running, reason: reason))
        waiting.startDate = nil
        state.trials[trialID] = waiting
        state.heartbeats[trialID] = nil
        state.studies[studyID]!.nonWaitingCount -= 1
        // The queue keeps number order: drop the claimed prefix and put the trial back in its place.
        let head = state.studies[studyID]!.waitingHead
        state.studies[studyID]!.waiting.removeFirst(head)
        state.studies[studyID]!.waitingHead = 0
        let queue = state.studies[studyID]!.waiting
        let position = queue.firstIndex { state.trials[$0]!.number > running.number } ?? queue.count
        state.studies[studyID]!.waiting.insert(trialID, at: position)
        return waiting
    }

    private func mutateTrial(
        _ trialID: Int64, _ body: (inout State, inout FrozenTrial, Int64) throws -> Void
    ) throws {
        try state.withLock { state in
            guard let studyID = state.trialStudy[trialID], var trial = state.trials.removeValue(forKey: trialID) else {
                throw StorageError.trialNotFound(trialID: trialID)
            }
            // The trial is out of the dictionary while it changes, so its own dictionaries are not copied.
            defer { state.trials[trialID] = trial }
            if trial.state.isFinished { throw StorageError.trialFinished(trialID: trialID) }
            try body(&state, &trial, studyID)
        }
    }
}
