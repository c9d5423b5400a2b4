import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune

/// The line `vernier tune` and `vernier worker` print for each finished trial:
/// `[ 3/20] lr=0.01 layers=2  val_accuracy 0.9312 ± 0.004  best 0.9401  eta 12s`.
///
/// ```swift
/// let printer = TrialLinePrinter(metrics: ["val_accuracy"], quiet: false)
/// try runner.run(storage: storage, onTrialFinished: printer.print)
/// ```
struct TrialLinePrinter: Sendable {
    /// The metrics' names, each printed before its value.
    var metrics: [String]
    /// Print nothing.
    var quiet: Bool

    /// Prints the line of `trial`.
    func print(_ trial: FrozenTrial, _ progress: OptimizeProgress) {
        guard !quiet else { return }
        let total = progress.budget.map(String.init) ?? "?"
        let width = max(2, total.count)
        let done =
            String(repeating: " ", count: max(0, width - String(progress.finishedTrials).count))
            + String(progress.finishedTrials)
        var line = "[\(done)/\(total)] "
        let parameters = trial.externalParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        line += parameters.joined(separator: " ") + "  "
        switch trial.state {
        case .complete:
            line += zip(metrics, trial.values ?? []).map { "\($0) \(ParameterValue.format($1, significantDigits: 4))" }
                .joined(separator: "  ")
            if let sd = trial.userAttributes[.valueSD]?.doubleValue {
                line += " ± \(ParameterValue.format(sd, significantDigits: 2))"
            }
            if !trial.isFeasible { line += "  infeasible" }
        case .pruned: line += "pruned"
        default: line += "\(trial.state.rawValue): \(trial.failReason ?? "")"
        }
        if let best = progress.bestValue { line += "  best \(ParameterValue.format(best, significantDigits: 4))" }
        if let eta = progress.estimatedRemaining { line += "  eta \(formatDuration(eta))" }
        Swift.print(line)
    }
}

extension BudgetOutcome {
    /// Says on standard error why `vernier <command>` did not finish its budget and exits with status 1; does
    /// nothing when the outcome is complete.
    func exitUnlessComplete(_ command: String) throws {
        guard self == .complete else {
            FileHandle.standardError.write(Data("vernier \(command): \(self)\n".utf8))
            throw ExitCode(1)
        }
    }
}
