import Foundation
import Synchronization

/// What NSGA-II needs of a completed trial: its number, generation, parameters and minimized objectives.
struct NSGAIIParent: Sendable {
    var number: Int
    var generation: Int
    var parameters: [String: Double]
    var distributions: [String: Distribution]
    /// The objective values in minimize form (``Pareto/minimized(_:directions:)``).
    var objectives: [Double]
    /// Σ max(0, constraint); 0 when feasible or without constraints.
    var violation: Double
}

/// The parents of one generation, rebuilt from storage.
struct NSGAIIPopulation: Sendable {
    var generation: Int
    var trials: [NSGAIIParent]
}

extension NSGAIISampler {
    /// The completed trials that carry a generation and finite values, in trial-number order.
    func evaluatedTrials(study: Study) throws -> [NSGAIIParent] {
        let directions = study.directions
        return try study.trials(states: [.complete]).compactMap { trial in
            guard let generation = trial.systemAttributes[Self.generationKey]?.intValue,
                let values = trial.values, values.count == directions.count, values.allSatisfy(\.isFinite)
            else { return nil }
            return NSGAIIParent(
                number: trial.number, generation: generation, parameters: trial.parameters,
                distributions: trial.distributions, objectives: Pareto.minimized(values, directions: directions),
                violation: trial.constraints.map(Pareto.violation) ?? 0)
        }
    }

    /// The generation of a trial starting now: the latest among the completed trials, or the next one once
    /// `populationSize` trials of it have completed.
    func currentGeneration(study: Study) throws -> Int {
        let trials = try evaluatedTrials(study: study)
        guard let latest = trials.map(\.generation).max() else { return 0 }
        let completed = trials.reduce(0) { $0 + ($1.generation == latest ? 1 : 0) }
        return completed >= populationSize ? latest + 1 : latest
    }

    /// The parents of `generation`: the survivors of generation − 1's completed trials and parents, replayed from
    /// generation 1 (cached, keyed by the completed trials of earlier generations).
    func parentPopulation(study: Study, generation: Int) throws -> NSGAIIPopulation {
        // Only earlier generations shape the parents, so trials of this generation completing do not invalidate them.
        let trials = try evaluatedTrials(study: study).filter { $0.generation < generation }
        var fingerprint = stableHash("\(study.id)|\(study.name)|\(populationSize)")
        for trial in trials {
            fingerprint = (fingerprint ^ UInt64(truncatingIfNeeded: trial.number)) &* 0x0000_0100_0000_01b3
            fingerprint = (fingerprint ^ UInt64(truncatingIfNeeded: trial.generation)) &* 0x0000_0100_0000_01b3
        }
        let key = NSGAIIParentCache.Key(completedTrials: trials.count, fingerprint: fingerprint, generation: generation)
        if let cached = cache.population(for: key) { return cached }
        var byGeneration: [Int: [NSGAIIParent]] = [:]
        for trial in trials { byGeneration[trial.generation, default: []].append(trial) }
        var parents: [NSGAIIParent] = []
        for previous in 0..<generation {
            let pool = (byGeneration[previous] ?? []) + parents
            guard !pool.isEmpty else { continue }
            let violations = pool.contains { $0.violation > 0 } ? pool.map(\.violation) : nil
            let survivors = NSGAIIOperators.survivors(
                pool.map(\.objectives), violations: violations, count: populationSize)
            parents = survivors.sorted().map { pool[$0] }
        }
        let population = NSGAIIPopulation(generation: generation, trials: parents)
        cache.store(population, for: key)
        return population
    }
}

/// The last rebuilt parent population of an ``NSGAIISampler``, shared by its copies (thread-safe).
final class NSGAIIParentCache: Sendable {
    struct Key: Hashable {
        var completedTrials: Int
        var fingerprint: UInt64
        var generation: Int
    }

    private let entry = Mutex<(key: Key, population: NSGAIIPopulation)?>(nil)

    func population(for key: Key) -> NSGAIIPopulation? {
        entry.withLock { $0?.key == key ? $0?.population : nil }
    }

    func store(_ population: NSGAIIPopulation, for key: Key) {
        entry.withLock { $0 = (key, population) }
    }
}
