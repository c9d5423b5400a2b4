import Foundation
import Testing
import VernierTune

extension StorageConformance {
    /// Several objectives and constraints: a study keeps its directions in order, a finished trial its values
    /// and constraints in order (read the same by identifier, by number, in the study's list and through a second
    /// handle); a one-objective trial reads as ``FrozenTrial/value``; a pruned or failed trial keeps no
    /// constraints; a finished trial's vectors cannot change; a released trial has none.
    public static func vectorsAndConstraints(_ storage: any Storage, reopen: Reopen) throws {
        let directions: [StudyDirection] = [.maximize, .minimize, .minimize]
        let record = try storage.createStudy(name: "vectors", directions: directions)
        #expect(record.directions == directions)
        #expect(try storage.study(named: "vectors")?.directions == directions)
        #expect(try storage.allStudies().map(\.directions) == [directions])
        let single = try storage.createStudy(name: "single", direction: .maximize)
        #expect(try storage.study(named: "single")?.directions == [.maximize])

        let claim = {
            try #require(try storage.claimTrial(studyID: record.id, maxTrials: nil, createIfNoneWaiting: true))
        }
        let complete = try claim()
        try storage.finishTrial(
            trialID: complete.trialID, state: .complete, values: [0.9, 1200, -3], constraints: [-1, 0.5, 0],
            failReason: nil, claim: TrialClaim(of: complete))
        let stored = try storage.trial(id: complete.trialID)
        #expect(stored.values == [0.9, 1200, -3])
        #expect(stored.value == nil)  // several values: no single one
        #expect(stored.constraints == [-1, 0.5, 0])
        #expect(stored.violation == 0.5)
        #expect(try storage.trial(studyID: record.id, number: complete.number) == stored)

        let unconstrained = try claim()
        try storage.finishTrial(
            trialID: unconstrained.trialID, state: .complete, values: [0.5, 10, 1], constraints: nil,
            failReason: nil, claim: nil)
        let pruned = try claim()
        try storage.finishTrial(
            trialID: pruned.trialID, state: .pruned, values: [0.25], constraints: nil, failReason: nil, claim: nil)
        let failed = try claim()
        try storage.finishTrial(
            trialID: failed.trialID, state: .failed, values: nil, constraints: nil, failReason: "boom", claim: nil)
        let released = try claim()
        _ = try storage.releaseTrials(trialIDs: [released.trialID], reason: "stopped")

        let again = try reopen(storage)
        #expect(try again.study(named: "vectors")?.directions == directions)
        let trials = try again.trials(studyID: record.id, states: nil)
        #expect(trials.map(\.values) == [[0.9, 1200, -3], [0.5, 10, 1], [0.25], nil, nil])
        #expect(trials.map(\.constraints) == [[-1, 0.5, 0], nil, nil, nil, nil])
        #expect(trials[2].value == 0.25)

        #expect(throws: StorageError.trialFinished(trialID: complete.trialID)) {
            try storage.finishTrial(
                trialID: complete.trialID, state: .complete, values: [1, 1, 1], constraints: [-5], failReason: nil,
                claim: nil)
        }
        #expect(try storage.trial(id: complete.trialID) == stored)

        let one = try #require(try storage.claimTrial(studyID: single.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.finishTrial(
            trialID: one.trialID, state: .complete, values: [0.75], constraints: [2], failReason: nil, claim: nil)
        let oneStored = try again.trial(id: one.trialID)
        #expect(oneStored.value == 0.75)
        #expect(oneStored.isFeasible == false)
        try storage.deleteStudy(id: record.id)
        #expect(try storage.allStudies().map(\.name) == ["single"])
    }
}
