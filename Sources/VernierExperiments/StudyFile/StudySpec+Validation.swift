import VernierTune

extension StudySpec {
    /// Checks everything that can be checked before a study is created or a trial runs, reading and writing
    /// nothing: the objective exists and takes these settings, the metric is one it reports, every search
    /// parameter is one it has and none is also fixed by a setting (the parameter would silently win), a command's
    /// placeholders name parameters, `candidates` goes with TPE, the pruner can be built (with the study's epoch
    /// budget), and the sampler's grid stays within ``InputLimits/maximumGridPoints``. Ranges that would overflow
    /// are refused when the distributions are built (``SearchSpaceError/rangeTooLarge(name:reason:)``).
    ///
    /// ``Overrides/resolved()`` runs it and names the file, line or option of a wrong field.
    ///
    /// ```swift
    /// try spec.validate()   // e.g. RecipeError.unknownParameter("learning_rat", objective: "spirals", …)
    /// ```
    public func validate() throws(RecipeError) {
        if repeats < 1 { throw .invalid(field: "repeats", message: "must be at least 1, got \(repeats)") }
        if let trials, trials < 1 { throw .invalid(field: "trials", message: "must be at least 1, got \(trials)") }
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw .invalid(field: "timeout", message: "must be a positive number of seconds, got \(timeout)")
        }
        if !(noise >= 0 && noise.isFinite) { throw .invalid(field: "noise", message: "must be ≥ 0") }
        if let candidates {
            guard candidates >= 1 else {
                throw .invalid(field: "sampler.candidates", message: "must be at least 1, got \(candidates)")
            }
            guard sampler == .tpe else { throw .candidatesNeedTPE(sampler: sampler) }
        }
        try validateSettings()
        let objective = try makeObjective()
        if let command,
            let (name, index) = command.template.unknownPlaceholders(known: Set(space.parameters.map(\.name))).first
        {
            throw .unknownPlaceholder(name, argument: index, known: space.parameters.map(\.name))
        }
        try validateMetrics(of: objective)
        for parameter in space.parameters {
            let known = objective.searchSpace.parameters.map(\.name)
            guard let keyOf = objective.parameterKey else {
                guard objective.searchSpace[parameter.name] != nil else {
                    throw .unknownParameter(parameter.name, objective: objective.name, known: known)
                }
                continue
            }
            guard let key = keyOf(parameter.name) else {
                throw .unknownParameter(parameter.name, objective: objective.name, known: known)
            }
            if settings[key] != nil { throw .settingIsSearchParameter(key: key, parameter: parameter.name) }
        }
        let plan = StudyPlan(spec: self, objective: objective)
        do {
            _ = try plan.effectivePruner.makePruner()
        } catch {
            throw .pruner(error.message, kind: pruner.kind)
        }
        do {
            _ = try plan.makeSampler()
        } catch let error as SearchSpaceError {
            throw .sampler(error)
        } catch {
            throw .invalid(field: "sampler", message: "\(error)")
        }
    }

    /// Checks every fixed setting against the objective's keys (``ExperimentKey/validated(_:)``): a key the
    /// objective does not take, or a value out of its bounds or choices, names the key.
    func validateSettings() throws(RecipeError) {
        guard !settings.isEmpty, command == nil else { return }
        guard let found = TunableObjectiveRegistry.objective(named: objective) else {
            throw .unknownObjective(objective, known: TunableObjectiveRegistry.all.map(\.name))
        }
        guard !found.settingKeys.isEmpty else { throw .noSettings(found.name) }
        for name in settings.keys.sorted() {
            let value = settings[name]!
            guard let key = found.settingKeys.first(where: { $0.name == name }) else {
                throw .unknownSetting(name, valid: found.settingKeys.map(\.name))
            }
            guard key.validated(value) == value else {
                throw .invalidSetting(key: name, value: value.description, expected: key.expectation)
            }
        }
    }

    /// The objective this spec runs, returning ``objectiveMetrics``: the registered one with ``settings`` and
    /// the metrics applied, or the ``command``'s program.
    ///
    /// ```swift
    /// let objective = try spec.makeObjective()
    /// ```
    public func makeObjective() throws(RecipeError) -> TunableObjective {
        if let command { return command.objective(space: space, metrics: objectiveMetrics, direction: direction) }
        guard var found = TunableObjectiveRegistry.objective(named: objective) else {
            throw .unknownObjective(objective, known: TunableObjectiveRegistry.all.map(\.name))
        }
        let metrics = objectiveMetrics
        guard !settings.isEmpty || metrics != found.metrics else { return found }
        guard let apply = found.applySettings else {
            if settings.isEmpty { return found }
            throw .noSettings(found.name)
        }
        do {
            found = try apply(settings, metrics == found.metrics ? nil : metrics)
        } catch {
            throw .invalid(field: "set", message: "\(error)")
        }
        return found
    }
}

