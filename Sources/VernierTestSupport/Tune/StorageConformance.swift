import Foundation
import Synchronization
import Testing
import VernierTune

/// Checks that a ``Storage`` backend keeps the storage contract (see the doc comment of `Storage`). Every
/// backend's tests call ``run(makeStorage:reopen:)``; the individual checks are public too.
///
/// `makeStorage` returns a fresh, empty storage; `reopen` returns a *second handle* on the same data (the same
/// object for in-memory storage, a new connection to the same file for SQLite), used for concurrency and
/// resume checks.
///
/// ```swift
/// @Test func conformance() throws {
///     try StorageConformance.run(makeStorage: { InMemoryStorage() }, reopen: { $0 })
/// }
/// ```
public enum StorageConformance {
    /// A factory of fresh storages.
    public typealias Factory = () throws -> any Storage
    /// Opens a second handle on the same data.
    public typealias Reopen = (any Storage) throws -> any Storage

    /// Runs every check.
    ///
    /// ```swift
    /// try StorageConformance.run(makeStorage: { try SQLiteStorage(path: tempPath()) },
    ///                            reopen: { try SQLiteStorage(path: ($0 as! SQLiteStorage).path) })
    /// ```
    public static func run(makeStorage: Factory, reopen: Reopen, claimsPerWorker: Int = 200) throws {
        try studies(try makeStorage())
        try trialLifecycle(try makeStorage())
        try finishedTrialsAreImmutable(try makeStorage())
        try distributionsAreStudyWide(try makeStorage())
        try budgetIsStudyWide(try makeStorage())
        try enqueueOnceAndClaimOrder(try makeStorage())
        try resumeKeepsTrials(try makeStorage(), reopen: reopen)
        try concurrentClaims(try makeStorage(), reopen: reopen, claimsPerWorker: claimsPerWorker)
        try heartbeats(try makeStorage(), reopen: reopen)
        try staleTrialsReturnToWaiting(try makeStorage(), reopen: reopen)
        try lostClaimsDoNotFinish(try makeStorage(), reopen: reopen)
        try vectorsAndConstraints(try makeStorage(), reopen: reopen)
        try readsByNumber(try makeStorage(), reopen: reopen)
    }

