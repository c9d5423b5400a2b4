import Foundation

/// Where studies and trials live: in memory, in a SQLite file, or in PostgreSQL.
///
/// Every study operation goes through this protocol, so several threads *and several processes* can work on one
/// study and a restarted study resumes where it stopped.
///
/// ## Contract (every backend must keep it; `StorageConformance` in VernierTestSupport checks it)
///
/// 1. **Atomic state transitions.** Each method is one transaction: it happens completely or not at all, and
///    no reader sees half of it. Allowed transitions are `waiting → running` (only through ``claimTrial(studyID:maxTrials:createIfNoneWaiting:)``),
///    `running → complete | pruned | failed` (only through ``finishTrial(trialID:state:values:constraints:failReason:claim:)``) and
///    `running → waiting` (only through ``releaseTrials(trialIDs:reason:)`` and ``releaseStaleTrials(studyID:gracePeriod:)``,
///    following ``TrialRelease``: the trial keeps its number and its parameters become fixed). Finishing with a
///    ``TrialClaim`` checks in the same atomic step that the claim still holds, so a worker whose trial was
///    released meanwhile never finishes it, not even after someone else claimed it again.
/// 2. **Finished trials are immutable.** Once a trial is `complete`, `pruned` or `failed`, every write to it
///    (state, value, parameters, intermediate values, attributes) throws ``StorageError/trialFinished(trialID:)``.
/// 3. **Claims are exclusive.** A waiting trial is handed to exactly one caller, even when several processes
///    claim at the same moment; trial numbers within a study are 0, 1, 2, … without gaps or duplicates.
/// 4. **The trial budget is study-wide and atomic.** `claimTrial(maxTrials: n)` returns `nil` once the study
///    holds `n` trials that are running or finished, counting trials of earlier runs and of other processes.
/// 5. **One distribution per name.** Within a study, a parameter name keeps the distribution it was first
///    stored with; ``setTrialParameter(trialID:name:internalValue:distribution:)`` with another one throws
///    ``SearchSpaceError/incompatibleDistribution(name:existing:new:)``.
/// 6. **Safe for threads and processes.** Conforming types are `Sendable`; methods may be called from any
///    thread. File- or server-backed storages also tolerate other processes writing the same study
///    (SQLite: `BEGIN IMMEDIATE` transactions with a busy timeout and retries).
/// 7. **Reads are snapshots.** `trials(studyID:states:)` returns values, not live views.
/// 8. **Heartbeats.** Claiming a trial records its first heartbeat; ``recordHeartbeat(trialID:)`` refreshes it,
///    and ``releaseStaleTrials(studyID:gracePeriod:)`` returns running trials whose worker stopped beating (a
///    crashed or killed process) to `waiting`, with a reason that says so. Clocks: the heartbeat is the writer's wall clock, so
///    machines sharing a PostgreSQL study should run NTP; keep the grace period well above clock skew.
///
/// ```swift
/// let storage = try StorageURL(parsing: "memory:").makeStorage()   // or InMemoryStorage()
/// let study = try Study(name: "demo", direction: .minimize, storage: storage)
/// ```
public protocol Storage: AnyObject, Sendable {
    /// A short description of where the data lives, e.g. `memory:` or `sqlite:runs/vernier.db`.
    var url: String { get }

