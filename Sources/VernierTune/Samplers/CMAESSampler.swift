import Foundation
import Synchronization
import VernierNumerics
import VernierRandom

/// The covariance matrix adaptation evolution strategy (CMA-ES, ``CMAEvolutionState``) over the float and
/// integer parameters, with IPOP restarts (the design of Optuna's `CmaEsSampler`).
///
/// - The joint space is the intersection of the completed trials' float and integer distributions (single-valued
///   ones left out), mapped to [0, 1] like ``GPSampler`` does (log-scale parameters through their logarithm,
///   integers treated as continuous on an interval widened by half a step and rounded). With fewer than two such
///   parameters — CMA-ES needs n ≥ 2 — and for categorical parameters or any parameter outside the space, values
///   are drawn like ``RandomSampler``.
/// - Search starts at the centre of the box with σ₀ = 1/6 and the population size λ = 4 + ⌊3 ln n⌋. Candidates
///   outside [0, 1]ⁿ are redrawn up to 100 times, then clipped.
/// - **Stateless across processes**: each candidate is stored in its trial's system attributes (`cmaes:generation`,
///   the generation number counted across restarts, and `cmaes:x`, the normalized vector). The evolution state —
///   mean, σ, covariance, paths, restarts — is rebuilt by replaying the complete generations (the first λ trials
///   of each generation to complete) from storage, so a study resumed in a new process, or a second
///   worker, continues where the study stands. The rebuilt state is cached in memory for the next trial, keyed by
///   the finished trials.
/// - **IPOP restarts**: when σ collapses (σ √C_ii < `sigmaTolerance` for every i), σ·max D explodes, the condition
///   number of C exceeds 10¹⁴, or the best and worst losses of the last 10 + ⌈30 n / λ⌉ generations lie within
///   `functionTolerance`, the search restarts from a random mean with the population size doubled.
/// - All randomness depends only on `seed`, the trial number and the restart number.
///
/// ```swift
/// let study = try Study(name: "es", direction: .minimize, storage: InMemoryStorage(), sampler: CMAESSampler(seed: 1))
/// try study.optimize(trials: 200) { trial in
///     let x = try trial.suggestFloat("x", in: -5...10)
///     let y = try trial.suggestFloat("y", in: 0...15)
///     return TestFunction.branin.evaluate([x, y])
/// }
/// ```
public struct CMAESSampler: RelativeSampler, RandomFallbackSampler {
    /// The seed of every random decision.
    public var seed: UInt64
    /// The initial step size in the unit box.
    public var sigma0: Double
    /// λ of the first run (`nil`: 4 + ⌊3 ln n⌋); each restart doubles it.
    public var populationSize: Int?
    /// Restart when σ √C_ii falls below this for every coordinate.
    public var sigmaTolerance: Double
    /// Restart when recent generations' losses span less than this.
    public var functionTolerance: Double
    /// Whether to restart at all (IPOP); without restarts the search continues with the collapsed state.
    public var restarts: Bool
    /// The system attribute holding a trial's generation number.
    public static let generationKey = "cmaes:generation"
    /// The system attribute holding a trial's candidate, normalized to [0, 1]ⁿ.
    public static let candidateKey = "cmaes:x"
    /// Rebuilt states, keyed by the finished trials they were rebuilt from.
    let cache = CMAESStateCache()

    /// Creates a CMA-ES sampler.
    ///
    /// ```swift
    /// let sampler = CMAESSampler(seed: 3, populationSize: 12)
    /// ```
    public init(
        seed: UInt64 = 0, sigma0: Double = 1.0 / 6, populationSize: Int? = nil, sigmaTolerance: Double = 1e-12,
        functionTolerance: Double = 1e-12, restarts: Bool = true
    ) {
        precondition(sigma0 > 0, "CMAESSampler: sigma0 must be positive")
        precondition((populationSize ?? 2) >= 2, "CMAESSampler: populationSize must be at least 2")
        self.seed = seed
        self.sigma0 = sigma0
        self.populationSize = populationSize
        self.sigmaTolerance = sigmaTolerance
        self.functionTolerance = functionTolerance
        self.restarts = restarts
    }

    /// The completed trials' common float and integer parameters, or nothing when fewer than two.
    public func inferRelativeSearchSpace(study: Study, trial: FrozenTrial) throws -> [String: Distribution] {
        let space = try study.intersectionSearchSpace().filter { name, distribution in
            if distribution.isSingleValue { return false }
            if case .categorical = distribution { return false }
            return true
        }
        return space.count >= 2 ? space : [:]
    }

    /// The next candidate of the current generation, after rebuilding the state from storage.
    public func sampleRelative(
        study: Study, trial: FrozenTrial, searchSpace: [String: Distribution]
    ) throws
        -> [String: Double]
    {
        guard searchSpace.count >= 2 else { return [:] }
        let parameters = searchSpace.keys.sorted().map { EncodedParameter(name: $0, distribution: searchSpace[$0]!) }
        let search = try rebuiltSearch(study: study, parameters: parameters)
        var generator = decisionGenerator(seed: seed, trialNumber: trial.number, label: "cmaes:candidate")
        let n = parameters.count
        var x = [Double]()
        for _ in 0..<100 {
            x = search.state.candidate(standardNormal: (0..<n).map { _ in generator.nextNormal() })
            if x.allSatisfy({ $0 >= 0 && $0 <= 1 }) { break }
        }
        x = x.map { min(max($0, 0), 1) }
        try study.storage.setTrialAttribute(
            trialID: trial.trialID, key: Self.generationKey, value: .int(search.generation), kind: .system)
        try study.storage.setTrialAttribute(
            trialID: trial.trialID, key: Self.candidateKey, value: .array(x.map { .double($0) }), kind: .system)
        var values: [String: Double] = [:]
        for (k, parameter) in parameters.enumerated() {
            values[parameter.name] = parameter.internalValue(fromUnit: x[k])
        }
        return values
    }

