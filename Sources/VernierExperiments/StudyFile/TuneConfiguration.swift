import Foundation
import VernierRandom
import VernierTune

/// Everything `vernier tune` needs to run a study, from a study file and/or an objective name plus command-line
/// overrides; ``run(storage:onTrialFinished:)`` runs it and returns the summary.
///
/// ```swift
/// var configuration = try TuneConfiguration(objectiveName: "branin")
/// configuration.sampler = .sobol
/// configuration.trials = 32
/// let summary = try configuration.run(storage: InMemoryStorage())
/// print(summary.bestValue!)
/// ```
public struct TuneConfiguration: Sendable {
    /// The objective.
    public var objective: TunableObjective
    /// The study's name in storage.
    public var studyName: String
    /// Minimize or maximize.
    public var direction: StudyDirection
    /// The metric's name.
    public var metric: String
    /// The sampler.
    public var sampler: SamplerKind
    /// TPE: draws scored per proposal (`nil`: ``TPESampler``'s default, 64).
    public var candidates: Int?
    /// The pruner (the step is the epoch; default none).
    public var pruner = PrunerSettings(kind: .none)
    /// The study-wide trial budget (`nil`: grid and sensitivity run every point, others 20 trials).
    public var trials: Int?
    /// Seconds after which no new trial starts.
    public var timeout: TimeInterval?
    /// Evaluations per configuration.
    public var repeats: Int
    /// Seed of the sampler and of the objective.
    public var seed: UInt64
    /// Standard deviation of Gaussian noise added to every value.
    public var noise: Double
    /// The search space.
    public var space: SearchSpace
    /// Explicit values per parameter (grid, sensitivity).
    public var values: [String: [ParameterValue]]
    /// Baseline values (sensitivity).
    public var baseline: [String: ParameterValue]
    /// The storage URL from the study file, if any.
    public var storageURL: String?
    /// Whether to score the chosen configuration on the test set when the objective has one.
    public var evaluatesTest = true
    /// Whether to use the objective's fast path (``TunableObjective/vectorized``): the built-in experiments then
    /// train every MLP configuration the fused step supports with it, and with a random, Sobol, grid or
    /// sensitivity sampler and no pruner they train compatible trials (same shapes; only seed, learning rate,
    /// momentum and weight decay differ) together, split across the cores. Values agree with the plain path to
    /// float rounding. `vernier tune --vectorize off` turns it off.
    public var vectorize = true
    /// Trials asked at once when compatible trials train together.
    public var vectorizedBatchSize = 16
    /// The fixed settings given so far (``applySettings(_:metric:)``), by setting key.
    public private(set) var settings: [String: String] = [:]
    /// The program of a command study (``objective`` runs it); `nil` for registered objectives.
    public internal(set) var command: CommandObjective?

    /// A configuration for a registered objective with its defaults (random sampler).
    ///
    /// ```swift
    /// let configuration = try TuneConfiguration(objectiveName: "sphere")
    /// ```
    public init(objectiveName: String) throws {
        guard let objective = TunableObjectiveRegistry.objective(named: objectiveName) else {
            throw TuneConfigurationError.unknownObjective(
                objectiveName, known: TunableObjectiveRegistry.all.map(\.name))
        }
        self.objective = objective
        sampler = .random
        studyName = "\(objective.name)-random"
        direction = objective.direction
        metric = objective.metric
        repeats = 1
        seed = 0
        noise = 0
        space = objective.searchSpace
        values = [:]
        baseline = [:]
    }

    /// A configuration from a study file.
    ///
    /// ```swift
    /// let configuration = try TuneConfiguration(file: try StudyFile.load(path: "study.yaml"))
    /// ```
    public init(file: StudyFile) throws {
        if let arguments = file.command {
            try self.init(commandFile: file, arguments: arguments)
        } else {
            try self.init(objectiveName: file.objective)
        }
        sampler = file.sampler ?? .random
        candidates = file.candidates
        pruner = file.pruner ?? PrunerSettings(kind: .none)
        studyName = file.name ?? (command != nil ? studyName : "\(objective.name)-\(sampler.rawValue)")
        direction = file.direction ?? objective.direction
        metric = file.metric ?? objective.metric
        trials = file.trials
        timeout = file.timeout
        repeats = file.repeats ?? 1
        seed = file.seed ?? 0
        noise = file.noise ?? 0
        if !file.space.parameters.isEmpty { space = file.space }
        values = file.values
        baseline = file.baseline
        storageURL = file.storage
        evaluatesTest = file.test ?? true
        if !file.settings.isEmpty || file.metric != nil {
            do {
                try applySettings(Self.resolvingDataPaths(file.settings, in: file), metric: file.metric)
            } catch let error as TuneConfigurationError {
                let line = file.settings.keys.sorted().compactMap { file.settingLines[$0] }.first
                throw StudyFileError(file: file.path ?? "<study file>", line: line, field: "set", message: "\(error)")
            }
        }
        do {
            try validate()
        } catch let error as TuneConfigurationError {
            throw Self.studyFileError(error, in: file)
        }
        do {
            _ = try effectivePruner.makePruner()
        } catch {
            throw StudyFileError(
                file: file.path ?? "<study file>", line: file.prunerLine, field: "pruner",
                message: error.message + "; write e.g. {name: \(pruner.kind.rawValue), max_epochs: 15}")
        }
    }

