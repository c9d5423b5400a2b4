import Testing
import VernierNumerics

@testable import VernierTune

/// Runs `curves.count` trials; trial `i` reports `curves[i](step)` at steps `steps` and stops when pruned.
/// Returns the step at which each pruned trial stopped.
@discardableResult
private func run(
    _ study: Study, steps: ClosedRange<Int>, curves: [(Int) -> Double]
) throws -> [Int: Int] {
    var prunedAt: [Int: Int] = [:]
    try study.optimize(trials: curves.count) { trial in
        let curve = curves[trial.number]
        for step in steps {
            try trial.report(curve(step), step: step)
            if try trial.shouldPrune() {
                prunedAt[trial.number] = step
                throw TrialPruned()
            }
        }
        return curve(steps.upperBound)
    }
    return prunedAt
}

private func constant(_ value: Double) -> (Int) -> Double { { _ in value } }

@Suite struct PercentileThresholdPatientTests {
    @Test func percentileUsesLinearInterpolationAndTheDirection() throws {
        // Minimize, 25th percentile of [1, 2, 3, 4] = 1.75: 1.5 survives, 2 is pruned.
        let minimize = try Study(
            name: "pmin", direction: .minimize, storage: InMemoryStorage(),
            pruner: PercentilePruner(percentile: 25, startupTrials: 4))
        let pruned = try run(minimize, steps: 0...2, curves: [1, 2, 3, 4, 1.5, 2].map(constant))
        #expect(pruned == [5: 0])
        // Maximize, best quarter = 75th percentile of [1, 2, 3, 4] = 3.25: 3.5 survives, 3 is pruned.
        let maximize = try Study(
            name: "pmax", direction: .maximize, storage: InMemoryStorage(),
            pruner: PercentilePruner(percentile: 25, startupTrials: 4))
        let prunedMax = try run(maximize, steps: 0...2, curves: [1, 2, 3, 4, 3.5, 3].map(constant))
        #expect(prunedMax == [5: 0])
    }

    @Test func percentileNeverPrunesBeforeWarmUpAndHonoursTheInterval() throws {
        let study = try Study(
            name: "warm", direction: .minimize, storage: InMemoryStorage(),
            pruner: PercentilePruner(percentile: 50, startupTrials: 1, warmupSteps: 2, intervalSteps: 2))
        // Trial 1 is worse at every step; with warm-up 2 and interval 2 it can only be pruned at step 2, 4, ...
        let pruned = try run(study, steps: 0...5, curves: [constant(1), constant(9)])
        #expect(pruned == [1: 2])
        #expect(try study.trial(number: 1).intermediateValues == [0: 9, 1: 9, 2: 9], "pruned trials keep values")
    }

    @Test func percentileFiftyAgreesWithTheMedian() {
        #expect(Quantiles.percentile([4, 1, 3, 2], 50) == 2.5)
        #expect(Quantiles.percentile([5, 1, 3], 50) == 3)
        #expect(Quantiles.percentile([1, 2, 3, 4], 25) == 1.75)
    }

    @Test func thresholdPrunesOutsideTheBoundsAndNaN() throws {
        let study = try Study(
            name: "t", direction: .minimize, storage: InMemoryStorage(),
            pruner: ThresholdPruner(lower: 0, upper: 10, warmupSteps: 1))
        let curves: [(Int) -> Double] = [
            constant(5), { $0 == 0 ? 50 : 5 }, { $0 >= 2 ? 11 : 5 }, { $0 >= 3 ? -1 : 5 }, { $0 >= 1 ? .nan : 5 },
        ]
        let pruned = try run(study, steps: 0...4, curves: curves)
        #expect(pruned == [2: 2, 3: 3, 4: 1], "step 0 (value 50) is inside the warm-up")
    }

    @Test func patientPrunerWaitsForStagnation() throws {
        let study = try Study(
            name: "pat", direction: .minimize, storage: InMemoryStorage(),
            pruner: PatientPruner(wrapping: nil, patience: 2, minDelta: 0.1))
        // Trial 0 improves by 1 every step; trial 1 improves by 1 until step 2 and then by 0.01 per step.
        let curves: [(Int) -> Double] = [{ 10 - Double($0) }, { $0 <= 2 ? 10 - Double($0) : 8 - 0.01 * Double($0) }]
        let pruned = try run(study, steps: 0...8, curves: curves)
        // Trial 1: 10, 9, 8, 7.97, 7.96, 7.95, … At step 4 the last three (8, 7.97, 7.96) beat the earlier best 9
        // by more than 0.1; at step 5 the last three (7.97, 7.96, 7.95) do not beat 8 − 0.1.
        #expect(pruned == [1: 5])
    }

    @Test func patientPrunerDefersToTheWrappedPruner() throws {
        let study = try Study(
            name: "patw", direction: .minimize, storage: InMemoryStorage(),
            pruner: PatientPruner(wrapping: ThresholdPruner(upper: 5), patience: 1))
        // Both stagnate from step 2 on; only the trial above 5 is pruned.
        let pruned = try run(study, steps: 0...4, curves: [constant(3), constant(7)])
        #expect(pruned == [1: 2])
    }
}

