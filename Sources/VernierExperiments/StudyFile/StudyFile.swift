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
///                              # (tpe also takes candidates: draws scored per proposal, default 64, and
///                              # good_group: hypervolume | optuna, the good group with several metrics)
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
/// A study file is read into a partial recipe (``StudySpec/Overrides``) with the line of every field; options
/// are merged over it and ``StudySpec/Overrides/resolved()`` checks the whole.
///
/// ```swift
/// let file = try StudyFile.load(path: "examples/branin.yaml")
/// print(file.objective ?? "", file.space?.names ?? [])
/// let spec = try file.resolved()
/// ```
public enum StudyFile {
    /// Reads a study file (each field checked on its own, with its line; ``StudySpec/Overrides/resolved()``
    /// checks the whole).
    ///
    /// ```swift
    /// let file = try StudyFile.load(path: "study.yaml")
    /// ```
    public static func load(path: String) throws -> StudySpec.Overrides {
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
    public static func parse(_ text: String, file: String = "<string>") throws -> StudySpec.Overrides {
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
        return try StudyFileParser(file: file).parse(root)
    }

    static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default: return nil
        }
    }
}
