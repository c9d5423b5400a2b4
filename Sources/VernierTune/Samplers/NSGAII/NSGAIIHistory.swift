import Foundation

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

/// The completed trials of one study as ``NSGAIISampler`` sees them, each folded in once: a completed trial never
/// changes, so what it adds (its place in its generation, its part of the intersection search space) is kept, and
/// the parents of a generation are replayed once and kept until a trial of an earlier generation completes.
struct NSGAIIHistory: Sendable {
    /// Whether the completed trial of each number has been folded in.
    private var seen: [Bool] = []
    /// How many completed trials have been folded in.
    private(set) var foldedCount = 0
    /// The trial whose start last brought this history up to date (``NSGAIIHistoryCache``).
    var refreshedFor: Int64?
    /// The evaluated trials (a generation and one finite value per objective) of each generation, by number.
    private(set) var byGeneration: [Int: [NSGAIIParent]] = [:]
    /// The distributions every completed trial shares; `nil` before the first.
    private(set) var intersection: [String: Distribution]?
    /// The parents of each generation replayed so far (generation g: the survivors of g − 1 and its parents).
    private var parents: [Int: [NSGAIIParent]] = [:]
    /// Per generation, the last search space its parents were filtered for, and those carrying it.
    private var filtered: [Int: (space: [String: Distribution], parents: [NSGAIIParent])] = [:]
    /// Generations given by ``NSGAIISampler/beforeTrial(study:trial:)`` to trials whose proposal is pending, by
    /// trial ID (read once by the proposal; storage holds them too).
    var pendingGenerations: [Int64: Int] = [:]

    /// Folds in the completed trials of `trials` not seen yet; `directions` minimize-form their values.
    mutating func fold(_ trials: [FrozenTrial], directions: [StudyDirection]) {
        // Indices, not `for trial in trials`: copying every FrozenTrial to skip it would cost more than the rest.
        for index in trials.indices where trials[index].state == .complete {
            let number = trials[index].number
            if number < seen.count, seen[number] { continue }
            if number >= seen.count { seen += [Bool](repeating: false, count: number + 1 - seen.count) }
            seen[number] = true
            foldedCount += 1
            let trial = trials[index]
            if var shared = intersection {
                for (name, distribution) in shared where trial.distributions[name] != distribution {
                    shared[name] = nil
                }
                intersection = shared
            } else {
                intersection = trial.distributions
            }
            guard let generation = trial.systemAttributes[NSGAIISampler.generationKey]?.intValue,
                let values = trial.values, values.count == directions.count, values.allSatisfy(\.isFinite)
            else { continue }
            let parent = NSGAIIParent(
                number: trial.number, generation: generation, parameters: trial.parameters,
                distributions: trial.distributions, objectives: Pareto.minimized(values, directions: directions),
                violation: trial.constraints.map(Pareto.violation) ?? 0)
            var members = byGeneration[generation] ?? []
            let position = members.lastIndex { $0.number < trial.number }.map { $0 + 1 } ?? 0
            members.insert(parent, at: position)
            byGeneration[generation] = members
            // Parents of later generations were chosen without this trial.
            for later in parents.keys where later > generation {
                parents[later] = nil
                filtered[later] = nil
            }
        }
    }

    /// The generation of a trial starting now: the latest among the evaluated trials, or the next one once
    /// `populationSize` trials of it have completed.
    func currentGeneration(populationSize: Int) -> Int {
        guard let latest = byGeneration.keys.max() else { return 0 }
        return byGeneration[latest]!.count >= populationSize ? latest + 1 : latest
    }

    /// The parents of `generation`: the `populationSize` survivors among the evaluated trials of generation − 1
    /// and its parents, replayed from the latest generation whose parents are kept.
    mutating func parents(of generation: Int, populationSize: Int) -> [NSGAIIParent] {
        let start = parents.keys.filter { $0 <= generation }.max() ?? 0
        var current = parents[start] ?? []
        for previous in start..<max(start, generation) {
            let pool = (byGeneration[previous] ?? []) + current
            if !pool.isEmpty {
                let violations = pool.contains { $0.violation > 0 } ? pool.map(\.violation) : nil
                let survivors = NSGAIIOperators.survivors(
                    pool.map(\.objectives), violations: violations, count: populationSize)
                current = survivors.sorted().map { pool[$0] }
            }
            parents[previous + 1] = current
        }
        return current
    }

    /// The parents of `generation` that carry every distribution of `space`.
    mutating func parents(
        of generation: Int, carrying space: [String: Distribution], populationSize: Int
    ) -> [NSGAIIParent] {
        if let kept = filtered[generation], kept.space == space, parents[generation] != nil { return kept.parents }
        let carrying = parents(of: generation, populationSize: populationSize).filter { parent in
            space.allSatisfy { parent.distributions[$0.key] == $0.value }
        }
        filtered[generation] = (space, carrying)
        return carrying
    }
}