    /// Creates a study with one direction per objective (at least one); throws
    /// ``StorageError/studyAlreadyExists(name:)`` if the name is taken.
    func createStudy(name: String, directions: [StudyDirection]) throws -> StudyRecord
    /// The study with this name, or `nil`.
    func study(named name: String) throws -> StudyRecord?
    /// Every study, ordered by creation.
    func allStudies() throws -> [StudyRecord]
    /// Deletes a study with all its trials; throws ``StorageError/studyNotFound(name:)`` if it does not exist.
    func deleteStudy(id: Int64) throws
    /// Sets (or replaces) one attribute of a study.
    func setStudyAttribute(studyID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws
    /// The attributes of a study of one kind.
    func studyAttributes(studyID: Int64, kind: AttributeKind) throws -> [String: AttributeValue]
    /// The distribution stored for every parameter name of the study (see rule 5).
    func studyDistributions(studyID: Int64) throws -> [String: Distribution]

    /// Adds `templates` as waiting trials, in order. With a `onceKey`, the whole batch is added only if no
    /// batch with that key was added to the study before (checked and recorded in the same transaction), and
    /// the method returns whether it added it; grid and sensitivity samplers use this so that every point is
    /// enqueued exactly once however many processes start.
    @discardableResult
    func enqueueTrials(studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool
    /// Atomically moves the lowest-numbered waiting trial to `running`, or, when none waits and
    /// `createIfNoneWaiting` is true, creates a new running trial. Returns `nil` when the study already holds
    /// `maxTrials` running or finished trials, or when nothing waits and creating is not allowed.
    func claimTrial(studyID: Int64, maxTrials: Int?, createIfNoneWaiting: Bool) throws -> FrozenTrial?
    /// Stores a parameter of a running trial (internal value) and checks the study-wide distribution (rule 5).
    func setTrialParameter(trialID: Int64, name: String, internalValue: Double, distribution: Distribution) throws
    /// Stores (or replaces) the intermediate value of a running trial at `step`.
    func setTrialIntermediateValue(trialID: Int64, step: Int, value: Double) throws
    /// Sets one attribute of a waiting or running trial.
    func setTrialAttribute(trialID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws
    /// Moves a running trial to a final state with its objective `values` (one per direction; for `pruned` the
    /// last intermediate value) and the `constraints` its objective reported, atomically. With a `claim`, only while that claim still holds (the
    /// trial is running and was not released since): otherwise it throws ``StorageError/trialNoLongerHeld(trialID:)``
    /// and changes nothing. Throws ``StorageError/trialFinished(trialID:)`` if the trial is already finished and
    /// ``StorageError/invalidTransition(trialID:from:to:)`` for any other illegal move.
    func finishTrial(
        trialID: Int64, state: TrialState, values: [Double]?, constraints: [Double]?, failReason: String?,
        claim: TrialClaim?
    ) throws
    /// One trial by its identifier; throws ``StorageError/trialNotFound(trialID:)``.
    func trial(id: Int64) throws -> FrozenTrial
    /// The trials of a study in number order, optionally only those in `states`.
    func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial]
    /// The study's trial with this number, or `nil` (the default scans ``trials(studyID:states:)``; SQL storage
    /// looks it up by its index).
    func trial(studyID: Int64, number: Int) throws -> FrozenTrial?
    /// The study's trials numbered `first` or above, in every state, in number order; throws
    /// ``StorageError/studyIDNotFound(id:)`` for an unknown study. A reader that holds the finished trials below
    /// `first` (they never change, rule 2, and numbers have no gaps, rule 3) reads everything else with this one
    /// call (``FinishedTrialCache``). The default filters ``trials(studyID:states:)``; SQL storage selects by the
    /// number's index.
    func trials(studyID: Int64, numberedFrom first: Int) throws -> [FrozenTrial]
    /// How many trials of the study are in `states` (all trials when `nil`).
    func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int

    /// Records that the worker running `trialID` is alive (contract rule 8). A trial that is no longer
    /// running is left alone (no error): its worker learns that it lost the trial when it tries to finish it.
    func recordHeartbeat(trialID: Int64) throws
    /// In one transaction, moves each of `trialIDs` that is `running` back to `waiting` following ``TrialRelease``
    /// (trials in another state are left alone) and returns the released trials as they now are. A process that
    /// is stopped by a signal, or abandons a batch of claimed trials, releases them so the study runs them again.
    func releaseTrials(trialIDs: [Int64], reason: String) throws -> [FrozenTrial]
    /// In one transaction, releases (as ``releaseTrials(trialIDs:reason:)``) every running trial of the study whose
    /// last heartbeat (or, without one, its start) is more than `gracePeriod` seconds old, with
    /// ``TrialRelease/staleReason(age:gracePeriod:)``, and returns them (contract rule 8). Concurrent callers never
    /// release the same trial twice.
    func releaseStaleTrials(studyID: Int64, gracePeriod: TimeInterval) throws -> [FrozenTrial]
}

extension Storage {
    /// Creates a one-objective study (see ``createStudy(name:directions:)``).
    ///
    /// ```swift
    /// let record = try storage.createStudy(name: "lr", direction: .maximize)
    /// ```
    public func createStudy(name: String, direction: StudyDirection) throws -> StudyRecord {
        try createStudy(name: name, directions: [direction])
    }

    /// Finishes a running trial of a one-objective study without constraints:
    /// ``finishTrial(trialID:state:values:constraints:failReason:claim:)`` with `value` as a one-element vector.
    ///
    /// ```swift
    /// try storage.finishTrial(trialID: id, state: .complete, value: 0.9, failReason: nil, claim: nil)
    /// ```
    public func finishTrial(
        trialID: Int64, state: TrialState, value: Double?, failReason: String?, claim: TrialClaim?
    ) throws {
        try finishTrial(
            trialID: trialID, state: state, values: value.map { [$0] }, constraints: nil, failReason: failReason,
            claim: claim)
    }

    /// Finishes a running trial whoever claimed it (`vernier tell`, a trial known by number), without a claim.
    ///
    /// ```swift
    /// try storage.finishTrial(trialID: id, state: .failed, value: nil, failReason: "out of memory")
    /// ```
    public func finishTrial(trialID: Int64, state: TrialState, value: Double?, failReason: String?) throws {
        try finishTrial(trialID: trialID, state: state, value: value, failReason: failReason, claim: nil)
    }

    /// Scans the study's trials for the one with this number.
    public func trial(studyID: Int64, number: Int) throws -> FrozenTrial? {
        try trials(studyID: studyID, states: nil).first { $0.number == number }
    }

    /// Filters ``trials(studyID:states:)``.
    public func trials(studyID: Int64, numberedFrom first: Int) throws -> [FrozenTrial] {
        try trials(studyID: studyID, states: nil).filter { $0.number >= first }
    }

    /// Default: counts the result of ``trials(studyID:states:)``. Backends override it with a cheaper query.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try trials(studyID: studyID, states: states).count
    }

    /// The study with this name; throws ``StorageError/studyNotFound(name:)`` when it does not exist.
    ///
    /// ```swift
    /// let record = try storage.requireStudy(named: "lr-sweep")
    /// ```
    public func requireStudy(named name: String) throws -> StudyRecord {
        guard let record = try study(named: name) else { throw StorageError.studyNotFound(name: name) }
        return record
    }
}

/// A study as storage knows it: identifier, name and the direction of each objective.
///
/// ```swift
/// for record in try storage.allStudies() { print(record.name, record.directions) }
/// ```
public struct StudyRecord: Sendable, Hashable, Codable {
    /// The storage's identifier.
    public var id: Int64
    /// The unique name.
    public var name: String
    /// Minimize or maximize, one per objective (one element for a one-objective study).
    public var directions: [StudyDirection]

    /// The direction of the first objective (the only one of a one-objective study).
    public var direction: StudyDirection { directions[0] }

    /// Creates a record of a one-objective study.
    ///
    /// ```swift
    /// let record = StudyRecord(id: 1, name: "demo", direction: .minimize)
    /// ```
    public init(id: Int64, name: String, direction: StudyDirection) {
        self.init(id: id, name: name, directions: [direction])
    }

    /// Creates a record; `directions` must not be empty.
    ///
    /// ```swift
    /// let record = StudyRecord(id: 1, name: "size", directions: [.maximize, .minimize])
    /// ```
    public init(id: Int64, name: String, directions: [StudyDirection]) {
        precondition(!directions.isEmpty, "StudyRecord: a study has at least one direction")
        self.id = id
        self.name = name
        self.directions = directions
    }
}
