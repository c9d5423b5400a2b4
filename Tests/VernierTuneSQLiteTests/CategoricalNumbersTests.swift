import Foundation
import Testing
import VernierTune
import VernierTuneSQLite

/// Categorical choices that are whole-number doubles (`[0.0, 0.2]`, momentum `[0.0, 0.9]`) survive the trip
/// through SQLite as doubles, so a study of them runs and resumes.
@Suite struct CategoricalNumbersTests {
    @Test(arguments: [[0.0, 0.2], [0.0, 0.9], [1.0, 2.0]])
    func aStudyOfWholeNumberDoubleChoicesRunsAndResumes(choices: [Double]) throws {
        let path = temporaryDatabasePath()
        for _ in 0..<2 {
            let study = try Study(
                name: "dropout", direction: .minimize, storage: try SQLiteStorage(path: path),
                sampler: RandomSampler(seed: 2))
            let summary = try study.optimize(trials: study.trials().count + 4) { trial in
                try trial.suggestCategorical("dropout", choices)
            }
            #expect(summary.trialsRun == 4)
        }
        let storage = try SQLiteStorage(path: path)
        let trials = try storage.trials(studyID: try storage.requireStudy(named: "dropout").id, states: nil)
        #expect(trials.count == 8)
        #expect(trials.allSatisfy { $0.state == .complete }, "\(trials.map(\.failReason))")
        let stored = try storage.studyDistributions(studyID: try storage.requireStudy(named: "dropout").id)
        #expect(stored["dropout"] == .categorical(try CategoricalDistribution(choices: choices.map { .double($0) })))
    }
}
