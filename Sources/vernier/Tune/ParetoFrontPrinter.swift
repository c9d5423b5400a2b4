import Foundation
import VernierExperiments
import VernierTune

/// Prints a multi-objective study's Pareto front (`trials`, its best trials): every trial with its values and
/// parameters, then the front's hypervolume for 2–3 objectives (reference point: ``ParetoAnalysis``).
func printParetoFront(_ trials: [FrozenTrial], of study: Study, metrics: [String]?) {
    let names =
        metrics.flatMap { $0.count == study.directions.count ? $0 : nil }
        ?? study.directions.indices.map { "objective \($0)" }
    let objectives = zip(names, study.directions).map { "\($0) (\($1.rawValue))" }
    print("Pareto front, \(trials.count) trial\(trials.count == 1 ? "" : "s") (\(objectives.joined(separator: ", "))):")
    for trial in trials {
        let values = zip(names, trial.values ?? []).map { "\($0) \(ParameterValue.format($1, significantDigits: 4))" }
        let parameters = trial.externalParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        print("  trial \(trial.number): \(values.joined(separator: "  "))   \(parameters.joined(separator: " "))")
    }
    guard let all = try? study.trials(states: [.complete]) else { return }
    let analysis = ParetoAnalysis(trials: all, directions: study.directions)
    if let hypervolume = analysis.hypervolume, let reference = analysis.reference {
        let point = zip(reference, study.directions).map { ParameterValue.format($1 == .minimize ? $0 : -$0) }
        print(
            "Hypervolume \(ParameterValue.format(hypervolume, significantDigits: 6)) "
                + "(reference point \(point.joined(separator: ", ")): the worst feasible values pushed out by 10 % "
                + "of their range)")
    }
}
