import Foundation
import Testing
import VernierTestSupport

@testable import VernierTune

@Suite struct MultiObjectiveTPETests {
    static func complete(_ number: Int, _ values: [Double], constraints: [Double]? = nil) -> FrozenTrial {
        FrozenTrial(
            trialID: Int64(number), number: number, state: .complete, values: values, constraints: constraints)
    }

    /// A front of four (0…3) and 26 trials dominated one after the other.
    static let frontAndTail: [FrozenTrial] = {
        var trials = [
            complete(0, [0, 1]), complete(1, [0.45, 0.6]), complete(2, [0.5, 0.5]), complete(3, [1, 0]),
        ]
        for number in 4..<30 { trials.append(complete(number, [1 + Double(number), 2])) }
        return trials
    }()

    @Test func optunasBelowGroupIsTheFirstFrontCutByHypervolume() {
        // 30 trials: γ = 3. Against (1.1, 1.1) the knee 2 adds most (0.36), then each end 0.05 while trial 1,
        // beside the knee, adds only 0.025.
        let split = TPEObservations(
            trials: Self.frontAndTail, directions: [.minimize, .minimize], constantLiar: false, goodGroup: .optuna)
        #expect(split.below == [0, 2, 3])
        #expect(split.above.count == 27)
        #expect(split.belowWeights == [1, 1, 1])
    }

    @Test func theDefaultBelowGroupReachesTheNextFrontAndWeighsByContribution() {
        // 30 trials: γ = ⌈4.5⌉ = 5, the whole front and trial 4 (the second front, dominated by trial 3).
        let split = TPEObservations(
            trials: Self.frontAndTail, directions: [.minimize, .minimize], constantLiar: false)
        #expect(split.below == [0, 1, 2, 3, 4])
        #expect(split.above.count == 25)
        let losses = Self.frontAndTail.prefix(5).map { $0.values! }
        #expect(split.belowWeights == MultiObjectiveSplit.contributionWeights(Array(losses)))
        #expect(split.belowWeights[3] == 1)
        #expect(split.belowWeights[4] == MultiObjectiveSplit.negligibleWeight)
    }

    @Test func infeasibleMembersOfTheBelowGroupWeighNothingUnlessNoneIsFeasible() {
        // 10 trials: γ = 2. Trial 0 is the only feasible one, so the group is 0 and the best infeasible trial.
        let trials = (0..<10).map { Self.complete($0, [Double($0), 10 - Double($0)], constraints: [$0 == 0 ? -1 : 1]) }
        let split = TPEObservations(trials: trials, directions: [.minimize, .minimize], constantLiar: false)
        #expect(split.below.count == 2 && split.below.contains(0))
        #expect(split.belowWeights[split.below.firstIndex(of: 0)!] == 1)
        #expect(split.belowWeights.filter { $0 == MultiObjectiveSplit.negligibleWeight }.count == 1)
        let none = (0..<10).map { Self.complete($0, [Double($0), 10 - Double($0)], constraints: [1]) }
        let infeasible = TPEObservations(trials: none, directions: [.minimize, .minimize], constantLiar: false)
        #expect(infeasible.belowWeights == [1, 1])
    }

    @Test func maximizedObjectivesAreNegated() {
        // Maximize the first objective: trial 1 (larger first value, same second) dominates trial 0. With 10
        // trials γ = ⌈1.5⌉ = 2.
        let trials = (0..<10).map { Self.complete($0, [Double($0), 1]) }
        let split = TPEObservations(trials: trials, directions: [.maximize, .minimize], constantLiar: false)
        #expect(split.below == [8, 9])
        let minimized = TPEObservations(trials: trials, directions: [.minimize, .minimize], constantLiar: false)
        #expect(minimized.below == [0, 1])
    }

    @Test func infeasibleTrialsRankLastWithOneObjectiveOrSeveral() {
        // The best value violates a constraint: with 10 trials γ = 1 for one objective (2 for several), so the
        // below group holds the best feasible trials only.
        var trials = (1..<10).map { Self.complete($0, [Double($0)], constraints: [-1]) }
        trials.insert(Self.complete(0, [0], constraints: [0.5]), at: 0)
        let single = TPEObservations(trials: trials, directions: [.minimize], constantLiar: false)
        #expect(single.below == [1])
        let vectors = trials.map { trial in
            Self.complete(trial.number, [trial.value!, 5 - trial.value!], constraints: trial.constraints)
        }
        let several = TPEObservations(trials: vectors, directions: [.minimize, .minimize], constantLiar: false)
        #expect(several.below.count == 2 && !several.below.contains(0))
    }

