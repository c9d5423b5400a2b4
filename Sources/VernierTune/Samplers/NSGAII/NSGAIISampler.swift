import Foundation
import Synchronization
import VernierRandom

/// NSGA-II, the elitist non-dominated sorting genetic algorithm (Deb, Pratap, Agarwal & Meyarivan, 2002), for
/// studies with one or several objectives, with Deb's constrained domination when trials report constraints —
/// the design and defaults of Optuna's `NSGAIISampler`.
///
/// - **Generations.** Each trial is given a generation when it starts (the system attribute `nsga2:generation`):
///   the latest generation among the completed trials, or the next one once that generation has
///   `populationSize` completed trials. Generation 0 is drawn like ``RandomSampler``.
/// - **Parents.** The parents of generation g are the `populationSize` survivors (``NSGAIIOperators/survivors(_:violations:count:)``:
///   non-dominated fronts best first, the last one cut by crowding distance) among the completed trials of
///   generation g − 1 and the parents of generation g − 1.
/// - **Children.** With probability `crossoverProbability` two parents are picked by binary tournaments (the
///   second from the others) and crossed (`crossover`: uniform by default, or simulated binary), else one
///   parent is copied. Then each parameter is redrawn at random with probability `mutationProbability`
///   (default 1 / the number of parameters), as Optuna does.
/// - **Mixed spaces.** The children cover the parameters every completed trial shares (the intersection search
///   space, single-valued ones left out); float, integer and categorical parameters are crossed as their
///   internal values (uniform) or unit coordinates (simulated binary). Other parameters are drawn at random.
/// - **Stateless across processes.** The parents are rebuilt from the stored trials and their generations, so a
///   study resumed in a new process, or several workers, continue the same evolution. In memory each completed
///   trial is folded in once (``NSGAIIHistory``: generations, intersection search space) and each generation's
///   parents are replayed once, so a suggestion costs a count of the completed trials plus, when it changed, one
///   read of them. All randomness depends only on `seed` and the trial number.
///
/// ```swift
/// let study = try Study(
///     name: "front", directions: [.minimize, .minimize], storage: InMemoryStorage(), sampler: NSGAIISampler(seed: 1))
/// try study.optimizeObjectives(trials: 200) { trial in try MultiObjectiveTestFunction.zdt1.objective(trial) }
/// ```
public struct NSGAIISampler: RelativeSampler, RandomFallbackSampler {
    /// The seed of every random decision.
    public var seed: UInt64
    /// Parents per generation, and completed trials that close a generation (default 50).
    public var populationSize: Int
    /// How two parents are combined.
    public var crossover: NSGAIICrossover
    /// Probability that a child comes from crossing two parents rather than copying one (default 0.9).
    public var crossoverProbability: Double
    /// Probability, per parameter, of taking the second parent's value in a uniform crossover (default 0.5).
    public var swappingProbability: Double
    /// Probability, per parameter, of redrawing it at random (`nil`: 1 / the number of parameters).
    public var mutationProbability: Double?
    /// The system attribute holding a trial's generation.
    public static let generationKey = "nsga2:generation"
    /// The completed trials of the study last served, folded in once each, and the parents replayed from them.
    let history = NSGAIIHistoryCache()

    /// Creates an NSGA-II sampler with Optuna's defaults.
    ///
    /// ```swift
    /// let sampler = NSGAIISampler(seed: 3, populationSize: 20, crossover: .simulatedBinary(eta: 20))
    /// ```
    public init(
        seed: UInt64 = 0, populationSize: Int = 50, crossover: NSGAIICrossover = .uniform,
        crossoverProbability: Double = 0.9, swappingProbability: Double = 0.5, mutationProbability: Double? = nil
    ) {
        precondition(populationSize >= 2, "NSGAIISampler: populationSize must be at least 2")
        precondition((0...1).contains(crossoverProbability), "NSGAIISampler: crossoverProbability must be in [0, 1]")
        precondition((0...1).contains(swappingProbability), "NSGAIISampler: swappingProbability must be in [0, 1]")
        precondition(
            (0...1).contains(mutationProbability ?? 0), "NSGAIISampler: mutationProbability must be in [0, 1]")
        if case .simulatedBinary(let eta) = crossover {
            precondition(eta >= 0 && eta.isFinite, "NSGAIISampler: eta must be finite and non-negative")
        }
        self.seed = seed
        self.populationSize = populationSize
        self.crossover = crossover
        self.crossoverProbability = crossoverProbability
        self.swappingProbability = swappingProbability
        self.mutationProbability = mutationProbability
    }

