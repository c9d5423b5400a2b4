import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune

/// `--metric`, `--direction` and `--constraint` of `vernier tune`: what to optimize, over the study file's or the
/// objective's defaults. Several metrics make a multi-objective study.
struct ObjectiveOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The metric(s) to optimize, comma-separated (several: a multi-objective study), e.g. "
                + "val_accuracy,parameters; experiments also report parameters and train_seconds.",
            valueName: "m1,m2"))
    var metric: String?

    @Option(
        help: ArgumentHelp(
            "minimize or maximize, one per metric, comma-separated (default: the objective's, for one metric).",
            valueName: "d1,d2"))
    var direction: String?

    @Option(
        help: ArgumentHelp(
            "A bound on a reported metric, e.g. 'parameters<=50000' (repeatable); feasible trials rank first.",
            valueName: "metric<=number"))
    var constraint: [String] = []

    /// Puts the given options into `result` (each naming its option for error messages); ``StudySpec/validate()``
    /// checks them against the objective (one direction per metric, metrics it reports).
    func apply(to result: inout StudySpec.Overrides) throws {
        if let metric {
            result.metrics = try names(metric, option: "--metric")
            result.origins.options["metric"] = "--metric"
        }
        if let direction {
            result.directions = try names(direction, option: "--direction").map { text in
                guard let parsed = StudyDirection(rawValue: text) else {
                    throw ValidationError("--direction: expected minimize or maximize, got '\(text)'")
                }
                return parsed
            }
            result.origins.options["direction"] = "--direction"
        }
        if !constraint.isEmpty {
            result.constraints = try constraint.map { text in
                do { return try MetricConstraint(parsing: text) } catch let error as MetricConstraintError {
                    throw ValidationError("--constraint \(error.description)")
                }
            }
            result.origins.options["constraints"] = "--constraint"
        }
    }

    private func names(_ text: String, option: String) throws -> [String] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !parts.contains(where: \.isEmpty) else {
            throw ValidationError("\(option): expected a comma-separated list without empty entries, got '\(text)'")
        }
        return parts
    }
}

/// Parses `0.9,1200` (a comma-separated list of finite numbers) for `option`.
func numberList(_ text: String, option: String) throws -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    return try parts.map { part in
        let trimmed = part.trimmingCharacters(in: .whitespaces)
        guard let number = Double(trimmed), number.isFinite else {
            throw ValidationError("\(option): '\(trimmed)' is not a finite number (write e.g. 0.9,1200)")
        }
        return number
    }
}
