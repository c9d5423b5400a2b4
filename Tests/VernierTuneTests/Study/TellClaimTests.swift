import Testing
import VernierTune

/// `Study.tell` finishes a trial only under the claim it was asked with: a trial that went back to waiting (a
/// stale heartbeat) and was claimed again is not finished by the first asker's late answer.
@Suite struct TellClaimTests {
    @Test func aLateTellOfAReleasedAndReclaimedTrialIsRefused() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "late", direction: .minimize, storage: storage)
        let first = try study.ask()
        _ = try first.suggestFloat("x", in: 0...1)
        _ = try storage.releaseTrials(trialIDs: [first.trialID], reason: "heartbeat expired")
        let second = try study.ask()
        #expect(second.number == first.number, "the released trial runs again under its number")
        #expect(throws: StorageError.trialNoLongerHeld(trialID: first.trialID)) { try study.tell(first, value: 1) }
        try study.tell(second, value: 2)
        let stored = try study.trial(number: first.number)
        #expect(stored.state == .complete && stored.value == 2)
        #expect(throws: StudyError.self) { try study.tell(second, value: 3) }
    }

    @Test func tellByNumberFinishesTheCurrentClaimOnly() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "number", direction: .minimize, storage: storage)
        let first = try study.ask()
        _ = try storage.releaseTrials(trialIDs: [first.trialID], reason: "heartbeat expired")
        #expect(throws: StudyError.self) { try study.tell(trialNumber: first.number, value: 1) }
        _ = try study.ask()
        try study.tell(trialNumber: first.number, value: 4)
        #expect(try study.trial(number: first.number).value == 4)
    }
}
