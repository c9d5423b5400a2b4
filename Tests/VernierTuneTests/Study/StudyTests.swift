import Foundation
import Testing
import VernierRandom
import VernierTune

struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}

@Suite struct StudyTests {
    func makeStudy(
        _ direction: StudyDirection = .minimize, sampler: any Sampler = RandomSampler(seed: 1)
    ) throws
        -> Study
    {
        try Study(name: "test", direction: direction, storage: InMemoryStorage(), sampler: sampler)
    }

    @Test func defineByRunWithConditionalParameters() throws {
        let study = try makeStudy()
        try study.optimize(trials: 30) { trial in
            let kind = try trial.suggestCategorical("kind", ["linear", "deep"])
            let rate = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
            #expect(try trial.suggestFloat("lr", in: 1e-4...1, log: true) == rate, "same name, same value")
            if kind == "deep" {
                let layers = try trial.suggestInt("layers", in: 2...5)
                return rate * Double(layers)
            }
            return rate
        }
        let trials = try study.trials()
        #expect(trials.count == 30)
        for trial in trials {
            let deep = trial.externalParameters["kind"] == "deep"
            #expect((trial.parameters["layers"] != nil) == deep)
        }
        #expect(try study.bestTrial().value == trials.compactMap(\.value).min())
    }

