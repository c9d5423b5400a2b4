import Foundation
import VernierTune
import Yams

/// A study described in YAML: which objective, which metric and direction, which sampler and budget, and the
/// parameters. `vernier tune study.yaml` runs it; command-line options override its fields.
///
/// ```yaml
/// study: branin-sobol          # the study's name in storage (default: <objective>-<sampler>)
/// objective: branin            # a TunableObjective name (`experiment:` is a synonym)
/// metric: value
/// direction: minimize
/// sampler: sobol               # grid | random | sobol | sensitivity | gp | tpe, or {name: tpe, seed: 7}
///                              # (tpe also takes candidates: draws scored per proposal, default 64)
/// pruner: {name: hyperband, min_epochs: 1, max_epochs: 15}   # none | median | percentile | sha | hyperband
/// trials: 64
/// timeout: 600                 # seconds
/// repeats: 1
/// seed: 0
/// noise: 0.0                   # add Gaussian noise of this sd to the value (demos of repeats)
/// storage: sqlite:runs/vernier.db
/// set: {epochs: 30, optimizer: adam}   # fixed settings of an experiment objective (spirals, iris, …)
/// test: true                   # score the chosen configuration once on the test split (when there is one)
/// # instead of objective: a program of yours (see CommandObjective and the README, "Tune your own code")
/// # command: [python3, train.py, --lr, "{lr}"]    shell: true for one /bin/sh line
/// # trial_timeout: 10m           stop_grace: 10s  (durations: seconds, or with s, m, h)
/// parameters:
///   x0: {type: float, low: -5, high: 10, values: [-5, 0, 5, 10], baseline: 0}
///   x1: {type: float, low: 0, high: 15, step: 5, baseline: 5}
///   width: {type: int, low: 8, high: 128, log: true}
///   optimizer: {type: categorical, choices: [sgd, adam]}
/// ```
///
/// `values` lists the points of a grid or a sensitivity sweep (needed for continuous floats); `baseline` is
/// the parameter's value in the baseline of a sensitivity study. Errors name the file, line and field.
///
/// ```swift
/// let file = try StudyFile.load(path: "examples/branin.yaml")
/// print(file.objective, file.space.names)
/// ```
public struct StudyFile: Sendable {
    /// The study's name in storage.
    public var name: String?
    /// The objective's name (see ``TunableObjectiveRegistry``).
    public var objective: String
    /// The metric's name.
    public var metric: String?
    /// Minimize or maximize (default: the objective's).
    public var direction: StudyDirection?
    /// The sampler.
    public var sampler: SamplerKind?
    /// TPE: draws scored per proposal (`sampler: {name: tpe, candidates: 24}`; `nil`: ``TPESampler``'s default).
    public var candidates: Int?
    /// The pruner (`nil`: none); see ``PrunerSettings``.
    public var pruner: PrunerSettings?
    /// The study-wide trial budget.
    public var trials: Int?
    /// Seconds after which no new trial starts.
    public var timeout: Double?
    /// Evaluations per configuration.
    public var repeats: Int?
    /// The seed of the sampler and of the objective's randomness.
    public var seed: UInt64?
    /// Standard deviation of Gaussian noise added to the value (for demos of repeats).
    public var noise: Double?
    /// The storage URL.
    public var storage: String?
    /// The parameters (empty: the objective's default space).
    public var space: SearchSpace
    /// Explicit values per parameter for grid and sensitivity studies.
    public var values: [String: [ParameterValue]]
    /// Baseline values for sensitivity studies.
    public var baseline: [String: ParameterValue]
    /// Fixed settings of the objective (`set:`), e.g. `["epochs": "30"]`; keys are checked by the objective.
    public var settings: [String: String] = [:]
    /// The line of each setting, for error messages.
    public var settingLines: [String: Int] = [:]
    /// The line of `pruner:`, for error messages.
    public var prunerLine: Int?
    /// The line of other fields, by dotted path (`metric`, `parameters.lr`), for errors found after parsing.
    public var lines: [String: Int] = [:]
    /// Whether to score the chosen configuration on the test set (`nil`: yes when the objective has one).
    public var test: Bool?
    /// The file this study was read from (labels errors found later).
    public var path: String?
    /// A command study: the program and its arguments with `{parameter}` placeholders (see ``CommandObjective``);
    /// ``objective`` is then `command`.
    public var command: [String]?
    /// Whether ``command`` is one line for `/bin/sh -c`.
    public var shell: Bool?
    /// A command study: seconds one trial's program may run.
    public var trialTimeout: Double?
    /// A command study: seconds between SIGTERM and SIGKILL when a trial is stopped.
    public var stopGrace: Double?

    /// Reads and validates a study file.
    ///
    /// ```swift
    /// let file = try StudyFile.load(path: "study.yaml")
    /// ```
    public static func load(path: String) throws -> StudyFile {
        let text: String
        do {
            text = try YAMLInput.text(ofFile: path)
        } catch {
            throw StudyFileError(file: path, line: nil, field: "", message: error.message)
        }
        return try parse(text, file: path)
    }

    /// Parses and validates study-file text; `file` labels errors.
    ///
    /// ```swift
    /// let file = try StudyFile.parse("objective: sphere\ntrials: 10\n")
    /// ```
    public static func parse(_ text: String, file: String = "<string>") throws -> StudyFile {
        let root: Node
        do {
            guard let node = try YAMLInput.compose(text) else {
                throw StudyFileError(file: file, line: nil, field: "", message: "the file is empty")
            }
            root = node
        } catch let error as StudyFileError {
            throw error
        } catch let error as YamlError {
            throw StudyFileError(file: file, line: yamlLine(error), field: "", message: "invalid YAML: \(error)")
        } catch let error as YAMLInputError {
            throw StudyFileError(file: file, line: error.line, field: "", message: error.message)
        }
        var result = try StudyFileParser(file: file).parse(root)
        result.path = file
        return result
    }

    static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default: return nil
        }
    }
}