    /// Stores the trial's generation (unless it has one, e.g. a re-run waiting trial).
    public func beforeTrial(study: Study, trial: FrozenTrial) throws {
        guard trial.systemAttributes[Self.generationKey]?.intValue == nil else { return }
        let generation = try history.withHistory(study: study, trialID: trial.trialID) { history in
            let generation = history.currentGeneration(populationSize: populationSize)
            history.pendingGenerations[trial.trialID] = generation
            return generation
        }
        try study.storage.setTrialAttribute(
            trialID: trial.trialID, key: Self.generationKey, value: .int(generation), kind: .system)
    }

    /// The parameters every completed trial shares (single-valued ones left out).
    public func inferRelativeSearchSpace(study: Study, trial: FrozenTrial) throws -> [String: Distribution] {
        try history.withHistory(study: study, trialID: trial.trialID) {
            ($0.intersection ?? [:]).filter { !$0.value.isSingleValue }
        }
    }

    /// The parents of `generation` (see ``NSGAIIHistory``), replayed from the stored trials.
    func parentPopulation(study: Study, generation: Int) throws -> NSGAIIPopulation {
        let trials = try history.withHistory(study: study, trialID: nil) {
            $0.parents(of: generation, populationSize: populationSize)
        }
        return NSGAIIPopulation(generation: generation, trials: trials)
    }

    /// A child of the trial's generation's parents; the parameters to mutate are left out (drawn at random by
    /// ``sampleIndependent(study:trial:name:distribution:)``). Empty in generation 0.
    public func sampleRelative(
        study: Study, trial: FrozenTrial, searchSpace: [String: Distribution]
    ) throws
        -> [String: Double]
    {
        let parents = try history.withHistory(study: study, trialID: trial.trialID) { history -> [NSGAIIParent]? in
            // The generation beforeTrial gave (or a re-run trial carried); storage when another copy gave it.
            let pending = history.pendingGenerations.removeValue(forKey: trial.trialID)
            guard
                let generation = try pending ?? trial.systemAttributes[Self.generationKey]?.intValue
                    ?? study.trial(number: trial.number).systemAttributes[Self.generationKey]?.intValue,
                generation > 0
            else { return nil }
            return history.parents(of: generation, carrying: searchSpace, populationSize: populationSize)
        }
        guard let parents, !parents.isEmpty else { return [:] }
        let parameters = searchSpace.keys.sorted().map { EncodedParameter(name: $0, distribution: searchSpace[$0]!) }
        let points = parents.map(\.objectives)
        let violations = parents.contains { $0.violation > 0 } ? parents.map(\.violation) : nil
        var generator = decisionGenerator(seed: seed, trialNumber: trial.number, label: "nsga2:child")
        let child: [Double]
        if parents.count >= 2, generator.nextUniform() < crossoverProbability {
            let all = Array(parents.indices)
            let first = NSGAIIOperators.tournament(all, points: points, violations: violations, using: &generator)
            let second = NSGAIIOperators.tournament(
                all.filter { $0 != first }, points: points, violations: violations, using: &generator)
            child = cross(parents[first], parents[second], parameters: parameters, using: &generator)
        } else {
            let parent = parents[generator.nextInt(below: parents.count)]
            child = parameters.map { parent.parameters[$0.name]! }
        }
        let mask = NSGAIIOperators.mutationMask(
            count: parameters.count, probability: mutationProbability ?? 1 / Double(parameters.count),
            using: &generator)
        var values: [String: Double] = [:]
        for (k, parameter) in parameters.enumerated() where !mask[k] {
            values[parameter.name] = child[k]
        }
        return values
    }

    /// The crossed internal values of two parents, in `parameters` order.
    private func cross<G: RandomNumberGenerator>(
        _ first: NSGAIIParent, _ second: NSGAIIParent, parameters: [EncodedParameter], using generator: inout G
    ) -> [Double] {
        let a = parameters.map { first.parameters[$0.name]! }
        let b = parameters.map { second.parameters[$0.name]! }
        switch crossover {
        case .uniform:
            return NSGAIIOperators.uniformCrossover(a, b, swapping: swappingProbability, using: &generator)
        case .simulatedBinary(let eta):
            let unitA = zip(parameters, a).map { $0.unit(ofInternal: $1) }
            let unitB = zip(parameters, b).map { $0.unit(ofInternal: $1) }
            let child = NSGAIIOperators.simulatedBinaryCrossover(
                unitA, unitB, eta: eta, swapping: swappingProbability, categorical: parameters.map(\.isCategorical),
                using: &generator)
            return zip(parameters, child).map { parameter, u in
                parameter.isCategorical ? u : parameter.internalValue(fromUnit: u)
            }
        }
    }
}
