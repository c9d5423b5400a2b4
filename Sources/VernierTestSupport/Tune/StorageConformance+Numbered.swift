import Foundation
import Testing
import VernierTune

extension StorageConformance {
    /// Reads by number: ``Storage/trials(studyID:numberedFrom:)`` returns the trials from a number on in every
    /// state, whole and in number order, as the study's list has them, also through a second handle after another
    /// handle wrote; ``Storage/trial(studyID:number:)`` returns a waiting or running trial as it is now. An unknown
    /// study throws.
    public static func readsByNumber(_ storage: any Storage, reopen: Reopen) throws {
        let study = try storage.createStudy(name: "numbers", direction: .minimize)
        let other = try storage.createStudy(name: "other", direction: .maximize)
        let distribution = Distribution.float(try FloatDistribution(low: 0, high: 10))
        var running: [FrozenTrial] = []
        for number in 0..<5 {
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.setTrialParameter(
                trialID: trial.trialID, name: "x", internalValue: Double(number), distribution: distribution)
            try storage.setTrialAttribute(trialID: trial.trialID, key: "n", value: .int(number), kind: .user)
            if number == 2 {
                running.append(trial)
            } else {
                try storage.finishTrial(
                    trialID: trial.trialID, state: number == 3 ? .failed : .complete, values: [Double(number)],
                    constraints: [Double(number) - 1], failReason: nil, claim: TrialClaim(of: trial))
            }
        }
        _ = try #require(try storage.claimTrial(studyID: other.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.enqueueTrials(studyID: study.id, templates: [TrialTemplate(parameters: ["x": 9])], onceKey: nil)

        let all = try storage.trials(studyID: study.id, states: nil)
        #expect(all.map(\.number) == [0, 1, 2, 3, 4, 5])
        #expect(try storage.trials(studyID: study.id, numberedFrom: 0) == all)
        #expect(try storage.trials(studyID: study.id, numberedFrom: 2) == Array(all.dropFirst(2)))
        #expect(
            try storage.trials(studyID: study.id, numberedFrom: 2).map(\.state) == [
                .running, .failed, .complete, .waiting,
            ])
        #expect(try storage.trials(studyID: study.id, numberedFrom: 6).isEmpty)
        #expect(try storage.trials(studyID: other.id, numberedFrom: 0).map(\.number) == [0])
        #expect(try storage.trial(studyID: study.id, number: 2)?.state == .running)
        #expect(try storage.trial(studyID: study.id, number: 5)?.state == .waiting)
        #expect(try storage.trial(studyID: study.id, number: 4) == all[4])
        #expect(throws: StorageError.self) { _ = try storage.trials(studyID: 987_654, numberedFrom: 0) }

        // Another handle finishes the running trial: the next read from its number sees it finished.
        let second = try reopen(storage)
        try second.finishTrial(
            trialID: running[0].trialID, state: .complete, values: [2], constraints: [1], failReason: nil,
            claim: TrialClaim(of: running[0]))
        let after = try storage.trials(studyID: study.id, numberedFrom: 2)
        #expect(after.first?.state == .complete)
        #expect(after.first?.values == [2])
        #expect(after.first?.constraints == [1])
        #expect(after.first?.userAttributes == ["n": .int(2)])
    }
}