    @Test func throwingAndNonFiniteObjectivesFailAndTheStudyGoesOn() throws {
        let study = try makeStudy()
        try study.optimize(trials: 6) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            switch trial.number {
            case 1: throw Boom()
            case 2: return .nan
            case 3: return .infinity
            default: return x
            }
        }
        let trials = try study.trials()
        #expect(trials.map(\.state) == [.complete, .failed, .failed, .failed, .complete, .complete])
        #expect(trials[1].failReason == "boom")
        #expect(trials[2].failReason?.contains("nan") == true)
        #expect(trials[3].failReason?.contains("inf") == true)
        #expect(trials[2].value == nil)
    }

    @Test func sameNameWithTwoDistributionsIsAnError() throws {
        let study = try makeStudy()
        try study.optimize(trials: 1) { try $0.suggestFloat("x", in: 0...1) }
        try study.optimize(trials: 2) { try $0.suggestFloat("x", in: 0...2) }
        let failed = try study.trials(states: [.failed])
        #expect(failed.count == 1)
        #expect(failed[0].failReason?.contains("already uses it") == true)
        let trial = try study.ask()
        _ = try trial.suggestInt("n", in: 1...3)
        #expect(throws: SearchSpaceError.self) { _ = try trial.suggestCategorical("n", [1, 2, 3]) }
    }

    @Test func bestTrialsReturnsEveryTie() throws {
        let study = try makeStudy(.maximize)
        let values = [0.9, 1.0, 0.7, 1.0, 0.995, 1.0]
        for value in values {
            let trial = try study.ask()
            _ = try trial.suggestFloat("x", in: 0...1)
            try study.tell(trial, value: value)
        }
        #expect(try study.bestTrials().map(\.number) == [1, 3, 5])
        #expect(try study.bestTrials(tolerance: 0.01).map(\.number) == [1, 3, 4, 5])
        #expect(try study.bestTrial().number == 1)
        #expect(try study.bestValue() == 1)
    }

    @Test func noCompleteTrialMeansNoBest() throws {
        let study = try makeStudy()
        #expect(try study.bestTrials().isEmpty)
        #expect(throws: StudyError.noCompletedTrials(study: "test")) { _ = try study.bestTrial() }
    }

    @Test func repeatsAggregateMeanAndStandardDeviation() throws {
        let study = try makeStudy()
        var seen: [Int] = []
        try study.optimize(trials: 2, repeats: 3) { trial, repeatIndex in
            _ = try trial.suggestFloat("x", in: 0...1)
            #expect(trial.repeatIndex == repeatIndex)
            seen.append(repeatIndex)
            return Double(repeatIndex) + 1  // 1, 2, 3: mean 2, sd 1
        }
        #expect(seen == [0, 1, 2, 0, 1, 2])
        let trial = try study.trial(number: 0)
        #expect(trial.value == 2)
        #expect(trial.userAttributes["value_sd"] == .double(1))
        #expect(trial.userAttributes["repeat_values"] == .array([.double(1), .double(2), .double(3)]))
    }

    @Test func enqueuedParametersAreUsedFirst() throws {
        let study = try makeStudy()
        try study.enqueue(["x": 0.25, "n": 3])
        try study.optimize(trials: 2) { trial in
            try trial.suggestFloat("x", in: 0...1) + Double(try trial.suggestInt("n", in: 1...5))
        }
        #expect(try study.trial(number: 0).externalParameters == ["x": .double(0.25), "n": .int(3)])
        #expect(try study.trial(number: 0).value == 3.25)
    }

    @Test func askAndTellByNumber() throws {
        let study = try makeStudy()
        let x = Distribution.float(try FloatDistribution(low: -1, high: 1))
        let first = try #require(try study.ask(maxTrials: nil, fixedDistributions: ["x": x]))
        let second = try study.ask()
        #expect(first.parameters["x"] != nil)
        try study.tell(trialNumber: second.number, state: .failed, failReason: "crashed")
        try study.tell(trialNumber: first.number, value: 0.5)
        #expect(try study.trials().map(\.state) == [.complete, .failed])
        #expect(throws: StudyError.trialNotRunning(study: "test", number: first.number, state: .complete)) {
            try study.tell(trialNumber: first.number, value: 0.1)
        }
        #expect(throws: StudyError.trialNotRunning(study: "test", number: first.number, state: .complete)) {
            _ = try study.report(trialNumber: first.number, step: 1, value: 0.1)
        }
        #expect(throws: StorageError.trialNumberNotFound(study: "test", number: 9)) {
            try study.tell(trialNumber: 9, value: 0.1)
        }
    }

    /// `report(trialNumber:step:value:)` records the value and answers with the study's pruner, as
    /// `vernier tell --step` does for a trial asked by another process.
    @Test func reportByNumberAsksThePruner() throws {
        let study = try Study(
            name: "pruned", direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 1),
            pruner: ThresholdPruner(upper: 1.0))
        let trial = try study.ask()
        #expect(try study.report(trialNumber: trial.number, step: 0, value: 0.5) == false)
        #expect(try study.report(trialNumber: trial.number, step: 1, value: 2.0) == true)
        #expect(try study.trial(number: trial.number).intermediateValues == [0: 0.5, 1: 2.0])
        #expect(throws: StudyError.negativeStep(-1)) {
            _ = try study.report(trialNumber: trial.number, step: -1, value: 0)
        }
        try study.tell(trialNumber: trial.number, state: .pruned)
        #expect(try study.trial(number: trial.number).value == 2.0)
    }

    @Test func resumingCountsEarlierTrialsInTheBudget() throws {
        let storage = InMemoryStorage()
        let first = try Study(name: "r", direction: .minimize, storage: storage)
        try first.optimize(trials: 4) { try $0.suggestFloat("x", in: 0...1) }
        let second = try Study(name: "r", direction: .minimize, storage: storage)
        let summary = try second.optimize(trials: 10) { try $0.suggestFloat("x", in: 0...1) }
        #expect(summary.trialsRun == 6)
        #expect(summary.stopReason == .budget)
        #expect(try second.trials().count == 10)
        #expect(throws: StudyError.directionMismatch(study: "r", stored: [.minimize], requested: [.maximize])) {
            _ = try Study(name: "r", direction: .maximize, storage: storage)
        }
        #expect(try Study.load(name: "r", storage: storage).direction == .minimize)
    }

    @Test func timeoutStopsTheLoop() throws {
        let study = try makeStudy()
        let summary = try study.optimize(timeout: 0.05) { trial in
            Thread.sleep(forTimeInterval: 0.01)
            return try trial.suggestFloat("x", in: 0...1)
        }
        #expect(summary.stopReason == .timeout)
        #expect(summary.trialsRun >= 1)
    }

    @Test func progressCallbackSeesBestSoFar() throws {
        let study = try makeStudy()
        var bests: [Double] = []
        try study.optimize(trials: 5, onTrialFinished: { _, progress in bests.append(progress.bestValue!) }) {
            trial in Double(5 - trial.number) + (try trial.suggestFloat("x", in: 0...0.5))
        }
        #expect(bests.count == 5)
        #expect(zip(bests, bests.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func testValueIsStoredButNeverChoosesTheBest() throws {
        let study = try makeStudy(.maximize)
        try study.optimize(trials: 3) { Double($0.number) + (try $0.suggestFloat("x", in: 0...0.1)) }
        let best = try study.bestTrial()
        #expect(try study.testValue() == nil)
        try study.setTestValue(0.42, trialNumber: best.number)
        #expect(try study.testValue() == TestScore(value: 0.42, trialNumber: 2))
        #expect(try study.bestTrial().number == 2)
        #expect(throws: StorageError.self) { try study.setTestValue(1, trialNumber: 99) }
    }

    @Test func userAttributes() throws {
        let study = try makeStudy()
        try study.setUserAttribute("dataset", "spirals")
        #expect(try study.userAttributes() == ["dataset": "spirals"])
        let trial = try study.ask()
        try trial.setUserAttribute("seconds", 1.5)
        #expect(try trial.snapshot().userAttributes == ["seconds": .double(1.5)])
    }
}