/// Why a study's recipe (``StudySpec``) cannot run; ``field`` is the dotted path of the field it is about.
///
/// ```swift
/// do { try spec.validate() } catch { print(error.field, error) }
/// ```
public enum RecipeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No objective has this name.
    case unknownObjective(String, known: [String])
    /// Neither an objective nor a command was given.
    case missingObjective
    /// A command study without parameters.
    case commandWithoutParameters
    /// Settings were given to an objective that takes none (a test function).
    case noSettings(String)
    /// A setting the objective does not take; `valid` lists those it takes.
    case unknownSetting(String, valid: [String])
    /// A setting's value that its key refuses; `expected` says what the key takes.
    case invalidSetting(key: String, value: String, expected: String)
    /// A search parameter the objective does not have.
    case unknownParameter(String, objective: String, known: [String])
    /// A fixed setting that is also a search parameter.
    case settingIsSearchParameter(key: String, parameter: String)
    /// A metric the objective does not report.
    case unknownMetric(String, objective: String, known: [String])
    /// A constraint bounds a metric the objective does not report.
    case unknownConstrainedMetric(String, objective: String, known: [String])
    /// The number of directions differs from the number of metrics.
    case directionCount(metrics: [String], directions: Int)
    /// Something that needs one metric (a sampler, a pruner) in a study of several.
    case needsOneObjective(String)
    /// A `{placeholder}` of a command (in argument `argument`, 0-based) that is neither a parameter nor built in.
    case unknownPlaceholder(String, argument: Int, known: [String])
    /// `candidates` with a sampler other than TPE.
    case candidatesNeedTPE(sampler: SamplerKind)
    /// The pruner cannot be built (a missing `max_epochs` for an objective without epochs, a bad setting).
    case pruner(String, kind: PrunerSettings.Kind)
    /// The sampler cannot be built from the space (a grid above the size limit).
    case sampler(SearchSpaceError)
    /// Another field with an invalid value.
    case invalid(field: String, message: String)

    /// The dotted path of the field the error is about (`parameters.lr`, `set.epochs`, `metric`).
    public var field: String {
        switch self {
        case .unknownObjective, .missingObjective: return "objective"
        case .commandWithoutParameters: return "parameters"
        case .noSettings: return "set"
        case .unknownSetting(let key, _), .invalidSetting(let key, _, _): return "set.\(key)"
        case .unknownParameter(let name, _, _): return "parameters.\(name)"
        case .settingIsSearchParameter(let key, _): return "set.\(key)"
        case .unknownMetric, .needsOneObjective: return "metric"
        case .directionCount: return "direction"
        case .unknownConstrainedMetric: return "constraints"
        case .unknownPlaceholder(_, let argument, _): return "command[\(argument)]"
        case .candidatesNeedTPE: return "sampler.candidates"
        case .pruner: return "pruner"
        case .sampler(let error):
            if case .gridTooLarge(let name, _, _) = error { return "parameters.\(name)" }
            return "sampler"
        case .invalid(let field, _): return field
        }
    }

    /// The fields whose origin locates the error, most specific first.
    var relatedFields: [String] {
        switch self {
        case .settingIsSearchParameter(let key, let parameter): return ["set.\(key)", "parameters.\(parameter)"]
        case .unknownPlaceholder(_, let argument, _): return ["command[\(argument)]", "command"]
        case .candidatesNeedTPE: return ["sampler.candidates", "sampler"]
        case .noSettings: return ["set"]
        case .unknownSetting, .invalidSetting: return [field, "set"]
        case .sampler: return [field, "sampler", "parameters"]
        case .needsOneObjective: return ["metric", "sampler", "pruner"]
        default: return [field]
        }
    }

    /// A one-line explanation naming the value and what to do.
    public var description: String {
        switch self {
        case .unknownObjective(let name, let known):
            return "unknown objective or study file '\(name)'; known objectives: \(known.joined(separator: ", "))"
        case .missingObjective:
            return "missing; name the objective (or experiment) to tune, or a command to run"
        case .commandWithoutParameters:
            return "a command study declares its parameters (a program has no default space)"
        case .noSettings(let name):
            return "the objective '\(name)' takes no settings (set:/--set are for experiments such as spirals)"
        case .unknownSetting(let key, let valid):
            return "unknown key '\(key)'; valid keys: \(valid.joined(separator: ", "))"
        case .invalidSetting(_, let value, let expected):
            return "'\(value)' is not valid; expected \(expected)"
        case .unknownParameter(let name, let objective, let known):
            return "'\(name)' is not a parameter of \(objective)"
                + (known.isEmpty ? "" : "; its default search space has \(known.joined(separator: ", "))")
        case .unknownMetric(let name, let objective, let known),
            .unknownConstrainedMetric(let name, let objective, let known):
            return "\(objective) reports no metric '\(name)'; it reports \(known.joined(separator: ", "))"
        case .directionCount(let metrics, let directions):
            return "\(metrics.count) metric\(metrics.count == 1 ? "" : "s") (\(metrics.joined(separator: ", "))) but "
                + "\(directions) direction\(directions == 1 ? "" : "s"); give one direction per metric, e.g. "
                + "--direction " + metrics.map { _ in "maximize" }.joined(separator: ",")
        case .needsOneObjective(let message):
            return message
        case .settingIsSearchParameter(let key, let parameter):
            return "'\(key)' is fixed (set) and also searched (parameter '\(parameter)'); remove one of them"
        case .unknownPlaceholder(let name, _, let known):
            return "unknown placeholder {\(name)}; the parameters are \(known.joined(separator: ", "))"
                + " and the built-in placeholders \(CommandTemplate.builtInPlaceholders.joined(separator: ", "))"
                + " (write {{ and }} for literal braces)"
        case .candidatesNeedTPE(let sampler):
            return "applies to the tpe sampler only, not '\(sampler.rawValue)'"
        case .pruner(let message, let kind):
            return message + "; write e.g. {name: \(kind.rawValue), max_epochs: 15}"
        case .sampler(let error):
            return error.description
        case .invalid(_, let message):
            return message
        }
    }
}