    /// Fixes settings of the objective (`vernier tune --set epochs=10`, a study file's `set:`) and optionally
    /// changes the metric; throws when the objective takes no settings or a key or value is invalid.
    ///
    /// ```swift
    /// var configuration = try TuneConfiguration(objectiveName: "spirals")
    /// try configuration.applySettings(["epochs": "5"], metric: nil)
    /// ```
    public mutating func applySettings(_ settings: [String: String], metric newMetric: String?) throws {
        guard let apply = objective.applySettings else {
            if settings.isEmpty { return }
            throw TuneConfigurationError.noSettings(objective.name)
        }
        do {
            objective = try apply(settings, newMetric)
        } catch {
            throw TuneConfigurationError.invalidSettings("\(error)")
        }
        for (key, value) in settings {
            self.settings[key.lowercased().replacingOccurrences(of: "_", with: "-")] = value
        }
        if let newMetric { metric = newMetric }
    }

    /// The most epochs a trial trains: the largest value of an `epochs` parameter of the search space, else the
    /// objective's ``TunableObjective/epochBudget`` (e.g. `set: {epochs: 30}`); `nil` when neither says.
    ///
    /// ```swift
    /// var configuration = try TuneConfiguration(objectiveName: "spirals")
    /// configuration.epochBudget   // 60: the largest of the spirals space's epochs {10, 30, 60}
    /// ```
    public var epochBudget: Int? {
        if let parameter = space.parameters.first(where: { $0.name == "epochs" }) {
            return parameter.distribution.finiteValues?.compactMap(\.doubleValue).max().map { Int($0) }
        }
        return objective.epochBudget
    }

    /// ``pruner`` with `max_epochs` taken from ``epochBudget`` when successive halving or Hyperband has none, so
    /// `vernier tune fashion-mnist --set epochs=27 --pruner hyperband` needs no `--max-epochs`.
    ///
    /// ```swift
    /// let pruner = try configuration.effectivePruner.makePruner()
    /// ```
    public var effectivePruner: PrunerSettings {
        var settings = pruner
        if settings.maxEpochs == nil, settings.kind == .sha || settings.kind == .hyperband {
            settings.maxEpochs = epochBudget
        }
        return settings
    }

