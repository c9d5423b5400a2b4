import Foundation
import Testing
import VernierTestSupport

@testable import VernierTune

@Suite struct NSGAIISamplerTests {
    /// A study of `function` with `sampler` after `trials` trials (on `storage`, resumed if it holds one).
    static func run(
        _ sampler: any Sampler, trials: Int, function: MultiObjectiveTestFunction = .zdt1,
        storage: any Storage = InMemoryStorage()
    ) throws -> Study {
        let study = try Study(
            name: "mo", directions: Array(repeating: .minimize, count: function.objectiveCount), storage: storage,
            sampler: sampler)
        try study.optimizeObjectives(trials: trials) { try function.objective($0) }
        return study
    }

    static func generation(_ trial: FrozenTrial) -> Int? {
        trial.systemAttributes[NSGAIISampler.generationKey]?.intValue
    }

    @Test func conformsToTheSamplerContract() throws {
        // A small population so that the 30 trials of the checks reach children.
        try SamplerConformance.run(trials: 30) { NSGAIISampler(seed: $0, populationSize: 6) }
    }

    @Test func sameSeedGivesTheSameTrials() throws {
        let first = try Self.run(NSGAIISampler(seed: 5, populationSize: 10), trials: 40).trials().map(\.parameters)
        let second = try Self.run(NSGAIISampler(seed: 5, populationSize: 10), trials: 40).trials().map(\.parameters)
        let other = try Self.run(NSGAIISampler(seed: 6, populationSize: 10), trials: 40).trials().map(\.parameters)
        #expect(first == second)
        #expect(first != other)
    }

    @Test func generationsCloseAfterPopulationSizeCompletedTrials() throws {
        let trials = try Self.run(NSGAIISampler(seed: 1, populationSize: 10), trials: 35).trials()
        #expect(trials.map { Self.generation($0) } == (0..<35).map { $0 / 10 })
    }

    @Test func aNewSamplerOnTheSameStorageContinuesLikeAnUninterruptedRun() throws {
        let uninterrupted = try Self.run(NSGAIISampler(seed: 2, populationSize: 8), trials: 40).trials()
        let storage = InMemoryStorage()
        _ = try Self.run(NSGAIISampler(seed: 2, populationSize: 8), trials: 21, storage: storage)
        // A fresh sampler has no cached parents: it rebuilds them from the stored trials and generations.
        let resumed = try Self.run(NSGAIISampler(seed: 2, populationSize: 8), trials: 40, storage: storage).trials()
        #expect(resumed.map(\.parameters) == uninterrupted.map(\.parameters))
        #expect(resumed.map { Self.generation($0) } == uninterrupted.map { Self.generation($0) })
    }

    @Test func childrenWithoutMutationRecombineTheParentsValues() throws {
        let sampler = NSGAIISampler(seed: 3, populationSize: 10, mutationProbability: 0)
        let study = try Self.run(sampler, trials: 30)
        let trials = try study.trials()
        let parents = try sampler.parentPopulation(study: study, generation: 1).trials
        #expect(parents.count == 10)
        for child in trials where Self.generation(child) == 1 {
            for (name, value) in child.parameters {
                #expect(parents.contains { $0.parameters[name] == value }, "trial \(child.number) \(name)")
            }
        }
        // The parents of generation 2 are survivors of generation 1 and its parents: the pool's first front
        // (here smaller than the population) is among them.
        let pool = trials.filter { Self.generation($0) == 1 || parents.map(\.number).contains($0.number) }
        let front = Pareto.front(pool.map { $0.values! })
        #expect(front.count < 10)
        let chosen = try Set(sampler.parentPopulation(study: study, generation: 2).trials.map(\.number))
        #expect(chosen.count == 10)
        for index in front { #expect(chosen.contains(pool[index].number)) }
    }

    @Test func selectionMovesGenerationsTowardsTheFront() throws {
        // ZDT1's distance to the front is g = 1 + Σ x₁…x₉ (5.5 on average at random); survival by front
        // and crowding keeps the low-g points, so later generations sit nearer the front.
        for seed in UInt64(0)..<2 {
            let trials = try Self.run(NSGAIISampler(seed: seed, populationSize: 10), trials: 80).trials()
            func meanG(_ generation: Int) -> Double {
                let members = trials.filter { Self.generation($0) == generation }
                let distances = members.map { trial in
                    1 + (1..<10).reduce(0.0) { $0 + trial.parameters["x\($1)"]! }
                }
                return distances.reduce(0, +) / Double(distances.count)
            }
            #expect(meanG(7) < meanG(0) - 1, "seed \(seed): mean g \(meanG(0)) → \(meanG(7))")
        }
    }

    @Test func constraintsSteerTheParentsToFeasiblePoints() throws {
        let study = try Study(
            name: "c", directions: [.minimize, .minimize], storage: InMemoryStorage(),
            sampler: NSGAIISampler(seed: 4, populationSize: 12))
        try study.optimizeObjectives(trials: 72) { trial in
            let values = try MultiObjectiveTestFunction.zdt1.objective(trial)
            try trial.setConstraints([0.6 - values[0]])  // feasible when f₁ ≥ 0.6: 40 % of random points
            return values
        }
        let trials = try study.trials()
        func feasibleShare(_ generation: Int) -> Double {
            let members = trials.filter { Self.generation($0) == generation }
            return Double(members.filter(\.isFeasible).count) / Double(members.count)
        }
        #expect(feasibleShare(5) > feasibleShare(0) + 0.2, "\(feasibleShare(0)) → \(feasibleShare(5))")
    }

    @Test func mixedSpacesKeepEveryValueValid() throws {
        let study = try Study(
            name: "mixed", directions: [.minimize, .maximize], storage: InMemoryStorage(),
            sampler: NSGAIISampler(seed: 7, populationSize: 8, crossover: .simulatedBinary(eta: 15)))
        try study.optimizeObjectives(trials: 48) { trial in
            let kind = try trial.suggestCategorical("kind", ["a", "b", "c"])
            let units = try trial.suggestInt("units", in: 1...64, log: true)
            let rate = try trial.suggestFloat("rate", in: 1e-4...1, log: true)
            let step = try trial.suggestFloat("step", in: 0...1, step: 0.25)
            return [Double(units) * rate + step, kind == "b" ? rate : 0]
        }
        for trial in try study.trials() {
            for (name, value) in trial.parameters {
                #expect(trial.distributions[name]!.containsInternal(value), "trial \(trial.number) \(name)")
            }
        }
        #expect(try study.trials().compactMap { Self.generation($0) }.max()! >= 4)
    }
}
