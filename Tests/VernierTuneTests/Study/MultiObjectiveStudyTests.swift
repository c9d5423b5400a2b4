import Foundation
import Synchronization
import Testing
import VernierTune

/// Records what `afterTrial` sees.
final class RecordingSampler: Sampler, Sendable {
    let seen = Mutex<[(TrialState, [Double]?, [Double]?)]>([])

    func sampleIndependent(
        study: Study, trial: FrozenTrial, name: String, distribution: Distribution
    ) throws
        -> Double
    { distribution.internalValue(fromUnit: 0.5) }

    func afterTrial(study: Study, trial: FrozenTrial, state: TrialState, values: [Double]?) throws {
        seen.withLock { $0.append((state, values, trial.constraints)) }
    }
}

@Suite struct MultiObjectiveStudyTests {
    /// Tells `values` (and `constraints`) to one new trial each, in order.
    func tellAll(_ study: Study, _ values: [[Double]], constraints: [[Double]?]? = nil) throws {
        for (index, vector) in values.enumerated() {
            let trial = try study.ask()
            if let constraint = constraints?[index] { try trial.setConstraints(constraint) }
            try study.tell(trial, values: vector)
        }
    }

    @Test func bestTrialsIsTheParetoFront() throws {
        let study = try Study(name: "front", directions: [.maximize, .minimize], storage: InMemoryStorage())
        #expect(study.isMultiObjective)
        // (accuracy, size): 1 dominates 0; 2 and 3 trade; 4 ties 3 exactly (neither dominates the other).
        try tellAll(study, [[0.8, 500], [0.85, 400], [0.9, 900], [0.7, 100], [0.7, 100], [0.6, 200]])
        #expect(try study.bestTrials().map(\.number) == [1, 2, 3, 4])
        #expect(throws: StudyError.severalObjectives(study: "front", count: 2)) { _ = try study.bestTrial() }
        #expect(throws: StudyError.severalObjectives(study: "front", count: 2)) { _ = try study.bestValue() }
        #expect(try study.trial(number: 2).values == [0.9, 900])
        #expect(try study.trial(number: 2).value == nil)
    }

    @Test func feasibleTrialsRankFirst() throws {
        let study = try Study(name: "size", directions: [.maximize, .minimize], storage: InMemoryStorage())
        // Trial 0 dominates every other one but breaks its constraint.
        try tellAll(
            study, [[0.99, 10], [0.8, 500], [0.9, 900], [0.7, 950]],
            constraints: [[1], [-1], [0], [-2]])
        #expect(try study.bestTrials().map(\.number) == [1, 2])
        // With no feasible trial, the least violating ones form the front.
        let none = try Study(name: "none", directions: [.maximize, .minimize], storage: InMemoryStorage())
        try tellAll(none, [[0.99, 10], [0.5, 30], [0.4, 20]], constraints: [[3], [0.5, 0.5], [1]])
        #expect(try none.bestTrials().map(\.number) == [1, 2])
    }

    @Test func oneObjectiveBestIsFeasibleFirst() throws {
        let study = try Study(name: "one", direction: .maximize, storage: InMemoryStorage())
        try tellAll(study, [[0.95], [0.9], [0.8]], constraints: [[5], [-1], nil])
        #expect(try study.bestTrial().number == 1)
        #expect(try study.bestValue() == 0.9)
        let infeasible = try Study(name: "infeasible", direction: .minimize, storage: InMemoryStorage())
        try tellAll(infeasible, [[1], [2], [3]], constraints: [[2], [1], [1]])
        #expect(try infeasible.bestTrials().map(\.number) == [1])
    }

