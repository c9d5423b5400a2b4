import VernierTune
import Yams

/// Walks the YAML node tree of a study file, keeping line numbers for errors.
struct StudyFileParser {
    let file: String

    static let topKeys = [
        "study", "objective", "experiment", "metric", "direction", "sampler", "trials", "timeout", "repeats", "seed",
        "noise", "storage", "parameters", "baseline", "set", "test", "pruner", "command", "shell", "trial_timeout",
        "stop_grace", "constraints",
    ]
    static let parameterKeys = ["type", "low", "high", "log", "step", "choices", "values", "baseline"]

    func error(_ node: Node?, _ field: String, _ message: String) -> StudyFileError {
        StudyFileError(file: file, line: node?.mark?.line, field: field, message: message)
    }

    func mapping(_ node: Node, _ field: String, allowed: [String]) throws -> [(String, Node, Node)] {
        guard let mapping = node.mapping else { throw error(node, field, "expected a mapping (key: value)") }
        var entries: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw error(key, field, "keys must be plain text") }
            if !allowed.isEmpty && !allowed.contains(name) {
                throw error(
                    key, field.isEmpty ? name : "\(field).\(name)",
                    "unknown key '\(name)'; expected one of: \(allowed.joined(separator: ", "))")
            }
            entries.append((name, key, value))
        }
        return entries
    }

    func string(_ node: Node, _ field: String) throws -> String {
        guard let scalar = node.scalar else { throw error(node, field, "expected a single value") }
        return scalar.string
    }

    /// One string or a non-empty list of strings (`metric: a` or `metric: [a, b]`).
    func strings(_ node: Node, _ field: String) throws -> [String] {
        guard let sequence = node.sequence else { return [try string(node, field)] }
        guard !sequence.isEmpty else { throw error(node, field, "expected at least one entry") }
        return try sequence.enumerated().map { try string($1, "\(field)[\($0)]") }
    }

    /// A list of `metric <= number` / `metric >= number` texts, each parsed (errors name the entry's line).
    func constraints(_ node: Node, _ field: String) throws -> [MetricConstraint] {
        guard let sequence = node.sequence else {
            throw error(node, field, "expected a list, e.g. [\"parameters <= 50000\"]")
        }
        return try sequence.enumerated().map { index, entry in
            do {
                return try MetricConstraint(parsing: try string(entry, "\(field)[\(index)]"))
            } catch let problem as MetricConstraintError {
                throw error(entry, "\(field)[\(index)]", problem.description)
            }
        }
    }

    func double(_ node: Node, _ field: String) throws -> Double {
        let text = try string(node, field)
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw error(node, field, "expected a number, got '\(text)'")
        }
        return value
    }

    /// Seconds: a number, or a number with `s`, `m` or `h` (`90`, `30s`, `10m`, `1.5h`); must be positive.
    func duration(_ node: Node, _ field: String) throws -> Double {
        let text = try string(node, field).filter { $0 != " " }
        let units: [(String, Double)] = [("h", 3600), ("m", 60), ("s", 1)]
        var number = text
        var scale = 1.0
        if let (suffix, factor) = units.first(where: { text.hasSuffix($0.0) }) {
            number = String(text.dropLast(suffix.count))
            scale = factor
        }
        guard let value = Double(number), value.isFinite, value > 0 else {
            throw error(
                node, field, "expected a positive duration in seconds, or with s, m or h (30s, 10m), got '\(text)'")
        }
        return value * scale
    }

    func int(_ node: Node, _ field: String) throws -> Int {
        let text = try string(node, field)
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error(node, field, "expected an integer, got '\(text)'")
        }
        return value
    }

    func bool(_ node: Node, _ field: String) throws -> Bool {
        switch try string(node, field).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let text: throw error(node, field, "expected true or false, got '\(text)'")
        }
    }

    /// A categorical choice or a value: plain scalars become Bool, Int or Double when they read as such.
    func value(_ node: Node, _ field: String) throws -> ParameterValue {
        guard let scalar = node.scalar else { throw error(node, field, "expected a single value") }
        if scalar.style != .plain { return .string(scalar.string) }
        let text = scalar.string
        switch text.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let integer = Int(text) { return .int(integer) }
        if let number = Double(text), number.isFinite { return .double(number) }
        return .string(text)
    }

    func values(_ node: Node, _ field: String) throws -> [ParameterValue] {
        guard let sequence = node.sequence else { throw error(node, field, "expected a list, e.g. [a, b, c]") }
        return try sequence.enumerated().map { index, item in try value(item, "\(field)[\(index)]") }
    }

    func parse(_ root: Node) throws -> StudySpec.Overrides {
        var objective: String?
        var result = StudySpec.Overrides()
        result.origins = SpecOrigins(file: file)
        var commandSource = CommandSource()
        var specs: [ParameterSpec] = []
        var baselineNodes: [String: Node] = [:]
        for (key, keyNode, node) in try mapping(root, "", allowed: Self.topKeys) {
            result.origins.lines[key] = keyNode.mark?.line
            switch key {
            case "study": result.name = try string(node, key)
            case "objective", "experiment":
                if objective != nil { throw error(keyNode, key, "give either objective or experiment, not both") }
                objective = try string(node, key)
                result.origins.lines["objective"] = keyNode.mark?.line
            case "metric": result.metrics = try strings(node, key)
            case "direction":
                result.directions = try strings(node, key).map { text in
                    guard let direction = StudyDirection(rawValue: text) else {
                        throw error(node, key, "expected minimize or maximize, got '\(text)'")
                    }
                    return direction
                }
            case "constraints": result.constraints = try constraints(node, key)
            case "sampler": try sampler(node, into: &result)
            case "pruner": result.pruner = try pruner(node)
            case "trials":
                let trials = try int(node, key)
                guard trials > 0 else { throw error(node, key, "must be positive, got \(trials)") }
                result.trials = trials
            case "timeout": result.timeout = try duration(node, key)
            case "trial_timeout": commandSource.trialTimeout = try duration(node, key)
            case "stop_grace": commandSource.stopGrace = try duration(node, key)
            case "shell": commandSource.shell = try bool(node, key)
            case "command":
                commandSource.arguments = try command(node)
                for (index, item) in (node.sequence.map(Array.init) ?? [node]).enumerated() {
                    result.origins.lines["command[\(index)]"] = item.mark?.line
                }
            case "repeats":
                let repeats = try int(node, key)
                guard repeats >= 1 else { throw error(node, key, "must be at least 1, got \(repeats)") }
                result.repeats = repeats
            case "seed":
                let seed = try int(node, key)
                guard seed >= 0 else { throw error(node, key, "must be ≥ 0") }
                result.seed = UInt64(seed)
            case "noise":
                let noise = try double(node, key)
                guard noise >= 0 else { throw error(node, key, "must be ≥ 0") }
                result.noise = noise
            case "storage":
                let url = try string(node, key)
                do { _ = try StorageURL(parsing: url) } catch { throw self.error(node, key, "\(error)") }
                result.storage = url
            case "parameters":
                for (name, nameNode, parameter) in try mapping(node, key, allowed: []) {
                    let field = "parameters.\(name)"
                    if specs.contains(where: { $0.name == name }) {
                        throw error(nameNode, field, "declared twice")
                    }
                    let (spec, values, baseline) = try parameterSpec(name, parameter, field)
                    specs.append(spec)
                    result.origins.lines[field] = nameNode.mark?.line
                    if let values { result.values[name] = values }
                    if let baseline { baselineNodes[name] = baseline }
                }
            case "baseline":
                for (name, _, value) in try mapping(node, key, allowed: []) { baselineNodes[name] = value }
            case "set":
                for (name, nameNode, value) in try mapping(node, key, allowed: []) {
                    guard let scalar = value.scalar else {
                        throw error(value, "set.\(name)", "expected a single value")
                    }
                    let settingKey = StudySpec.settingKey(name)
                    result.settings[settingKey] = scalar.string
                    result.origins.lines["set.\(settingKey)"] = nameNode.mark?.line
                }
            case "test": result.test = try bool(node, key)
            default:
                throw error(keyNode, key, "unknown key")
            }
        }
        result.space = try SearchSpace(specs)
        if commandSource.arguments != nil {
            if objective != nil {
                throw error(root, "command", "give either command (a program) or objective/experiment, not both")
            }
            if !result.settings.isEmpty {
                throw error(root, "set", "a command study has no settings; pass fixed values in the command itself")
            }
            result.command = try command(commandSource, space: result.space ?? .empty, lines: result.origins.lines)
        } else if commandSource.shell != nil || commandSource.trialTimeout != nil || commandSource.stopGrace != nil {
            throw error(root, "command", "shell, trial_timeout and stop_grace apply to a command study only")
        } else if objective == nil {
            throw error(root, "objective", "missing; name the objective (or experiment) to tune, or a command to run")
        }
        result.objective = objective
        result.settings = resolvingDataPaths(result.settings)
        for (name, node) in baselineNodes {
            let field = "parameters.\(name).baseline"
            guard let distribution = result.space?[name] else {
                throw error(node, field, "baseline for a parameter that is not declared")
            }
            let value = try value(node, field)
            do { _ = try distribution.internalValue(of: value, name: name) } catch {
                throw self.error(node, field, "\(error)")
            }
            result.baseline[name] = value
        }
        return result
    }

    /// `sampler: tpe` or `sampler: {name: tpe, seed: 7, candidates: 24, good_group: optuna}`.
    func sampler(_ node: Node, into result: inout StudySpec.Overrides) throws {
        let key = "sampler"
        var samplerNode = node
        if node.mapping != nil {
            var nameNode: Node?
            for (entry, _, value) in try mapping(node, key, allowed: ["name", "seed", "candidates", "good_group"]) {
                if entry == "name" { nameNode = value }
                if entry == "candidates" {
                    let candidates = try int(value, "sampler.candidates")
                    guard candidates >= 1 else {
                        throw error(value, "sampler.candidates", "must be at least 1, got \(candidates)")
                    }
                    result.candidates = candidates
                }
                if entry == "good_group" {
                    let text = try string(value, "sampler.good_group")
                    guard let goodGroup = MultiObjectiveGoodGroup(rawValue: text) else {
                        let valid = MultiObjectiveGoodGroup.allCases.map(\.rawValue).joined(separator: ", ")
                        throw error(value, "sampler.good_group", "unknown good group '\(text)'; expected \(valid)")
                    }
                    result.goodGroup = goodGroup
                }
                if entry == "seed" {
                    let seed = try int(value, "sampler.seed")
                    guard seed >= 0 else { throw error(value, "sampler.seed", "must be ≥ 0") }
                    result.seed = UInt64(seed)
                }
            }
            guard let nameNode else { throw error(node, "sampler.name", "missing; e.g. {name: tpe, seed: 7}") }
            samplerNode = nameNode
        }
        let text = try string(samplerNode, key)
        guard let sampler = SamplerKind(rawValue: text) else {
            throw error(
                node, key,
                "unknown sampler '\(text)'; expected \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if result.candidates != nil && sampler != .tpe {
            throw error(node, "sampler.candidates", "applies to the tpe sampler only, not '\(text)'")
        }
        if result.goodGroup != nil && sampler != .tpe {
            throw error(node, "sampler.good_group", "applies to the tpe sampler only, not '\(text)'")
        }
        result.sampler = sampler
    }

    /// `command: [python3, train.py, --lr, "{lr}"]` or, with `shell: true`, `command: "python3 train.py …"`.
    func command(_ node: Node) throws -> [String] {
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else {
            throw error(node, "command", "expected a list: the program and its arguments, e.g. [python3, train.py]")
        }
        return try sequence.enumerated().map { index, item in
            // An unquoted `{lr}` is a YAML mapping {lr: null}: read it as the placeholder it was meant to be.
            if let mapping = item.mapping, mapping.count == 1, let (key, value) = mapping.first,
                let name = key.scalar?.string, value.scalar?.string.isEmpty ?? false
            {
                return "{\(name)}"
            }
            guard let scalar = item.scalar else {
                throw error(item, "command[\(index)]", "expected a single value (quote it if it holds ': ' or braces)")
            }
            return scalar.string
        }
    }

    func parameterSpec(
        _ name: String, _ node: Node, _ field: String
    ) throws
        -> (ParameterSpec, [ParameterValue]?, Node?)
    {
        var entries: [String: (Node, Node)] = [:]
        for (key, keyNode, value) in try mapping(node, field, allowed: Self.parameterKeys) {
            entries[key] = (keyNode, value)
        }
        guard let typeNode = entries["type"]?.1 else {
            throw error(node, "\(field).type", "missing; expected float, int or categorical")
        }
        let type = try string(typeNode, "\(field).type")
        func required(_ key: String) throws -> Node {
            guard let node = entries[key]?.1 else { throw error(node, "\(field).\(key)", "missing for a \(type)") }
            return node
        }
        let distribution: Distribution
        do {
            switch type {
            case "float":
                distribution = .float(
                    try FloatDistribution(
                        low: try double(try required("low"), "\(field).low"),
                        high: try double(try required("high"), "\(field).high"),
                        log: try entries["log"].map { try bool($0.1, "\(field).log") } ?? false,
                        step: try entries["step"].map { try double($0.1, "\(field).step") }, name: name))
            case "int":
                distribution = .int(
                    try IntDistribution(
                        low: try int(try required("low"), "\(field).low"),
                        high: try int(try required("high"), "\(field).high"),
                        log: try entries["log"].map { try bool($0.1, "\(field).log") } ?? false,
                        step: try entries["step"].map { try int($0.1, "\(field).step") } ?? 1, name: name))
            case "categorical":
                let choices = try required("choices")
                distribution = .categorical(
                    try CategoricalDistribution(choices: try values(choices, "\(field).choices"), name: name))
            default:
                throw error(typeNode, "\(field).type", "unknown type '\(type)'; expected float, int or categorical")
            }
        } catch let error as SearchSpaceError {
            throw self.error(node, field, error.description)
        }
        var values: [ParameterValue]?
        if let (_, valuesNode) = entries["values"] {
            let list = try self.values(valuesNode, "\(field).values")
            for (index, value) in list.enumerated() {
                do { _ = try distribution.internalValue(of: value, name: name) } catch {
                    throw self.error(valuesNode, "\(field).values[\(index)]", "\(error)")
                }
            }
            values = list
        }
        return (ParameterSpec(name: name, distribution: distribution), values, entries["baseline"]?.1)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