    /// Rule 1 with a ``TrialClaim``: a worker whose trial was released (a stall past the grace period) cannot
    /// finish it with its old claim, neither while it waits, nor after another worker claimed it again, nor after
    /// that worker finished it; the new holder's claim finishes it. Through a study, `optimize` drops the result
    /// of such a trial and leaves the new holder's claim alone.
    public static func lostClaimsDoNotFinish(_ storage: any Storage, reopen: Reopen) throws {
        let study = try storage.createStudy(name: "lost-claim", direction: .minimize)
        let first = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        let stale = TrialClaim(of: first)
        let other = try reopen(storage)
        #expect(try other.releaseTrials(trialIDs: [first.trialID], reason: "stalled").map(\.trialID) == [first.trialID])
        let lost = StorageError.trialNoLongerHeld(trialID: first.trialID)
        #expect(throws: lost) {
            try storage.finishTrial(trialID: first.trialID, state: .complete, value: 1, failReason: nil, claim: stale)
        }
        #expect(try storage.trial(id: first.trialID).state == .waiting)
        let again = try #require(try other.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: false))
        #expect(again.trialID == first.trialID)
        #expect(TrialClaim(of: again) != stale)
        #expect(throws: lost) {
            try storage.finishTrial(trialID: first.trialID, state: .failed, value: nil, failReason: "x", claim: stale)
        }
        #expect(try other.trial(id: again.trialID).state == .running)
        try other.finishTrial(
            trialID: again.trialID, state: .complete, value: 2, failReason: nil, claim: TrialClaim(of: again))
        #expect(throws: lost) {
            try storage.finishTrial(trialID: first.trialID, state: .complete, value: 1, failReason: nil, claim: stale)
        }
        #expect(throws: StorageError.trialFinished(trialID: again.trialID)) {
            try other.finishTrial(
                trialID: again.trialID, state: .complete, value: 3, failReason: nil, claim: TrialClaim(of: again))
        }
        let finished = try storage.trial(id: first.trialID)
        #expect(finished.state == .complete && finished.value == 2)

        // Through a study: the objective's trial is released and claimed by another worker while it runs.
        let studied = try Study(
            name: "stalled", direction: .minimize, storage: storage, sampler: RandomSampler(seed: 1))
        var taken: FrozenTrial?
        let summary = try studied.optimize(trials: 1) { trial in
            _ = try other.releaseTrials(trialIDs: [trial.trialID], reason: "stalled")
            taken = try other.claimTrial(studyID: studied.id, maxTrials: nil, createIfNoneWaiting: false)
            return 1
        }
        #expect(summary.trialsRun == 0)
        let holder = try #require(taken)
        #expect(try storage.trial(id: holder.trialID).state == .running)
        try other.finishTrial(
            trialID: holder.trialID, state: .complete, value: 4, failReason: nil, claim: TrialClaim(of: holder))
        #expect(try storage.trial(id: holder.trialID).value == 4)
    }

    /// `releaseStaleTrials` returns a dead worker's trial to waiting under its own number (rule 1 and 8,
    /// ``TrialRelease``): its suggested parameters join its fixed ones, its template's system attributes stay,
    /// what the lost run wrote (worker id, rung values, intermediate values, user attributes) goes, and the
    /// release is counted; a second releaser finds nothing; the next claim takes it before any new trial, and it
    /// can be released again. Takes about 0.7 s (heartbeats must age).
    public static func staleTrialsReturnToWaiting(_ storage: any Storage, reopen: Reopen) throws {
        let study = try storage.createStudy(name: "release", direction: .minimize)
        try storage.enqueueTrials(
            studyID: study.id,
            templates: [
                TrialTemplate(parameters: ["a": .int(4)], systemAttributes: ["origin": .string("grid")]),
                TrialTemplate(parameters: ["a": .int(5)]),
            ],
            onceKey: nil)
        let lost = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: false))
        let b = try FloatDistribution(low: 0, high: 1)
        try storage.setTrialParameter(trialID: lost.trialID, name: "b", internalValue: 0.25, distribution: .float(b))
        try storage.setTrialIntermediateValue(trialID: lost.trialID, step: 1, value: 0.5)
        try storage.setTrialAttribute(trialID: lost.trialID, key: "note", value: .string("lost run"), kind: .user)
        try storage.setTrialAttribute(
            trialID: lost.trialID, key: WorkerOptions.workerIDKey, value: .string("dead"), kind: .system)
        try storage.setTrialAttribute(
            trialID: lost.trialID, key: SuccessiveHalvingPruner.rungKey(0), value: .double(0.5), kind: .system)
        Thread.sleep(forTimeInterval: 0.3)
        let other = try reopen(storage)
        let released = try other.releaseStaleTrials(studyID: study.id, gracePeriod: 0.2)
        #expect(released.map(\.trialID) == [lost.trialID])
        #expect(try other.releaseStaleTrials(studyID: study.id, gracePeriod: 0.2).isEmpty)
        let waiting = try storage.trial(id: lost.trialID)
        #expect(waiting.state == .waiting)
        #expect(waiting.number == lost.number)
        #expect(waiting.startDate == nil)
        #expect(waiting.parameters.isEmpty && waiting.intermediateValues.isEmpty && waiting.userAttributes.isEmpty)
        #expect(waiting.systemAttributes["origin"] == .string("grid"))
        #expect(waiting.systemAttributes[WorkerOptions.workerIDKey] == nil)
        #expect(waiting.systemAttributes[SuccessiveHalvingPruner.rungKey(0)] == nil)
        #expect(waiting.systemAttributes[TrialRelease.countKey] == .int(1))
        #expect(waiting.systemAttributes[TrialRelease.reasonKey]?.stringValue?.contains("no heartbeat") == true)
        let fixed = waiting.systemAttributes[TrialTemplate.fixedParametersKey]?.objectValue
        #expect(fixed?["a"]?.parameterValue == .int(4))
        #expect(fixed?["b"]?.parameterValue == .double(0.25))
        #expect(try storage.trialCount(studyID: study.id, states: [.waiting]) == 2)
        // Run first when the study continues, and released again by the trial ids of a stopping process.
        let again = try #require(try storage.claimTrial(studyID: study.id, maxTrials: 1, createIfNoneWaiting: true))
        #expect(again.trialID == lost.trialID)
        let stopped = try storage.releaseTrials(trialIDs: [again.trialID, 999_999], reason: "interrupted (SIGINT)")
        #expect(stopped.map(\.trialID) == [again.trialID])
        #expect(stopped.first?.systemAttributes[TrialRelease.countKey] == .int(2))
        #expect(stopped.first?.systemAttributes[TrialRelease.reasonKey] == .string("interrupted (SIGINT)"))
        #expect(try storage.releaseTrials(trialIDs: [again.trialID], reason: "again").isEmpty)
        let last = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        #expect(last.trialID == lost.trialID)
        try storage.finishTrial(trialID: last.trialID, state: .complete, value: 1, failReason: nil)
        #expect(try storage.releaseTrials(trialIDs: [last.trialID], reason: "late").isEmpty)
        #expect(try storage.trial(id: last.trialID).state == .complete)
    }

    /// Rule 8: a trial whose heartbeat stops returns to waiting after the grace period (once, with the reason), a
    /// beating one does not; the study runs the lost trial again with the same parameters before any new one,
    /// and the worker id is recorded on claimed trials. Takes about half a second (it waits for heartbeats).
    public static func heartbeats(_ storage: any Storage, reopen: Reopen) throws {
        let options = WorkerOptions(workerID: "w-test", gracePeriod: 0.25)
        let study = try Study(
            name: "beats", direction: .minimize, storage: storage, sampler: RandomSampler(seed: 3),
            workerOptions: options)
        let lost = try #require(try study.ask(maxTrials: nil))
        let x = try lost.suggestFloat("x", in: 0...1)
        let alive = try #require(try study.ask(maxTrials: nil))
        #expect(try storage.trial(id: lost.trialID).systemAttributes[WorkerOptions.workerIDKey] == "w-test")
        Thread.sleep(forTimeInterval: 0.35)
        try storage.recordHeartbeat(trialID: alive.trialID)
        let other = try reopen(storage)
        // A second handle (another process) releases; the beating trial survives.
        let released = try other.releaseStaleTrials(studyID: study.id, gracePeriod: 0.25)
        #expect(released.map(\.trialID) == [lost.trialID])
        #expect(released.first?.state == .waiting)
        #expect(try storage.trial(id: alive.trialID).state == .running)
        #expect(try other.releaseStaleTrials(studyID: study.id, gracePeriod: 0.25).isEmpty)
        try storage.recordHeartbeat(trialID: lost.trialID)  // waiting: left alone, no error
        #expect(try storage.trial(id: lost.trialID).state == .waiting)
        // Through the study: the lost trial comes back first, with its parameter.
        try study.tell(alive, value: 1)
        let rerun = try #require(try study.ask(maxTrials: 2))
        #expect(rerun.number == lost.number)
        #expect(try rerun.suggestFloat("x", in: 0...1) == x)
        Thread.sleep(forTimeInterval: 0.35)
        let reaped = try study.releaseStaleTrials()
        #expect(reaped.map(\.number) == [lost.number])
        #expect(try study.releaseStaleTrials().isEmpty)
        // The budget of 2 counts finished and running trials only: the released one is claimed again.
        let third = try #require(try study.ask(maxTrials: 2))
        #expect(third.number == lost.number)
        #expect(try third.suggestFloat("x", in: 0...1) == x)
        #expect(try study.ask(maxTrials: 2) == nil)
    }

    /// Create, find, list, attributes, delete; duplicate names and unknown studies are errors.
    public static func studies(_ storage: any Storage) throws {
        let first = try storage.createStudy(name: "a", direction: .minimize)
        let second = try storage.createStudy(name: "b", direction: .maximize)
        #expect(first.id != second.id)
        #expect(try storage.study(named: "b") == second)
        #expect(try storage.study(named: "missing") == nil)
        #expect(try storage.allStudies().map(\.name) == ["a", "b"])
        #expect(throws: StorageError.studyAlreadyExists(name: "a")) {
            _ = try storage.createStudy(name: "a", direction: .maximize)
        }
        try storage.setStudyAttribute(studyID: first.id, key: "note", value: "x", kind: .user)
        try storage.setStudyAttribute(studyID: first.id, key: "note", value: .int(2), kind: .user)
        try storage.setStudyAttribute(studyID: first.id, key: "inner", value: .array([1, "two", .null]), kind: .system)
        #expect(try storage.studyAttributes(studyID: first.id, kind: .user) == ["note": .int(2)])
        #expect(try storage.studyAttributes(studyID: first.id, kind: .system)["inner"] == .array([1, "two", .null]))
        _ = try storage.claimTrial(studyID: first.id, maxTrials: nil, createIfNoneWaiting: true)
        try storage.deleteStudy(id: first.id)
        #expect(try storage.study(named: "a") == nil)
        #expect(try storage.allStudies().map(\.name) == ["b"])
        #expect(throws: StorageError.self) { try storage.deleteStudy(id: first.id) }
    }

    /// A trial from creation to completion: numbers, parameters, intermediate values, attributes, dates.
    public static func trialLifecycle(_ storage: any Storage) throws {
        let study = try storage.createStudy(name: "life", direction: .minimize)
        let distribution = Distribution.float(try FloatDistribution(low: 0, high: 1))
        let choice = Distribution.categorical(try CategoricalDistribution(choices: ["a", "b"]))
        let trial = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        #expect(trial.number == 0)
        #expect(trial.state == .running)
        #expect(trial.startDate != nil)
        try storage.setTrialParameter(
            trialID: trial.trialID, name: "x", internalValue: 0.25, distribution: distribution)
        try storage.setTrialParameter(trialID: trial.trialID, name: "c", internalValue: 1, distribution: choice)
        try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 0, value: 3)
        try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 1, value: 2)
        try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 1, value: 1.5)
        try storage.setTrialAttribute(trialID: trial.trialID, key: "k", value: .double(0.5), kind: .user)
        try storage.setTrialAttribute(trialID: trial.trialID, key: "s", value: .object(["a": 1]), kind: .system)
        try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 0.125, failReason: nil)
        let stored = try storage.trial(id: trial.trialID)
        #expect(stored.state == .complete)
        #expect(stored.value == 0.125)
        #expect(stored.parameters == ["x": 0.25, "c": 1])
        #expect(stored.distributions == ["x": distribution, "c": choice])
        #expect(stored.externalParameters == ["x": .double(0.25), "c": "b"])
        #expect(stored.intermediateValues == [0: 3, 1: 1.5])
        #expect(stored.userAttributes == ["k": .double(0.5)])
        #expect(stored.systemAttributes["s"] == .object(["a": 1]))
        #expect(stored.completeDate != nil)
        let second = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        #expect(second.number == 1)
        try storage.finishTrial(trialID: second.trialID, state: .failed, value: nil, failReason: "boom")
        #expect(try storage.trial(id: second.trialID).failReason == "boom")
        #expect(try storage.trials(studyID: study.id, states: [.failed]).map(\.number) == [1])
        #expect(try storage.trialCount(studyID: study.id, states: nil) == 2)
        #expect(try storage.trialCount(studyID: study.id, states: [.complete]) == 1)
        #expect(try storage.studyDistributions(studyID: study.id) == ["x": distribution, "c": choice])
        #expect(throws: StorageError.trialNotFound(trialID: 987_654)) { _ = try storage.trial(id: 987_654) }
        // By number: the whole trial, as by identifier; nil for a number the study does not have.
        #expect(try storage.trial(studyID: study.id, number: 0) == stored)
        #expect(try storage.trial(studyID: study.id, number: 1)?.trialID == second.trialID)
        #expect(try storage.trial(studyID: study.id, number: 2) == nil)
    }

    /// Rule 2: every write to a finished trial throws; only running trials can finish.
    public static func finishedTrialsAreImmutable(_ storage: any Storage) throws {
        let study = try storage.createStudy(name: "immutable", direction: .maximize)
        let trial = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.finishTrial(trialID: trial.trialID, state: .pruned, value: 1, failReason: nil)
        let finished = StorageError.trialFinished(trialID: trial.trialID)
        let distribution = Distribution.int(try IntDistribution(low: 0, high: 3))
        #expect(throws: finished) {
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 2, failReason: nil)
        }
        #expect(throws: finished) {
            try storage.setTrialParameter(
                trialID: trial.trialID, name: "n", internalValue: 1, distribution: distribution)
        }
        #expect(throws: finished) { try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 3, value: 0) }
        #expect(throws: finished) {
            try storage.setTrialAttribute(trialID: trial.trialID, key: "k", value: 1, kind: .user)
        }
        #expect(try storage.trial(id: trial.trialID).state == .pruned)
        #expect(try storage.trial(id: trial.trialID).value == 1)
        try storage.enqueueTrials(studyID: study.id, templates: [TrialTemplate(parameters: [:])], onceKey: nil)
        let waiting = try #require(try storage.trials(studyID: study.id, states: [.waiting]).first)
        #expect(throws: StorageError.invalidTransition(trialID: waiting.trialID, from: .waiting, to: .complete)) {
            try storage.finishTrial(trialID: waiting.trialID, state: .complete, value: 1, failReason: nil)
        }
    }

    /// Rule 5: a name keeps its first distribution within a study, but not across studies.
    public static func distributionsAreStudyWide(_ storage: any Storage) throws {
        let study = try storage.createStudy(name: "distributions", direction: .minimize)
        let other = try storage.createStudy(name: "other", direction: .minimize)
        let first = Distribution.float(try FloatDistribution(low: 0, high: 1))
        let second = Distribution.float(try FloatDistribution(low: 0, high: 2))
        let a = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.setTrialParameter(trialID: a.trialID, name: "x", internalValue: 0.5, distribution: first)
        let b = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        #expect(throws: SearchSpaceError.incompatibleDistribution(name: "x", existing: first, new: second)) {
            try storage.setTrialParameter(trialID: b.trialID, name: "x", internalValue: 0.5, distribution: second)
        }
        try storage.setTrialParameter(trialID: b.trialID, name: "x", internalValue: 0.75, distribution: first)
        let c = try #require(try storage.claimTrial(studyID: other.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.setTrialParameter(trialID: c.trialID, name: "x", internalValue: 1.5, distribution: second)
        #expect(try storage.trial(id: c.trialID).parameters["x"] == 1.5)
    }

    /// Rule 4: `maxTrials` counts running and finished trials, but not waiting ones.
    public static func budgetIsStudyWide(_ storage: any Storage) throws {
        let study = try storage.createStudy(name: "budget", direction: .minimize)
        var claimed: [FrozenTrial] = []
        while let trial = try storage.claimTrial(studyID: study.id, maxTrials: 3, createIfNoneWaiting: true) {
            claimed.append(trial)
            if claimed.count > 10 { break }
        }
        #expect(claimed.map(\.number) == [0, 1, 2])
        try storage.finishTrial(trialID: claimed[0].trialID, state: .failed, value: nil, failReason: "x")
        #expect(try storage.claimTrial(studyID: study.id, maxTrials: 3, createIfNoneWaiting: true) == nil)
        #expect(try storage.claimTrial(studyID: study.id, maxTrials: 4, createIfNoneWaiting: true)?.number == 3)
        #expect(try storage.trialCount(studyID: study.id, states: nil) == 4)
    }

    /// Enqueued trials are claimed first, lowest number first; a `onceKey` batch is added only once; without
    /// `createIfNoneWaiting`, an empty queue gives `nil`.
    public static func enqueueOnceAndClaimOrder(_ storage: any Storage) throws {
        let study = try storage.createStudy(name: "queue", direction: .minimize)
        let templates = (0..<3).map { TrialTemplate(parameters: ["x": .int($0)], systemAttributes: ["i": .int($0)]) }
        #expect(try storage.enqueueTrials(studyID: study.id, templates: templates, onceKey: "grid"))
        #expect(try !storage.enqueueTrials(studyID: study.id, templates: templates, onceKey: "grid"))
        #expect(try storage.trialCount(studyID: study.id, states: [.waiting]) == 3)
        var numbers: [Int] = []
        while let trial = try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: false) {
            numbers.append(trial.number)
            #expect(trial.state == .running)
            #expect(trial.systemAttributes["i"] == .int(trial.number))
            let fixed = trial.systemAttributes[TrialTemplate.fixedParametersKey]
            #expect(fixed == .object(["x": .int(trial.number)]))
        }
        #expect(numbers == [0, 1, 2])
        #expect(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true)?.number == 3)
    }

    /// A second handle sees the study and its trials, and numbering continues (resume).
    public static func resumeKeepsTrials(_ storage: any Storage, reopen: Reopen) throws {
        let record = try storage.createStudy(name: "resume", direction: .maximize)
        for value in [1.0, 2.0] {
            let trial = try #require(
                try storage.claimTrial(studyID: record.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: value, failReason: nil)
        }
        let again = try reopen(storage)
        let found = try #require(try again.study(named: "resume"))
        #expect(found == record)
        #expect(try again.trials(studyID: found.id, states: [.complete]).compactMap(\.value) == [1, 2])
        #expect(try again.claimTrial(studyID: found.id, maxTrials: nil, createIfNoneWaiting: true)?.number == 2)
        #expect(try again.claimTrial(studyID: found.id, maxTrials: 3, createIfNoneWaiting: true) == nil)
    }

    /// Rules 3 and 4 under contention: two workers (threads, each with its own handle from `reopen`) claim and
    /// finish trials against one budget; every number is handed out once, none is lost, the budget holds, and no
    /// call fails with a lock error.
    public static func concurrentClaims(_ storage: any Storage, reopen: Reopen, claimsPerWorker: Int) throws {
        let record = try storage.createStudy(name: "concurrent", direction: .minimize)
        let budget = 2 * claimsPerWorker
        let templates = (0..<(claimsPerWorker / 2)).map { TrialTemplate(parameters: ["x": .int($0)]) }
        try storage.enqueueTrials(studyID: record.id, templates: templates, onceKey: nil)
        let handles = [storage, try reopen(storage)]
        let claimed = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        let distribution = Distribution.float(try FloatDistribution(low: 0, high: 1))
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            let handle = handles[worker]
            do {
                while let trial = try handle.claimTrial(
                    studyID: record.id, maxTrials: budget, createIfNoneWaiting: true)
                {
                    try handle.setTrialParameter(
                        trialID: trial.trialID, name: "y", internalValue: 0.5, distribution: distribution)
                    try handle.finishTrial(trialID: trial.trialID, state: .complete, value: 1, failReason: nil)
                    claimed.withLock { $0.append(trial.number) }
                }
            } catch {
                failures.withLock { $0.append("worker \(worker): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let numbers = claimed.withLock { $0 }.sorted()
        #expect(numbers == Array(0..<budget))
        #expect(try storage.trialCount(studyID: record.id, states: [.complete]) == budget)
        #expect(try storage.trialCount(studyID: record.id, states: nil) == budget)
    }
}