    @Test func runsAMultiObjectiveStudyAndBeatsRandomOnZDT1() throws {
        func volume(_ sampler: any Sampler) throws -> Double {
            let study = try Study(
                name: "zdt1", directions: [.minimize, .minimize], storage: InMemoryStorage(), sampler: sampler)
            try study.optimizeObjectives(trials: 120) { try MultiObjectiveTestFunction.zdt1.objective($0) }
            let points = try study.trials().compactMap(\.values)
            return Hypervolume.of(points, reference: MultiObjectiveTestFunction.zdt1.wideReferencePoint)
        }
        for seed in UInt64(0)..<2 {
            let tpe = try volume(TPESampler(seed: seed))
            let random = try volume(RandomSampler(seed: seed))
            #expect(tpe > random + 0.5, "seed \(seed): TPE \(tpe), random \(random)")
        }
    }

    @Test func sameSeedSameTrialsWithSeveralObjectives() throws {
        func run(_ seed: UInt64) throws -> [[String: Double]] {
            let study = try Study(
                name: "dtlz2", directions: [.minimize, .minimize, .minimize], storage: InMemoryStorage(),
                sampler: TPESampler(seed: seed))
            try study.optimizeObjectives(trials: 30) { try MultiObjectiveTestFunction.dtlz2.objective($0) }
            return try study.trials().map(\.parameters)
        }
        #expect(try run(1) == run(1))
        #expect(try run(1) != run(2))
    }

    @Test func theGoodGroupChangesSeveralObjectivesOnlyAndResumesExactly() throws {
        func run(
            _ sampler: TPESampler, trials: Int = 30, storage: any Storage = InMemoryStorage()
        ) throws
            -> [[String: Double]]
        {
            let study = try Study(
                name: "dtlz2", directions: [.minimize, .minimize, .minimize], storage: storage, sampler: sampler)
            try study.optimizeObjectives(trials: trials) { try MultiObjectiveTestFunction.dtlz2.objective($0) }
            return try study.trials().map(\.parameters)
        }
        let byDefault = try run(TPESampler(seed: 3))
        #expect(byDefault == (try run(TPESampler(seed: 3, goodGroup: .hypervolumeWeighted))))
        #expect(byDefault != (try run(TPESampler(seed: 3, goodGroup: .optuna))))
        // A fresh sampler on the stored trials proposes what the uninterrupted run did.
        let storage = InMemoryStorage()
        _ = try run(TPESampler(seed: 3), trials: 17, storage: storage)
        #expect(try run(TPESampler(seed: 3), trials: 30, storage: storage) == byDefault)
        // One objective: the good group is not used.
        func single(_ sampler: TPESampler) throws -> [[String: Double]] {
            let study = try Study(name: "one", direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
            try study.optimize(trials: 20) { trial in
                let x = try trial.suggestFloat("x", in: -2...2)
                return x * x
            }
            return try study.trials().map(\.parameters)
        }
        #expect(try single(TPESampler(seed: 3)) == single(TPESampler(seed: 3, goodGroup: .optuna)))
    }

    @Test func severalObjectivesScoreOptunasTwentyFourCandidatesByDefault() throws {
        #expect(TPESampler().candidates(objectiveCount: 1) == 64)
        #expect(TPESampler().candidates(objectiveCount: 3) == 24)
        #expect(TPESampler(candidateCount: 40).candidates(objectiveCount: 3) == 40)
        func run(_ sampler: TPESampler) throws -> [[String: Double]] {
            let study = try Study(
                name: "dtlz2", directions: [.minimize, .minimize, .minimize], storage: InMemoryStorage(),
                sampler: sampler)
            try study.optimizeObjectives(trials: 16) { try MultiObjectiveTestFunction.dtlz2.objective($0) }
            return try study.trials().map(\.parameters)
        }
        let byDefault = try run(TPESampler(seed: 4))
        #expect(byDefault == (try run(TPESampler(seed: 4, candidateCount: 24))))
        #expect(byDefault != (try run(TPESampler(seed: 4, candidateCount: 64))))
    }
}