    /// The values a grid or a sweep uses for `parameter`: explicit values, else every value of a finite
    /// distribution with at most `limit` values, else 5 evenly spread values (log-spread on a log scale).
    ///
    /// ```swift
    /// configuration.sweepValues(for: spec)   // e.g. [-5, -1.25, 2.5, 6.25, 10]
    /// ```
    public func sweepValues(for parameter: ParameterSpec, limit: Int = 32) -> [ParameterValue] {
        if let explicit = values[parameter.name] { return explicit }
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
    ///
    /// ```swift
    /// configuration.plannedTrialCount   // 17 for the spirals sensitivity study
    /// ```
    public var plannedTrialCount: Int? {
        switch sampler {
        case .grid: return space.parameters.reduce(1) { $0 * sweepValues(for: $1).count }
        case .sensitivity:
            return 1
                + space.parameters.reduce(0) { count, parameter in
                    let sweep = sweepValues(for: parameter, limit: 9)
                    let base = sensitivityBaseline(for: parameter, sweep: sweep)
                    return count + sweep.filter { $0 != base }.count
                }
        default: return nil
        }
    }

    /// The baseline value of `parameter` in a sensitivity study: the study file's, else the objective's default
    /// (matched to the sweep value it equals), else the middle of the sweep.
    func sensitivityBaseline(for parameter: ParameterSpec, sweep: [ParameterValue]) -> ParameterValue {
        if let explicit = baseline[parameter.name] { return explicit }
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

    /// The sampler this configuration names.
    ///
    /// ```swift
    /// let sampler = try configuration.makeSampler()
    /// ```
    public func makeSampler() throws -> any Sampler {
        switch sampler {
        case .random: return RandomSampler(seed: seed)
        case .sobol: return SobolSampler(seed: seed)
        case .grid:
            var grid: [String: [ParameterValue]] = [:]
            for parameter in space.parameters { grid[parameter.name] = sweepValues(for: parameter) }
            return try GridSampler(space: space, values: grid)
        case .sensitivity:
            var base: [String: ParameterValue] = [:]
            var variations: [ParameterVariation] = []
            for parameter in space.parameters {
                let sweep = sweepValues(for: parameter, limit: 9)
                base[parameter.name] = sensitivityBaseline(for: parameter, sweep: sweep)
                variations.append(ParameterVariation(name: parameter.name, values: sweep))
            }
            return OneAtATimeSampler(baseline: base, variations: variations, seed: seed)
        case .gp: return GPSampler(seed: seed)
        case .cmaes: return CMAESSampler(seed: seed)
        case .tpe:
            var tpe = TPESampler(seed: seed)
            if let candidates { tpe.candidateCount = candidates }
            return tpe
        }
    }

    /// Opens (or resumes) the study in `storage` with this configuration's sampler.
    ///
    /// ```swift
    /// let study = try configuration.makeStudy(storage: InMemoryStorage())
    /// ```
    public func makeStudy(
        storage: any Storage, workerOptions: WorkerOptions = WorkerOptions(),
        runningTrials: RunningTrials = RunningTrials()
    ) throws -> Study {
        try Study(
            name: studyName, direction: direction, storage: storage, sampler: try makeSampler(),
            pruner: try effectivePruner.makePruner(), workerOptions: workerOptions, runningTrials: runningTrials)
    }

    /// The study-wide trial budget: ``trials``, else every point of a grid or sensitivity study, else 20 trials
    /// (`nil`, unbounded, when only a timeout is given).
    ///
    /// ```swift
    /// try TuneConfiguration(objectiveName: "sphere").budget   // 20
    /// ```
    public var budget: Int? { trials ?? plannedTrialCount ?? (timeout != nil ? nil : 20) }

    /// How many trials finish when the study has run to the end: the ``budget``, or fewer when a grid or
    /// sensitivity study has fewer points.
    ///
    /// ```swift
    /// configuration.expectedTrialCount   // 8 for `vernier tune iris --sampler grid --trials 100`
    /// ```
    public var expectedTrialCount: Int? {
        guard let budget else { return nil }
        return plannedTrialCount.map { min($0, budget) } ?? budget
    }

    /// Runs the study: evaluates the objective on every trial (with repeats and noise), evaluates the chosen
    /// configuration on the test set when the objective has one, and returns the summary. `workerOptions` and
    /// `runningTrials` are handed to the study (see ``makeStudy(storage:workerOptions:runningTrials:)``).
    ///
    /// ```swift
    /// let summary = try configuration.run(storage: storage) { trial, progress in print(trial.number) }
    /// ```
    public func run(
        storage: any Storage, workerOptions: WorkerOptions = WorkerOptions(),
        runningTrials: RunningTrials = RunningTrials(),
        onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil
    ) throws
        -> TuneSummary
    {
        let study = try makeStudy(storage: storage, workerOptions: workerOptions, runningTrials: runningTrials)
        let space = self.space
        let (seed, noise) = (self.seed, self.noise)
        let fast = vectorize ? objective.vectorized : nil
        let evaluate = fast?.single ?? objective.evaluate
        @Sendable func noisy(_ value: Double, trial: Trial, repeatIndex: Int) -> Double {
            guard noise > 0 else { return value }
            var generator = Xoshiro256(seed: seed ^ stableHash("noise")).stream(
                UInt64(trial.number) &* 1_000_003 &+ UInt64(repeatIndex))
            return value + noise * generator.nextNormal()
        }
        let evaluateTrial: (Trial, Int) throws -> Double = { trial, repeatIndex in
            let parameters = try space.suggest(in: trial)
            return noisy(
                try evaluate(trial, parameters, seed &+ UInt64(repeatIndex)), trial: trial, repeatIndex: repeatIndex)
        }
        let independentSampler = [.random, .sobol, .grid, .sensitivity].contains(sampler)
        if let fast, independentSampler, pruner.kind == .none {
            try study.optimize(
                trials: budget, timeout: timeout, repeats: repeats, batchSize: vectorizedBatchSize,
                onTrialFinished: onTrialFinished,
                batchObjective: { evaluations in
                    var parameters: [[String: ParameterValue]] = []
                    for evaluation in evaluations { parameters.append(try space.suggest(in: evaluation.trial)) }
                    let seeds = evaluations.map { seed &+ UInt64($0.repeatIndex) }
                    let results = try fast.batch(evaluations, parameters, seeds)
                    return zip(evaluations, results).map { evaluation, result in
                        result.map {
                            $0.map { noisy($0, trial: evaluation.trial, repeatIndex: evaluation.repeatIndex) }
                        }
                    }
                }, objective: evaluateTrial)
        } else {
            try study.optimize(
                trials: budget, timeout: timeout, repeats: repeats, onTrialFinished: onTrialFinished,
                objective: evaluateTrial)
        }
        if evaluatesTest, let evaluateTest = objective.evaluateTest, let best = try study.bestTrials().first {
            let value = try evaluateTest(best.externalParameters, seed)
            try study.setTestValue(value, trialNumber: best.number)
        }
        return try TuneSummary(study: study, metric: metric, sampler: sampler)
    }
}
