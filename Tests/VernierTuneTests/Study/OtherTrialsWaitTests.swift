import Testing

@testable import VernierTune

/// When the budget is used up while another process still runs a trial, a worker with a grace period waits for
/// it: first briefly (the other trial usually ends within a fraction of a second), then doubling the wait up to
/// min(1 s, grace/8), and not at all once nothing runs.
@Suite struct OtherTrialsWaitTests {
    @Test func theWaitStartsShortAndDoublesUpToItsCeiling() throws {
        let storage = InMemoryStorage()
        let other = try Study(name: "wait", direction: .minimize, storage: storage)
        let running = try other.ask()
        // Grace 0.8 s: the ceiling is 0.1 s.
        let study = try Study(
            name: "wait", direction: .minimize, storage: storage, workerOptions: WorkerOptions(gracePeriod: 0.8))
        var poll = Study.firstPoll
        var waits: [Double] = []
        for _ in 0..<3 {
            waits.append(poll)
            #expect(try study.waitForOtherRunningTrials(poll: &poll))
        }
        #expect(waits == [0.05, 0.1, 0.1])
        try other.tell(running, value: 1)
        #expect(try !study.waitForOtherRunningTrials(poll: &poll), "nothing runs: no wait")
        let alone = try Study(name: "wait", direction: .minimize, storage: storage)
        _ = try other.ask()
        #expect(try !alone.waitForOtherRunningTrials(poll: &poll), "without a grace period a process never waits")
    }
}
