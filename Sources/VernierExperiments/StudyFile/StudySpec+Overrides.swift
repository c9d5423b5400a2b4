import Foundation
import VernierTune

extension StudySpec {
    /// A partial recipe: the fields one source gives (a study file, `vernier tune`'s options, `vernier ask`'s
    /// options), each `nil` or empty where that source says nothing, plus where each field came from
    /// (``SpecOrigins``) so that a validation error names the file and line, or the option.
    ///
    /// Sources are layered with ``merging(_:)`` (the argument wins field by field) and turned into a full spec by
    /// ``resolved()``, which fills the rest from the objective's defaults and runs ``StudySpec/validate()``.
    ///
    /// ```swift
    /// let file = try StudyFile.load(path: "study.yaml")
    /// var options = StudySpec.Overrides()
    /// options.trials = 40
    /// options.origins.options["trials"] = "--trials"
    /// let spec = try file.merging(options).resolved()
    /// ```
    public struct Overrides: Sendable {
        /// The study's name in storage (`nil`: ``studyName(sampler:)`` derives it).
        public var name: String?
        /// The registered objective's name (or `command` / `external`).
        public var objective: String?
        /// A study file's program.
        public var command: CommandObjective?
        /// The metrics optimized (several: a multi-objective study).
        public var metrics: [String]?
        /// Minimize or maximize, one per metric.
        public var directions: [StudyDirection]?
        /// Bounds on reported metrics (replace an earlier source's).
        public var constraints: [MetricConstraint]?
        /// The one metric optimized (setting it makes ``metrics`` that one).
        public var metric: String? {
            get { metrics?.first }
            set { metrics = newValue.map { [$0] } }
        }
        /// The one direction (setting it makes ``directions`` that one).
        public var direction: StudyDirection? {
            get { directions?.first }
            set { directions = newValue.map { [$0] } }
        }
        /// The sampler.
        public var sampler: SamplerKind?
        /// TPE: draws scored per proposal.
        public var candidates: Int?
        /// TPE with several objectives: the good group's size and weights.
        public var goodGroup: MultiObjectiveGoodGroup?
        /// A pruner given by name, with its settings (replaces an earlier source's pruner).
        public var pruner: PrunerSettings?
        /// Single pruner settings changed without naming the pruner (`vernier tune --max-epochs 30`), applied in
        /// order over the pruner.
        public var prunerEdits: [PrunerSettings.Edit] = []
        /// The study-wide trial budget.
        public var trials: Int?
        /// Seconds after which no new trial starts.
        public var timeout: Double?
        /// Evaluations per configuration.
        public var repeats: Int?
        /// The seed of the sampler and the objective.
        public var seed: UInt64?
        /// Standard deviation of Gaussian noise added to every value.
        public var noise: Double?
        /// The storage URL.
        public var storage: String?
        /// The search space (`nil`: the objective's default space).
        public var space: SearchSpace?
        /// Explicit values per parameter (grid, sensitivity).
        public var values: [String: [ParameterValue]] = [:]
        /// Baseline values (sensitivity).
        public var baseline: [String: ParameterValue] = [:]
        /// Fixed settings of the objective by setting key (normalized: lower case, `-` for `_`), as the source
        /// wrote them; a later source replaces single keys. ``resolved()`` reads them into typed values with the
        /// objective's keys (``StudySpec/typedSettings(_:objective:)``).
        public var settings: [String: String] = [:]
        /// Whether the chosen configuration is scored on the test set.
        public var test: Bool?
        /// Whether trials with a fused plan train side by side as one fused group (each a `Trainer` run).
        public var fused: Bool?
        /// Where each field came from.
        public var origins = SpecOrigins()

        /// Nothing given.
        public init() {}

        /// Only the objective given (`vernier tune spirals`).
        ///
        /// ```swift
        /// var recipe = StudySpec.Overrides(objective: "spirals")
        /// recipe.trials = 10
        /// ```
        public init(objective: String) {
            self.objective = objective
        }

        /// Every field of a full spec (a stored study's recipe, under the options of `vernier ask`).
        ///
        /// ```swift
        /// let base = StudySpec.Overrides(try StudySpec.stored(study: "ext", in: storage)!)
        /// ```
        public init(_ spec: StudySpec) {
            objective = spec.objective
            command = spec.command
            metrics = spec.metrics
            directions = spec.directions
            constraints = spec.constraints
            sampler = spec.sampler
            candidates = spec.candidates
            goodGroup = spec.goodGroup
            pruner = spec.pruner
            trials = spec.trials
            timeout = spec.timeout
            repeats = spec.repeats
            seed = spec.seed
            noise = spec.noise
            space = spec.space
            values = spec.values
            baseline = spec.baseline
            settings = spec.settings.mapValues(\.description)
            test = spec.test
            fused = spec.fused
        }

