import VernierTune

/// What a spec means for its objective: the epoch budget a pruner gets, the points of a grid or sensitivity
/// study, the sampler, and how many trials the study runs. ``StudySpec/validate()`` and ``StudyRunner`` share it,
/// so each of these decisions is made in one place.
///
/// ```swift
/// let plan = StudyPlan(spec: spec, objective: try spec.makeObjective())
/// plan.expectedTrialCount   // 8 for `vernier tune iris --sampler grid --trials 100`
/// ```
public struct StudyPlan: Sendable {
    /// The recipe.
    public let spec: StudySpec
    /// The objective it runs (``StudySpec/makeObjective()``).
    public let objective: TunableObjective

    /// A plan for `spec` run on `objective`.
    public init(spec: StudySpec, objective: TunableObjective) {
        self.spec = spec
        self.objective = objective
    }

    /// The most epochs a trial trains: the largest value of an `epochs` parameter of the search space, else the
    /// objective's ``TunableObjective/epochBudget`` (e.g. `set: {epochs: 30}`); `nil` when neither says.
    public var epochBudget: Int? {
        if let parameter = spec.space.parameters.first(where: { $0.name == "epochs" }) {
            return parameter.distribution.finiteValues?.compactMap(\.doubleValue).max().map { Int($0) }
        }
        return objective.epochBudget
    }

    /// The spec's pruner with `max_epochs` taken from ``epochBudget`` when successive halving or Hyperband has
    /// none, so `vernier tune fashion-mnist --set epochs=27 --pruner hyperband` needs no `--max-epochs`.
    public var effectivePruner: PrunerSettings {
        var settings = spec.pruner
        if settings.maxEpochs == nil, settings.kind == .sha || settings.kind == .hyperband {
            settings.maxEpochs = epochBudget
        }
        return settings
    }

    /// The values a grid or a sweep uses for `parameter`: explicit values, else every value of a finite
    /// distribution with at most `limit` values, else 5 evenly spread values (log-spread on a log scale).
    public func sweepValues(for parameter: ParameterSpec, limit: Int = 32) -> [ParameterValue] {
        if let explicit = spec.values[parameter.name] { return explicit }
        if let finite = parameter.distribution.finiteValues, finite.count <= limit { return finite }
        var spread: [ParameterValue] = []
        for index in 0..<5 {
            let value = parameter.distribution.externalValue(
                ofInternal: parameter.distribution.internalValue(fromUnit: Double(index) / 4))
            if !spread.contains(value) { spread.append(value) }
        }
        return spread
    }

    /// The number of configurations of a grid (every combination) or a sensitivity study (the baseline plus each
    /// other value of each parameter); `nil` for the other samplers.
    public var plannedTrialCount: Int? {
        switch spec.sampler {
        case .grid: return spec.space.parameters.reduce(1) { $0 * sweepValues(for: $1).count }
        case .sensitivity:
            return 1
                + spec.space.parameters.reduce(0) { count, parameter in
                    let sweep = sweepValues(for: parameter, limit: 9)
                    let base = sensitivityBaseline(for: parameter, sweep: sweep)
                    return count + sweep.filter { $0 != base }.count
                }
        default: return nil
        }
    }

    /// The baseline value of `parameter` in a sensitivity study: the spec's, else the objective's default
    /// (matched to the sweep value it equals), else the middle of the sweep.
    func sensitivityBaseline(for parameter: ParameterSpec, sweep: [ParameterValue]) -> ParameterValue {
        if let explicit = spec.baseline[parameter.name] { return explicit }
        if let value = objective.baseline[parameter.name],
            let match = sweep.first(where: { candidate in
                guard candidate != value else { return true }
                guard let a = candidate.doubleValue, let b = value.doubleValue else { return false }
                return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
            })
        {
            return match
        }
        return sweep[sweep.count / 2]
    }

    /// The sampler the spec names (a grid larger than ``InputLimits/maximumGridPoints`` throws).
    public func makeSampler() throws -> any Sampler {
        let seed = spec.seed
        switch spec.sampler {
        case .random: return RandomSampler(seed: seed)
        case .sobol: return SobolSampler(seed: seed)
        case .grid:
            var grid: [String: [ParameterValue]] = [:]
            for parameter in spec.space.parameters { grid[parameter.name] = sweepValues(for: parameter) }
            return try GridSampler(space: spec.space, values: grid)
        case .sensitivity:
            var base: [String: ParameterValue] = [:]
            var variations: [ParameterVariation] = []
            for parameter in spec.space.parameters {
                let sweep = sweepValues(for: parameter, limit: 9)
                base[parameter.name] = sensitivityBaseline(for: parameter, sweep: sweep)
                variations.append(ParameterVariation(name: parameter.name, values: sweep))
            }
            return OneAtATimeSampler(baseline: base, variations: variations, seed: seed)
        case .gp: return GPSampler(seed: seed)
        case .cmaes: return CMAESSampler(seed: seed)
        case .nsga2: return NSGAIISampler(seed: seed)
        case .tpe:
            var tpe = TPESampler(seed: seed)
            if let candidates = spec.candidates { tpe.candidateCount = candidates }
            if let goodGroup = spec.goodGroup { tpe.goodGroup = goodGroup }
            return tpe
        }
    }

    /// The study-wide trial budget: the spec's trials, else every point of a grid or sensitivity study, else 20
    /// trials (`nil`, unbounded, when only a timeout is given).
    public var budget: Int? { spec.trials ?? plannedTrialCount ?? (spec.timeout != nil ? nil : 20) }

    /// How many trials finish when the study has run to the end: the ``budget``, or fewer when a grid or
    /// sensitivity study has fewer points.
    public var expectedTrialCount: Int? {
        guard let budget else { return nil }
        return plannedTrialCount.map { min($0, budget) } ?? budget
    }
}