    /// The search state after replaying every complete generation stored for `parameters` (cached).
    func rebuiltSearch(study: Study, parameters: [EncodedParameter]) throws -> CMAESSearch {
        let n = parameters.count
        var byGeneration: [Int: [(number: Int, completed: Date, point: [Double], loss: Double)]] = [:]
        var fingerprint = stableHash(parameters.map(\.name).joined(separator: "\u{1F}") + "|\(study.id)|\(study.name)")
        var finished = 0
        for candidate in try study.trials(states: [.complete]) {
            guard let value = candidate.value, value.isFinite,
                let generation = candidate.systemAttributes[Self.generationKey]?.intValue,
                case .array(let items)? = candidate.systemAttributes[Self.candidateKey], items.count == n,
                parameters.allSatisfy({ candidate.distributions[$0.name] == $0.distribution })
            else { continue }
            let point = items.compactMap(\.doubleValue)
            guard point.count == n else { continue }
            finished += 1
            fingerprint = (fingerprint ^ UInt64(truncatingIfNeeded: candidate.number)) &* 0x0000_0100_0000_01b3
            fingerprint = (fingerprint ^ value.bitPattern) &* 0x0000_0100_0000_01b3
            byGeneration[generation, default: []].append(
                (
                    candidate.number, candidate.completeDate ?? .distantPast, point,
                    loss(of: value, direction: study.direction)
                ))
        }
        let key = CMAESStateCache.Key(finishedTrials: finished, fingerprint: fingerprint)
        if let cached = cache.search(for: key) { return cached }
        var search = CMAESSearch(
            dimension: n, sampler: self, restart: 0, generation: 0, populationSize: populationSize)
        while let members = byGeneration[search.generation], members.count >= search.state.populationSize {
            // The first λ to complete form the generation, so a late trial never changes a told generation.
            let ranked = members.sorted { ($0.completed, $0.number) < ($1.completed, $1.number) }
                .prefix(search.state.populationSize)
            search.tell(ranked.map { ($0.point, $0.loss) }, sampler: self)
        }
        cache.store(search, for: key)
        return search
    }

    /// `false`: it models one objective; a study with several refuses it.
    public var supportsSeveralObjectives: Bool { false }
}

/// One CMA-ES run of a ``CMAESSampler`` with its restart bookkeeping: the evolution state, the generation number
/// counted across restarts, the restart number and the recent generations' losses.
struct CMAESSearch: Sendable {
    var state: CMAEvolutionState
    var generation: Int
    var restart: Int
    /// Best and worst loss of each recent generation of the current run.
    var recentLosses: [(best: Double, worst: Double)] = []
    let initialSigma: Double

    init(dimension n: Int, sampler: CMAESSampler, restart: Int, generation: Int, populationSize: Int?) {
        let lambda = (populationSize ?? CMAEvolutionState.defaultPopulationSize(dimension: n)) << restart
        var mean = Array(repeating: 0.5, count: n)
        if restart > 0 {
            var generator = decisionGenerator(seed: sampler.seed, trialNumber: restart, label: "cmaes:restart")
            mean = (0..<n).map { _ in generator.nextUniform() }
        }
        state = CMAEvolutionState(mean: mean, sigma: sampler.sigma0, populationSize: lambda)
        self.generation = generation
        self.restart = restart
        initialSigma = sampler.sigma0
    }

    /// Tells one complete generation, then restarts with a doubled population when the run has stalled.
    mutating func tell(_ evaluated: [(point: [Double], loss: Double)], sampler: CMAESSampler) {
        state.tell(evaluated)
        generation += 1
        let losses = evaluated.map(\.loss)
        recentLosses.append((losses.min()!, losses.max()!))
        let n = state.dimension
        let historyLength = 10 + (30 * n + state.populationSize - 1) / state.populationSize
        if recentLosses.count > historyLength { recentLosses.removeFirst(recentLosses.count - historyLength) }
        guard sampler.restarts, shouldRestart(sampler: sampler, historyLength: historyLength) else { return }
        self = CMAESSearch(
            dimension: n, sampler: sampler, restart: restart + 1, generation: generation,
            populationSize: sampler.populationSize)
    }

    /// The IPOP termination criteria.
    func shouldRestart(sampler: CMAESSampler, historyLength: Int) -> Bool {
        if state.largestCoordinateDeviation < sampler.sigmaTolerance { return true }
        if state.sigma * state.scales.last! > 1e4 * initialSigma { return true }
        if state.conditionNumber > 1e14 { return true }
        if recentLosses.count >= historyLength {
            let best = recentLosses.map(\.best).min()!
            let worst = recentLosses.map(\.worst).max()!
            if worst - best < sampler.functionTolerance { return true }
        }
        return false
    }
}

/// The last rebuilt ``CMAESSearch`` of a sampler, shared by its copies (thread-safe).
final class CMAESStateCache: Sendable {
    struct Key: Hashable {
        var finishedTrials: Int
        var fingerprint: UInt64
    }

    private let entry = Mutex<(key: Key, search: CMAESSearch)?>(nil)

    func search(for key: Key) -> CMAESSearch? {
        entry.withLock { $0?.key == key ? $0?.search : nil }
    }

    func store(_ search: CMAESSearch, for key: Key) {
        entry.withLock { $0 = (key, search) }
    }
}
