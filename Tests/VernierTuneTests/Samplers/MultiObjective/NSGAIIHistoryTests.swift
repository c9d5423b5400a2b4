import Foundation
import Testing
import VernierRandom

@testable import VernierTune

@Suite struct NSGAIIHistoryTests {
    static let directions: [StudyDirection] = [.minimize, .minimize]

    /// The completed trials of a ZDT1 study run by NSGA-II (population 6) for 40 trials.
    static func trials() throws -> (study: Study, trials: [FrozenTrial]) {
        let study = try NSGAIISamplerTests.run(NSGAIISampler(seed: 9, populationSize: 6), trials: 40)
        return (study, try study.trials(states: [.complete]))
    }

    @Test func foldingTrialsOneByOneInAnyOrderGivesTheParentsOfFoldingThemAtOnce() throws {
        let (_, trials) = try Self.trials()
        var whole = NSGAIIHistory()
        whole.fold(trials, directions: Self.directions)
        let generations = 1...whole.currentGeneration(populationSize: 6)
        #expect(generations.count >= 5)
        // Late trials of early generations (stragglers) arrive after later generations' parents were replayed:
        // those parents must be replayed again with them.
        var generator = Xoshiro256(seed: 3)
        var order = Array(trials.indices)
        order.shuffle(using: &generator)
        var incremental = NSGAIIHistory()
        for index in order {
            incremental.fold([trials[index]], directions: Self.directions)
            incremental.fold([trials[index]], directions: Self.directions)  // folding twice changes nothing
            for generation in generations { _ = incremental.parents(of: generation, populationSize: 6) }
        }
        #expect(incremental.foldedCount == trials.count)
        for generation in generations {
            let expected = whole.parents(of: generation, populationSize: 6).map(\.number)
            #expect(incremental.parents(of: generation, populationSize: 6).map(\.number) == expected, "\(generation)")
            #expect(expected.count == 6)
        }
    }

    @Test func theHistoryKnowsTheSearchSpaceAndGenerationTheStoredTrialsGive() throws {
        let (study, trials) = try Self.trials()
        var history = NSGAIIHistory()
        history.fold(trials, directions: Self.directions)
        #expect(history.intersection == (try study.intersectionSearchSpace()))
        #expect(history.currentGeneration(populationSize: 6) == 40 / 6)
        #expect(history.byGeneration.values.map(\.count).reduce(0, +) == 40)
    }

    @Test func oneTrialSeesTheCompletedTrialsOfItsStart() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "h", directions: Self.directions, storage: storage, sampler: RandomSampler())
        try study.optimizeObjectives(trials: 3) { try MultiObjectiveTestFunction.zdt1.objective($0) }
        let cache = NSGAIIHistoryCache()
        #expect(try cache.withHistory(study: study, trialID: 100) { $0.foldedCount } == 3)
        try study.optimizeObjectives(trials: 4) { try MultiObjectiveTestFunction.zdt1.objective($0) }
        let completed = try study.trials(states: [.complete]).count
        #expect(completed > 3)
        // The same trial keeps its snapshot; a new one (or none named) reads the trials completed meanwhile.
        #expect(try cache.withHistory(study: study, trialID: 100) { $0.foldedCount } == 3)
        #expect(try cache.withHistory(study: study, trialID: 101) { $0.foldedCount } == completed)
        let other = try Study(name: "other", directions: Self.directions, storage: storage, sampler: RandomSampler())
        #expect(try cache.withHistory(study: other, trialID: nil) { $0.foldedCount } == 0)
    }
}
