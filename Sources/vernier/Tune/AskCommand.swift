import ArgumentParser
import Foundation
import VernierDashboard
import VernierExperiments
import VernierTune
import VernierTuneSQLite

/// `vernier ask`: starts a trial and prints its parameters as JSON, for objectives run outside Vernier.
struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Start a trial of a study evaluated outside Vernier and print its parameters as JSON.",
        discussion: """
            The first ask creates the study with its recipe: parameters (--param or a study file's parameters:),
            direction, sampler, pruner, seed. The recipe is stored with the study: later asks need only --study
            and use it (any sampler: random, sobol, grid, sensitivity, gp, tpe, cmaes, nsga2; any pruner); an option that
            contradicts the stored recipe is refused, naming the field.

            Parameter specs: float:LOW:HIGH[:log|:step=S], int:LOW:HIGH[:log|:step=S], cat:A,B,C or
            cat:["64,32","128"] (a JSON array, for choices holding commas).

            Report intermediate values with `vernier tell --step`, which answers whether to prune; finish the
            trial with `vernier tell`.

            Examples:
              vernier ask --study ext --sampler tpe --param lr=float:1e-4:1:log --param width=int:8:128:log
              vernier ask --study ext
              vernier tell --study ext --trial 0 --step 1 --value 0.71
              vernier tell --study ext --trial 0 --value 0.93
              vernier ask --study-file study.yaml    (objective: external)
            """)

    @Option(help: "The study's name (default: the study file's).") var study: String?
    @Option(help: "Storage URL (default: the study file's, else \(StorageURL.defaultURL)).") var storage: String?
    @Option(help: "A study file whose objective is `external` (parameters, sampler, pruner, direction…).")
    var studyFile: String?
    @Option(name: .customLong("param"), help: "name=spec (repeatable), for a new study.") var parameters: [String] = []
    @Option(
        help: ArgumentHelp(
            "minimize or maximize (a new study; default minimize); several, comma-separated, for a multi-objective "
                + "study (then `tell --values`).", valueName: "d1,d2"))
    var direction: String?
    @Option(help: "Sampler: \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", ")) (default random).")
    var sampler: String?
    @Option(parsing: .unconditional, help: "tpe: draws scored per proposal.") var candidates: Int?
    @Option(help: "Pruner: none, median, percentile, sha or hyperband (steps are what `tell --step` reports).")
    var pruner: String?
    @Option(parsing: .unconditional, help: "sha / hyperband: the last step a trial reports.") var maxSteps: Int?
    @Option(parsing: .unconditional, help: "Study-wide trial budget (default: none).") var trials: Int?
    @Option(parsing: .unconditional, help: "Seed of the sampler.") var seed: UInt64?

    func validate() throws {
        if study == nil && studyFile == nil { throw ValidationError("give --study NAME (or --study-file FILE)") }
        if let trials, trials < 1 { throw ValidationError("--trials must be at least 1, got \(trials)") }
        if let candidates, candidates < 1 { throw ValidationError("--candidates must be at least 1") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
    }

    func run() throws {
        var file: StudySpec.Overrides?
        if let studyFile {
            do {
                file = try StudyFile.load(path: studyFile)
            } catch let error as StudyFileError {
                throw ValidationError(error.description)
            }
        }
        let name = study ?? file?.name ?? ""
        guard !name.isEmpty else { throw ValidationError("\(studyFile ?? ""): the study file names no study") }
        let store = try openStorage(storage ?? file?.storage ?? StorageURL.defaultURL, mode: .createFile)
        let runner: StudyRunner
        let stored: StudySpec?
        do {
            stored = try StudySpec.stored(study: name, in: store)
            let spec = try recipe(stored: stored, file: file).merging(try overrides()).resolved()
            if let stored, case let differences = stored.differences(from: spec), !differences.isEmpty {
                throw StudySpecError.mismatch(study: name, differences: differences)
            }
            runner = try StudyRunner(spec: spec, studyName: name)
        } catch let error as StudySpecError {
            throw ValidationError(error.description)
        } catch let error as StudyFileError {
            throw ValidationError(error.description)
        } catch let error as RecipeOptionError {
            throw ValidationError(error.description)
        }
        guard !runner.spec.space.parameters.isEmpty else {
            throw ValidationError("study '\(name)' is new: give its parameters with --param (or --study-file)")
        }
        let opened: Study
        do {
            opened = try runner.makeStudy(storage: store)
            // Written by the first ask, and again only when an option changed what is stored (the budget).
            if runner.spec != stored { try runner.spec.store(studyID: opened.id, in: store) }
        } catch let error as StudyError {
            throw ValidationError(error.description)
        }
        guard
            let trial = try opened.ask(
                maxTrials: runner.spec.trials, fixedDistributions: runner.spec.space.distributions)
        else {
            throw ValidationError("study '\(name)' has no trial left (its budget or its grid is spent)")
        }
        let output = AskedTrial(study: name, trial: trial.number, parameters: trial.parameters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }

    /// The study's recipe before the options: the `stored` one for an existing study, else the study file's,
    /// else an external objective (evaluated by whoever asks) with no parameters yet.
    func recipe(stored: StudySpec?, file: StudySpec.Overrides?) -> StudySpec.Overrides {
        if let stored { return StudySpec.Overrides(stored) }
        if let file { return file }
        var external = StudySpec.Overrides()
        external.objective = TunableObjective.externalName
        return external
    }

    /// The options as a partial recipe; for an existing study a changed field is then refused by the stored-spec
    /// check.
    func overrides() throws -> StudySpec.Overrides {
        var result = StudySpec.Overrides()
        if let direction {
            let parsed = try direction.split(separator: ",", omittingEmptySubsequences: false).map { text in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard let parsed = StudyDirection(rawValue: trimmed) else {
                    throw ValidationError("--direction must be minimize or maximize, got '\(trimmed)'")
                }
                return parsed
            }
            // An external study's values have no names of their own: objective_0, objective_1, … for several.
            result.metrics = parsed.count == 1 ? nil : parsed.indices.map { "objective_\($0)" }
            result.directions = parsed
        }
        if let sampler {
            guard let kind = SamplerKind(rawValue: sampler) else {
                throw ValidationError(
                    "unknown sampler '\(sampler)'; valid: \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            result.sampler = kind
            result.origins.options["sampler"] = "--sampler"
        }
        if let candidates {
            result.candidates = candidates
            result.origins.options["sampler.candidates"] = "--candidates"
        }
        result.seed = seed
        result.trials = trials
        do {
            if let pruner { result.pruner = try PrunerSettings(name: pruner) }
        } catch {
            throw ValidationError("--pruner: \(error.message)")
        }
        if let maxSteps { result.prunerEdits.append(.maxEpochs(maxSteps)) }
        if pruner != nil || maxSteps != nil { result.origins.options["pruner"] = "--pruner" }
        if !parameters.isEmpty {
            var specs: [ParameterSpec] = []
            for parameter in parameters {
                let (name, distribution) = try AskCommand.parse(parameter)
                specs.append(ParameterSpec(name: name, distribution: distribution))
            }
            do {
                result.space = try SearchSpace(specs)
            } catch let error as SearchSpaceError {
                throw ValidationError("--param: \(error.description)")
            }
            for spec in specs { result.origins.options["parameters.\(spec.name)"] = "--param" }
        }
        return result
    }

    /// Parses `name=float:LOW:HIGH[:log|:step=S]`, `name=int:...`, `name=cat:A,B,C` or `name=cat:[JSON array]`.
    static func parse(_ text: String) throws -> (String, Distribution) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw ValidationError("--param '\(text)': expected name=spec, e.g. lr=float:1e-4:1:log")
        }
        let name = parts[0]
        let fields = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
        func bad(_ reason: String) -> ValidationError { ValidationError("--param '\(text)': \(reason)") }
        do {
            switch fields.first {
            case "float", "int":
                let bounds = parts[1].split(separator: ":").map(String.init)
                guard bounds.count >= 3 else { throw bad("expected \(bounds[0]):LOW:HIGH") }
                let log = bounds.dropFirst(3).contains("log")
                let step = bounds.dropFirst(3).first { $0.hasPrefix("step=") }.map { String($0.dropFirst(5)) }
                if bounds[0] == "float" {
                    guard let low = Double(bounds[1]), let high = Double(bounds[2]) else {
                        throw bad("bounds must be numbers")
                    }
                    return (
                        name,
                        .float(
                            try FloatDistribution(
                                low: low, high: high, log: log, step: step.flatMap(Double.init), name: name))
                    )
                }
                guard let low = Int(bounds[1]), let high = Int(bounds[2]) else { throw bad("bounds must be integers") }
                return (
                    name,
                    .int(
                        try IntDistribution(
                            low: low, high: high, log: log, step: step.flatMap { Int($0) } ?? 1, name: name))
                )
            case "cat", "categorical":
                guard fields.count == 2, !fields[1].isEmpty else { throw bad("expected cat:A,B,C") }
                let choices = try categoricalChoices(fields[1], bad: bad)
                return (name, .categorical(try CategoricalDistribution(choices: choices, name: name)))
            default:
                throw bad("unknown kind; expected float, int or cat")
            }
        } catch let error as SearchSpaceError {
            throw bad(error.description)
        }
    }

    /// `A,B,C` (numbers and booleans typed, the rest strings) or a JSON array of strings, numbers and booleans.
    static func categoricalChoices(_ text: String, bad: (String) -> ValidationError) throws -> [ParameterValue] {
        guard text.hasPrefix("[") else {
            return text.split(separator: ",").map { item in
                if let integer = Int(item) { return .int(integer) }
                if let number = Double(item) { return .double(number) }
                if item == "true" || item == "false" { return .bool(item == "true") }
                return .string(String(item))
            }
        }
        guard let choices = try? JSONDecoder().decode([JSONChoice].self, from: Data(text.utf8)), !choices.isEmpty
        else {
            throw bad("expected a non-empty JSON array of strings, numbers or booleans after cat:")
        }
        return choices.map(\.value)
    }

    /// One choice of a JSON array: a boolean, an integer, a number or a string.
    struct JSONChoice: Decodable {
        var value: ParameterValue

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                value = .bool(flag)
            } else if let integer = try? container.decode(Int.self) {
                value = .int(integer)
            } else if let number = try? container.decode(Double.self) {
                value = .double(number)
            } else {
                value = .string(try container.decode(String.self))
            }
        }
    }
}