@Suite struct SuccessiveHalvingTests {
    @Test func rungStepsFollowTheGeometricSchedule() {
        let pruner = SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3)
        #expect((0..<4).map(pruner.rungStep) == [1, 3, 9, 27])
        let late = SuccessiveHalvingPruner(minResource: 2, reductionFactor: 2, minEarlyStoppingRate: 1)
        #expect((0..<3).map(late.rungStep) == [4, 8, 16])
    }

    @Test func ashaPromotesTheTopFractionOfEachRung() throws {
        // η = 2, rungs at steps 1, 2, 4. Each trial reports `early` at step 1 and `late` from step 2 on.
        let study = try Study(
            name: "asha", direction: .maximize, storage: InMemoryStorage(),
            pruner: SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2))
        let curves: [(early: Double, late: Double)] = [(0.5, 0.5), (0.9, 0.9), (0.2, 0.2), (0.95, 0.4), (0.99, 0.92)]
        let pruned = try run(
            study, steps: 1...4, curves: curves.map { curve in { $0 == 1 ? curve.early : curve.late } })
        // Hand-computed: T0, T1 lead their rungs. T2 at rung 0: 3 values keep 1 (0.9) → pruned at 1.
        // T3 at rung 0: 4 values keep 2 (0.95, 0.9) → promoted; rung 1: [0.5, 0.9, 0.4] keep 1 → pruned at 2.
        // T4 at rung 0: keep 2 of 5 (0.99, 0.95) → promoted; rung 1: [0.5, 0.9, 0.4, 0.92] keep 2 → promoted;
        // rung 2: [0.5, 0.9, 0.92] keep 1 → promoted, completes.
        #expect(pruned == [2: 1, 3: 2])
        let trials = try study.trials()
        #expect(trials.map(\.state) == [.complete, .complete, .pruned, .pruned, .complete])
        let three = trials[3]
        #expect(three.intermediateValues == [1: 0.95, 2: 0.4], "a pruned trial keeps its intermediate values")
        #expect(three.value == 0.4)
        #expect(three.systemAttributes[SuccessiveHalvingPruner.rungKey(0)] == .double(0.95))
        #expect(three.systemAttributes[SuccessiveHalvingPruner.rungKey(1)] == .double(0.4))
        #expect(trials[4].systemAttributes[SuccessiveHalvingPruner.rungKey(2)] == .double(0.92))
    }

    @Test func promotionRuleKeepsAtLeastTheBest() {
        #expect(SuccessiveHalvingPruner.isPromotable(1, competing: [1], reductionFactor: 3, .minimize))
        #expect(SuccessiveHalvingPruner.isPromotable(2, competing: [1, 2, 3, 4, 5, 6], reductionFactor: 3, .minimize))
        #expect(!SuccessiveHalvingPruner.isPromotable(3, competing: [1, 2, 3, 4, 5, 6], reductionFactor: 3, .minimize))
        #expect(SuccessiveHalvingPruner.isPromotable(5, competing: [1, 2, 3, 4, 5, 6], reductionFactor: 3, .maximize))
        #expect(!SuccessiveHalvingPruner.isPromotable(4, competing: [1, 2, 3, 4, 5, 6], reductionFactor: 3, .maximize))
    }

    @Test func noRungIsDecidedAtOrBeyondTheMaximumResource() throws {
        // η = 3, rungs at 1, 3, 9. T1 leads at rungs 1 and 3, then drops to 0.5 at its last step, 9.
        let curves: [(Int) -> Double] = [constant(0.9), { $0 < 9 ? 0.95 : 0.5 }]
        let unbounded = try Study(
            name: "u", direction: .maximize, storage: InMemoryStorage(),
            pruner: SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3))
        #expect(try run(unbounded, steps: 1...9, curves: curves) == [1: 9], "without a budget the rung at 9 prunes")

        let budgeted = try Study(
            name: "b", direction: .maximize, storage: InMemoryStorage(),
            pruner: SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3, maxResource: 9))
        #expect(try run(budgeted, steps: 1...9, curves: curves).isEmpty)
        let trials = try budgeted.trials()
        #expect(trials.map(\.state) == [.complete, .complete])
        #expect(trials[1].value == 0.5, "the finished run's value counts")
        #expect(trials[1].systemAttributes[SuccessiveHalvingPruner.rungKey(1)] == .double(0.95))
        #expect(trials[1].systemAttributes[SuccessiveHalvingPruner.rungKey(2)] == nil, "no rung at the budget")
        // Hyperband hands its budget to every bracket.
        let hyperband = HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3)
        #expect((0..<hyperband.bracketCount).map { hyperband.pruner(forBracket: $0).maxResource } == [9, 9, 9])
    }

    @Test func bootstrapPrunesUntilEnoughTrialsReachTheRung() throws {
        let study = try Study(
            name: "boot", direction: .minimize, storage: InMemoryStorage(),
            pruner: SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, bootstrapCount: 2))
        let pruned = try run(study, steps: 1...1, curves: [1, 2, 0.5].map(constant))
        #expect(pruned == [0: 1, 1: 1], "the third trial is the first with more than 2 values at rung 0")
    }
}