        /// `self` with every field `other` gives replacing this one's (settings key by key, pruner edits
        /// appended), and `other`'s origins over these.
        ///
        /// ```swift
        /// let merged = fileOverrides.merging(commandLineOverrides)   // the command line wins
        /// ```
        public func merging(_ other: Overrides) -> Overrides {
            var result = self
            result.name = other.name ?? name
            result.objective = other.objective ?? objective
            result.command = other.command ?? command
            result.metrics = other.metrics ?? metrics
            result.directions = other.directions ?? directions
            result.constraints = other.constraints ?? constraints
            result.sampler = other.sampler ?? sampler
            result.candidates = other.candidates ?? candidates
            result.goodGroup = other.goodGroup ?? goodGroup
            result.pruner = other.pruner ?? pruner
            result.prunerEdits = other.pruner != nil ? other.prunerEdits : prunerEdits + other.prunerEdits
            result.trials = other.trials ?? trials
            result.timeout = other.timeout ?? timeout
            result.repeats = other.repeats ?? repeats
            result.seed = other.seed ?? seed
            result.noise = other.noise ?? noise
            result.storage = other.storage ?? storage
            result.space = other.space ?? space
            result.values = other.space != nil ? other.values : values.merging(other.values) { $1 }
            result.baseline = other.space != nil ? other.baseline : baseline.merging(other.baseline) { $1 }
            result.settings = settings.merging(other.settings) { $1 }
            result.test = other.test ?? test
            result.fused = other.fused ?? fused
            result.origins = origins.merging(other.origins)
            return result
        }

        /// The study's name: the given one, else `<objective>-<sampler>` (a command study: `<file stem>-<sampler>`).
        ///
        /// ```swift
        /// overrides.studyName(sampler: spec.sampler)   // "branin-sobol"
        /// ```
        public func studyName(sampler: SamplerKind) -> String {
            if let name { return name }
            if command != nil, let file = origins.file, file != "<string>" {
                return "\(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)-\(sampler.rawValue)"
            }
            return "\(objective ?? (command != nil ? CommandObjective.objectiveName : "study"))-\(sampler.rawValue)"
        }

        /// The full recipe: the objective's defaults under these fields, validated (``StudySpec/validate()``);
        /// errors name the file, line and field (``StudyFileError``) or the option (``RecipeOptionError``) the
        /// wrong value came from. Reads no storage and writes nothing.
        ///
        /// ```swift
        /// let spec = try StudyFile.load(path: "study.yaml").resolved()
        /// ```
        public func resolved() throws -> StudySpec {
            let result: Result<StudySpec, RecipeError> = Result { () throws(RecipeError) in try build() }
            switch result {
            case .success(let spec): return spec
            case .failure(let error): throw origins.locate(error)
            }
        }

        /// The defaults with these fields over them, validated.
        private func build() throws(RecipeError) -> StudySpec {
            var spec = try defaults()
            if let metrics { spec.metrics = metrics }
            if let directions { spec.directions = directions }
            if let constraints { spec.constraints = constraints }
            if let sampler { spec.sampler = sampler }
            spec.candidates = candidates
            spec.goodGroup = goodGroup
            var prunerSettings = pruner ?? PrunerSettings(kind: .none)
            for edit in prunerEdits { prunerSettings.apply(edit) }
            spec.pruner = prunerSettings
            if let space, command == nil, !space.parameters.isEmpty { spec.space = space }
            spec.values = values
            spec.baseline = baseline
            if command != nil, !settings.isEmpty { throw .noSettings(CommandObjective.objectiveName) }
            spec.settings = try StudySpec.typedSettings(settings, objective: spec.objective)
            if let repeats { spec.repeats = repeats }
            if let seed { spec.seed = seed }
            if let noise { spec.noise = noise }
            if let test { spec.test = test }
            if let fused { spec.fused = fused }
            spec.trials = trials
            spec.timeout = timeout
            try spec.validate()
            return spec
        }

        /// The spec of the objective (or program) with its defaults, before the other fields apply.
        private func defaults() throws(RecipeError) -> StudySpec {
            if let command {
                guard let space, !space.parameters.isEmpty else { throw .commandWithoutParameters }
                return StudySpec(
                    objective: CommandObjective.objectiveName, metric: metrics?.first ?? "value",
                    direction: directions?.first ?? .minimize, space: space, command: command)
            }
            guard let objective else { throw .missingObjective }
            guard let found = TunableObjectiveRegistry.objective(named: objective) else {
                throw .unknownObjective(objective, known: TunableObjectiveRegistry.all.map(\.name))
            }
            return StudySpec(
                objective: found.name, metric: found.metric, direction: found.direction, space: found.searchSpace,
                command: nil)
        }
    }
}
