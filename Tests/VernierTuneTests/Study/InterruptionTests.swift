import Foundation
import Testing
import VernierTune

/// What a study does with work lost to an interruption: an abandoned batch returns to waiting as a whole, a
/// stopped process releases what it runs, a rejected ask writes nothing, a stalled process's late result is
/// dropped, and a study whose budget is used waits for other processes' running trials.
@Suite struct InterruptionTests {
    struct Boom: Error {}

    @Test func anAbandonedBatchReturnsToWaitingAsAWholeAndRunsFirstNextTime() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "b", direction: .minimize, storage: storage, sampler: RandomSampler(seed: 1))
        var suggested: [Int: Double] = [:]
        #expect(throws: Boom.self) {
            try study.optimize(
                trials: 6, repeats: 1, batchSize: 4,
                batchObjective: { evaluations in
                    for evaluation in evaluations {
                        suggested[evaluation.trial.number] = try evaluation.trial.suggestFloat("x", in: 0...1)
                    }
                    throw Boom()
                }, objective: { _, _ in 0 })
        }
        let waiting = try study.trials(states: [.waiting])
        #expect(waiting.map(\.number) == [0, 1, 2, 3])
        #expect(try study.trials(states: [.running]).isEmpty)
        #expect(
            waiting.allSatisfy { $0.systemAttributes[TrialRelease.reasonKey]?.stringValue?.hasPrefix("batch") == true })
        var rerun: [Int: Double] = [:]
        try study.optimize(trials: 6) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            rerun[trial.number] = x
            return x
        }
        #expect(try study.trials(states: [.complete]).map(\.number) == Array(0..<6))
        for number in 0..<4 { #expect(rerun[number] == suggested[number], "trial \(number)") }
    }

    @Test func releaseAllReturnsTheRunningTrialsAndStopsClaims() throws {
        let storage = InMemoryStorage()
        let running = RunningTrials()
        let study = try Study(name: "r", direction: .minimize, storage: storage, runningTrials: running)
        var released: [Int64] = []
        let summary = try study.optimize(trials: 5) { trial in
            _ = try trial.suggestFloat("x", in: 0...1)
            if trial.number == 2 { released = running.releaseAll(reason: "interrupted (SIGTERM)") }
            return 1
        }
        #expect(released.count == 1)
        #expect(running.isStopping)
        #expect(summary.trialsRun == 2, "the released trial's result is dropped and nothing new is claimed")
        let trials = try study.trials()
        #expect(trials.map(\.state) == [.complete, .complete, .waiting])
        #expect(trials[2].systemAttributes[TrialRelease.reasonKey] == .string("interrupted (SIGTERM)"))
    }

    @Test func aRejectedAskWritesNothing() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "ask", direction: .maximize, storage: storage)
        let first = try #require(
            try study.ask(maxTrials: nil, fixedDistributions: ["n": .int(try IntDistribution(low: 0, high: 9))]))
        try study.tell(first, value: 1)
        let other: Distribution = .int(try IntDistribution(low: 0, high: 99))
        #expect(throws: SearchSpaceError.self) { try study.ask(maxTrials: nil, fixedDistributions: ["n": other]) }
        #expect(try study.trials().count == 1)
    }

    @Test func whenTheBudgetIsUsedTheStudyWaitsForAnotherProcesssLostTrialAndRunsIt() throws {
        let storage = InMemoryStorage()
        let options = WorkerOptions(workerID: "me", heartbeatInterval: 0.05, gracePeriod: 0.3)
        let dead = try Study(name: "w", direction: .minimize, storage: storage)
        let lost = try #require(try dead.ask(maxTrials: nil))
        let x = try lost.suggestFloat("x", in: 0...1)  // its process died: no heartbeat, never told
        let study = try Study(name: "w", direction: .minimize, storage: storage, workerOptions: options)
        var values: [Int: Double] = [:]
        let summary = try study.optimize(trials: 3) { trial in
            let value = try trial.suggestFloat("x", in: 0...1)
            values[trial.number] = value
            return value
        }
        #expect(summary.trialsRun == 3)
        #expect(try study.trials(states: [.complete]).map(\.number) == [0, 1, 2])
        #expect(values[lost.number] == x)
    }
}