@Suite struct HyperbandTests {
    @Test func bracketBudgetsMatchTheHandComputedSchedule() {
        let small = HyperbandPruner(minResource: 1, maxResource: 15, reductionFactor: 3)
        #expect(small.bracketCount == 3)
        #expect(small.bracketBudgets == [9, 5, 3])  // ⌈3·9/3⌉, ⌈3·3/2⌉, ⌈3·1/1⌉
        #expect((0..<3).map { small.pruner(forBracket: $0).rungStep(0) } == [1, 3, 9])
        #expect(HyperbandPruner(minResource: 1, maxResource: 81).bracketBudgets == [81, 34, 15, 8, 5])
        #expect(HyperbandPruner(minResource: 2, maxResource: 3, reductionFactor: 2).bracketBudgets == [1])
    }

    @Test func bracketAssignmentIsDeterministicAndFollowsTheBudgets() {
        let pruner = HyperbandPruner(minResource: 1, maxResource: 15, reductionFactor: 3)
        var counts = [0, 0, 0]
        for number in 0..<1700 {
            let bracket = pruner.bracket(studyName: "iris", trialNumber: number)
            let slot = Int(stableHash("iris_\(number)") % 17)
            #expect(bracket == (slot < 9 ? 0 : slot < 14 ? 1 : 2))
            counts[bracket] += 1
        }
        #expect(abs(counts[0] - 900) < 90 && abs(counts[1] - 500) < 70 && abs(counts[2] - 300) < 60, "\(counts)")
    }

    @Test func trialsCompeteOnlyWithinTheirBracket() throws {
        let pruner = HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3)
        let study = try Study(name: "hb", direction: .maximize, storage: InMemoryStorage(), pruner: pruner)
        let levels = (0..<40).map { Double(stableHash("level\($0)") % 1000) / 1000 }
        try run(study, steps: 1...9, curves: levels.map(constant))
        let trials = try study.trials()
        for trial in trials {
            let bracket = pruner.bracket(studyName: "hb", trialNumber: trial.number)
            #expect(trial.systemAttributes[HyperbandPruner.bracketKey] == .int(bracket))
            // Replay the bracket's successive halving by hand from the earlier trials of the same bracket.
            // Rungs below the 9-step budget only: a trial at step 9 has trained fully and completes.
            let rungs = (0..<3).map { pruner.pruner(forBracket: bracket).rungStep($0) }.filter { $0 < 9 }
            var expectedSteps = 9
            var expectPruned = false
            for (rung, step) in rungs.enumerated() {
                let earlier = trials.prefix(trial.number).filter {
                    pruner.bracket(studyName: "hb", trialNumber: $0.number) == bracket
                        && $0.systemAttributes[SuccessiveHalvingPruner.rungKey(rung)] != nil
                }
                let competing = earlier.map { levels[$0.number] } + [levels[trial.number]]
                let kept = max(competing.count / 3, 1)
                if levels[trial.number] < competing.sorted(by: >)[kept - 1] {
                    expectedSteps = step
                    expectPruned = true
                    break
                }
            }
            #expect(trial.intermediateValues.count == expectedSteps, "trial \(trial.number) bracket \(bracket)")
            #expect(trial.state == (expectPruned ? .pruned : .complete))
        }
        #expect(trials.contains { $0.state == .pruned } && trials.contains { $0.state == .complete })
    }

    @Test(arguments: ["asha", "hyperband"])
    func resumingMidStudyGivesTheSameDecisions(kind: String) throws {
        func makePruner() -> any Pruner {
            kind == "asha"
                ? SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3)
                : HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3)
        }
        let curves: [(Int) -> Double] = (0..<30).map { number in
            let level = Double(stableHash("curve\(number)") % 1000) / 1000
            return { step in level * (1 - 1 / Double(step + 1)) }
        }
        let whole = try Study(name: "r", direction: .maximize, storage: InMemoryStorage(), pruner: makePruner())
        try run(whole, steps: 1...9, curves: curves)

        let storage = InMemoryStorage()
        let first = try Study(name: "r", direction: .maximize, storage: storage, pruner: makePruner())
        try run(first, steps: 1...9, curves: Array(curves.prefix(12)))
        let resumed = try Study.load(name: "r", storage: storage, pruner: makePruner())
        try run(resumed, steps: 1...9, curves: curves)  // the study-wide budget of 30 counts the first 12

        let expected = try whole.trials()
        let actual = try resumed.trials()
        #expect(actual.map(\.state) == expected.map(\.state))
        #expect(actual.map(\.intermediateValues) == expected.map(\.intermediateValues))
        #expect(actual.map(\.systemAttributes) == expected.map(\.systemAttributes))
        #expect(expected.contains { $0.state == .pruned })
    }
}
