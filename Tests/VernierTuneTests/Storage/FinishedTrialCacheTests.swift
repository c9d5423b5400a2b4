import Foundation
import Synchronization
import Testing
import VernierTestSupport
import VernierTune

@Suite struct FinishedTrialCacheTests {
    @Test func conformsToTheStorageContract() throws {
        try StorageConformance.run(
            makeStorage: { FinishedTrialCache(base: InMemoryStorage()) },
            reopen: { FinishedTrialCache(base: ($0 as! FinishedTrialCache).base) })
    }

    /// Runs `count` trials of `study` through `storage` directly (as another process would), values 0, 1, 2, …
    func finishTrials(_ count: Int, study: Int64, in storage: any Storage) throws {
        for _ in 0..<count {
            let trial = try #require(try storage.claimTrial(studyID: study, maxTrials: nil, createIfNoneWaiting: true))
            try storage.setTrialParameter(
                trialID: trial.trialID, name: "x", internalValue: Double(trial.number),
                distribution: .float(try FloatDistribution(low: 0, high: 100)))
            try storage.finishTrial(
                trialID: trial.trialID, state: .complete, value: Double(trial.number), failReason: nil, claim: nil)
        }
    }

    @Test func loadsOnlyTheTrialsFinishedSinceTheLastRead() throws {
        let base = CountingStorage(InMemoryStorage())
        let cache = FinishedTrialCache(base: base)
        let study = try base.createStudy(name: "s", direction: .minimize).id
        try finishTrials(20, study: study, in: base)

        #expect(try cache.trials(studyID: study, states: [.complete]).map(\.number) == Array(0..<20))
        #expect(base.loaded.withLock { $0 } == 20)

        // Nothing changed: no trial is loaded again.
        #expect(try cache.trials(studyID: study, states: [.complete]).count == 20)
        #expect(base.loaded.withLock { $0 } == 20)

        // One more trial, finished elsewhere: loaded alone.
        try finishTrials(1, study: study, in: base)
        #expect(try cache.trials(studyID: study, states: [.complete]).map(\.number) == Array(0..<21))
        #expect(base.loaded.withLock { $0 } == 21)

        // A running trial and three finished after it: those four are read on every read until it finishes,
        // then settle.
        let running = try #require(try base.claimTrial(studyID: study, maxTrials: nil, createIfNoneWaiting: true))
        try finishTrials(3, study: study, in: base)
        #expect(
            try cache.trials(studyID: study, states: nil).map(\.state).suffix(5) == [
                .complete, .running, .complete, .complete, .complete,
            ])
        #expect(base.loaded.withLock { $0 } == 25)
        try base.finishTrial(trialID: running.trialID, state: .complete, value: 1, failReason: nil, claim: nil)
        #expect(try cache.trials(studyID: study, states: [.complete]).count == 25)
        #expect(try cache.trials(studyID: study, states: [.complete]).count == 25)
        #expect(base.loaded.withLock { $0 } == 29)
        #expect(base.fullReads.withLock { $0 } == 0)
        // A settled trial by number comes from the cache.
        #expect(try cache.trial(studyID: study, number: 21)?.value == 1)
        #expect(base.singleReads.withLock { $0 } == 0)
    }

    @Test func aStudyReadsItsFinishedTrialsOnce() throws {
        let base = CountingStorage(InMemoryStorage())
        let study = try Study(name: "s", direction: .minimize, storage: base, sampler: TPESampler(seed: 1))
        try study.optimize(trials: 30) { trial in try trial.suggestFloat("x", in: 0...1) }
        // Each trial's reads load the trials from the first unfinished one on: itself, once finished trials
        // settled. Without the cache the 30 asks alone would load 0 + 1 + … + 29 = 435 trials.
        #expect(base.loaded.withLock { $0 } < 200, "\(base.loaded.withLock { $0 }) trials loaded")
        #expect(base.fullReads.withLock { $0 } == 0)
        #expect(try study.trials().map(\.number) == Array(0..<30))
    }

    @Test func aRunningTrialAppearsOnceAndFinishedOnceItIs() throws {
        let base = InMemoryStorage()
        let cache = FinishedTrialCache(base: base)
        let study = try base.createStudy(name: "s", direction: .maximize).id
        try finishTrials(2, study: study, in: base)
        let running = try #require(try base.claimTrial(studyID: study, maxTrials: nil, createIfNoneWaiting: true))

        let before = try cache.trials(studyID: study, states: nil)
        #expect(before.map(\.number) == [0, 1, 2])
        #expect(before.map(\.state) == [.complete, .complete, .running])
        #expect(try cache.trials(studyID: study, states: [.running]).map(\.number) == [2])

        try base.finishTrial(trialID: running.trialID, state: .pruned, value: 7, failReason: nil, claim: nil)
        let after = try cache.trials(studyID: study, states: nil)
        #expect(after.map(\.number) == [0, 1, 2])
        #expect(after.map(\.state) == [.complete, .complete, .pruned])
        #expect(try cache.trials(studyID: study, states: [.complete]).map(\.number) == [0, 1])
        #expect(try cache.trials(studyID: study, states: [.running]).isEmpty)
    }

    @Test func aDeletedStudyIsForgotten() throws {
        let base = InMemoryStorage()
        let cache = FinishedTrialCache(base: base)
        let first = try cache.createStudy(name: "s", direction: .minimize).id
        try finishTrials(3, study: first, in: cache)
        #expect(try cache.trials(studyID: first, states: nil).count == 3)
        try cache.deleteStudy(id: first)
        let second = try cache.createStudy(name: "s", direction: .minimize).id
        try finishTrials(1, study: second, in: cache)
        #expect(try cache.trials(studyID: second, states: nil).map(\.values) == [[0]])
    }
}

/// A storage that counts the trial reads that reach it and forwards everything to `base`.
final class CountingStorage: ForwardingStorage, Sendable {
    let base: any Storage
    /// Calls of `trials(studyID:states:)`.
    let fullReads = Mutex(0)
    /// Trials returned by `trials(studyID:numberedFrom:)`.
    let loaded = Mutex(0)
    /// Calls of `trial(studyID:number:)`.
    let singleReads = Mutex(0)

    init(_ base: InMemoryStorage) { self.base = base }

    func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        fullReads.withLock { $0 += 1 }
        return try base.trials(studyID: studyID, states: states)
    }
    func trials(studyID: Int64, numberedFrom first: Int) throws -> [FrozenTrial] {
        let found = try base.trials(studyID: studyID, numberedFrom: first)
        loaded.withLock { $0 += found.count }
        return found
    }
    func trial(studyID: Int64, number: Int) throws -> FrozenTrial? {
        singleReads.withLock { $0 += 1 }
        return try base.trial(studyID: studyID, number: number)
    }
}