    @Test func refusesOneObjectiveSamplersAndPruners() throws {
        let storage = InMemoryStorage()
        let directions: [StudyDirection] = [.minimize, .minimize]
        for sampler in [GPSampler(seed: 1), CMAESSampler(seed: 1)] as [any Sampler] {
            let error = try #require(throws: StudyError.self) {
                _ = try Study(name: "mo", directions: directions, storage: storage, sampler: sampler)
            }
            #expect(error == .samplerNeedsOneObjective(study: "mo", sampler: "\(type(of: sampler))"))
            #expect(error.description.contains("one objective only"), "\(error)")
        }
        #expect(throws: StudyError.prunerNeedsOneObjective(study: "mo")) {
            _ = try Study(name: "mo", directions: directions, storage: storage, pruner: MedianPruner())
        }
        #expect(throws: StudyError.noDirections(study: "mo")) {
            _ = try Study(name: "mo", directions: [], storage: storage)
        }
        #expect(try storage.allStudies().isEmpty, "a refused study writes nothing")
        for sampler in [RandomSampler(seed: 1), SobolSampler(seed: 1)] as [any Sampler] {
            _ = try Study(name: "mo", directions: directions, storage: storage, sampler: sampler)
        }
        #expect(throws: StudyError.directionMismatch(study: "mo", stored: directions, requested: [.minimize])) {
            _ = try Study(name: "mo", direction: .minimize, storage: storage)
        }
        #expect(try Study.load(name: "mo", storage: storage).directions == directions)
    }

    @Test func aVectorOfTheWrongLengthIsRefused() throws {
        let study = try Study(name: "count", directions: [.minimize, .maximize], storage: InMemoryStorage())
        let trial = try study.ask()
        #expect(throws: StudyError.valueCountMismatch(study: "count", expected: 2, got: 1)) {
            try study.tell(trial, value: 1)
        }
        #expect(try study.trial(number: trial.number).state == .running, "nothing written")
        #expect(throws: StudyError.nonFiniteConstraint(.infinity)) {
            try study.tell(trialNumber: trial.number, values: [1, 2], constraints: [.infinity])
        }
        let nan = try #require(throws: StudyError.self) { try trial.setConstraints([0, .nan]) }
        #expect(nan.description == "constraint value nan is not finite")
        try study.tell(trialNumber: trial.number, values: [1, 2], constraints: [-1])
        #expect(try study.trial(number: trial.number).constraints == [-1])
        // In optimize, a wrong length or a non-finite component fails the trial and the study goes on.
        var calls = 0
        try study.optimizeObjectives(trials: 4) { _ in
            calls += 1
            return calls == 1 ? [1] : calls == 2 ? [1, .nan] : [2, 3]
        }
        let failed = try study.trials(states: [.failed])
        #expect(failed.map(\.number) == [1, 2])
        #expect(failed[0].failReason?.contains("2 objectives but 1 value was given") == true, "\(failed[0])")
        #expect(failed[1].failReason == "objective returned [1.0, nan]")
        #expect(try study.trial(number: 3).values == [2, 3])
    }

    @Test func optimizeStoresVectorsConstraintsAndRepeatMeans() throws {
        let sampler = RecordingSampler()
        let study = try Study(
            name: "repeat", directions: [.minimize, .maximize], storage: InMemoryStorage(), sampler: sampler)
        try study.optimizeObjectives(trials: 2, repeats: 2) { trial, index in
            try trial.setConstraints([Double(trial.number) - 0.5])
            return [Double(index), 10 * Double(index + 1)]
        }
        let trials = try study.trials()
        #expect(trials.map(\.values) == [[0.5, 15], [0.5, 15]])
        #expect(trials.map(\.constraints) == [[-0.5], [0.5]])
        #expect(
            trials[0].userAttributes["repeat_values"]
                == .array([.array([.double(0), .double(1)]), .array([.double(10), .double(20)])]))
        #expect(try study.bestTrials().map(\.number) == [0])
        let seen = sampler.seen.withLock { $0 }
        #expect(seen.map(\.0) == [.complete, .complete])
        #expect(seen.map(\.1) == [[0.5, 15], [0.5, 15]])
        #expect(seen.map(\.2) == [[-0.5], [0.5]])
    }

    @Test func oneObjectiveStudiesKeepTheirValueAPI() throws {
        let sampler = RecordingSampler()
        let study = try Study(name: "one", direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
        try study.optimize(trials: 3) { trial in Double(trial.number) }
        #expect(try study.bestValue() == 0)
        #expect(try study.trials().map(\.value) == [0, 1, 2])
        #expect(try study.trials().map(\.values) == [[0], [1], [2]])
        #expect(sampler.seen.withLock { $0.map(\.1) } == [[0], [1], [2]])
    }

    @Test func exportsCarryEveryValueAndConstraint() throws {
        let study = try Study(name: "export", directions: [.maximize, .minimize], storage: InMemoryStorage())
        try tellAll(study, [[0.9, 1200], [0.8, 300]], constraints: [[-1], nil])
        let snapshot = try StudySnapshot(study: study)
        #expect(snapshot.directions == [.maximize, .minimize])
        let json = String(decoding: try snapshot.jsonData(), as: UTF8.self)
        #expect(json.contains("\"directions\"") && json.contains("\"values\""), "\(json)")
        let lines = snapshot.csv().split(separator: "\n")
        #expect(lines[0].hasPrefix("number,state,values_0,values_1,constraints,datetime_start"), "\(lines[0])")
        #expect(lines[1].hasPrefix("0,complete,0.9,1200.0,[-1"), "\(lines[1])")
        #expect(lines[2].hasPrefix("1,complete,0.8,300.0,,"), "\(lines[2])")
        // A one-objective study's export is unchanged: no directions, values or constraints keys.
        let one = try Study(name: "one", direction: .minimize, storage: InMemoryStorage())
        try tellAll(one, [[1]])
        let plain = String(decoding: try StudySnapshot(study: one).jsonData(), as: UTF8.self)
        #expect(!plain.contains("\"directions\"") && !plain.contains("\"values\"") && !plain.contains("constraints"))
        #expect(try StudySnapshot(study: one).csv().hasPrefix("number,state,value,datetime_start"))
    }
}
