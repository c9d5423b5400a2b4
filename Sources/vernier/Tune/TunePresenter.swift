import Foundation
import VernierExperiments
import VernierReports
import VernierTune

/// What `vernier tune` prints and writes: the study line at the start, one line per finished trial, and at the
/// end the trial counts, the top trials (or the impact table of a sensitivity study), parameter importance, the
/// best configurations (the Pareto front and its hypervolume for several metrics), the test value, `summary.json` (`--out`) and the study report (`--report`).
struct TunePresenter {
    let runner: StudyRunner
    /// Only the final results, not one line per trial.
    let quiet: Bool
    /// `--out DIR`: `DIR/summary.json` and the report's folder.
    let out: String?
    /// `--report PATH` (`none`: no report).
    let report: String?

    /// The line of each finished trial.
    var printTrial: @Sendable (FrozenTrial, OptimizeProgress) -> Void {
        TrialLinePrinter(metrics: runner.spec.metrics, quiet: quiet).print
    }

    /// `Study 'NAME' in URL: objective, direction metric, sampler …` (and where a command study's logs go).
    func printHeader(storage: any Storage) {
        let spec = runner.spec
        print(
            "Study '\(runner.studyName)' in \(storage.url): \(runner.objective.name), "
                + zip(spec.directions, spec.metrics).map { "\($0.rawValue) \($1)" }.joined(separator: " and ")
                + spec.constraints.map { ", subject to \($0)" }.joined() + ", sampler \(spec.sampler.rawValue)"
                + (spec.repeats > 1 ? ", \(spec.repeats) repeats" : "")
                + (spec.pruner.kind == .none ? "" : ", pruner \(runner.plan.effectivePruner.summary)"))
        if let command = spec.command {
            print("Trial logs: \(command.logFolder(study: runner.studyName))/<trial>.log")
        }
    }

    /// The end of the run: tables, best trials, test value, summary file and report.
    func present(_ result: StudyExecution.Result, storage: any Storage) throws {
        let summary = result.summary
        let spec = runner.spec
        if let perWorker = result.trialsPerWorker {
            print(
                "Trials per worker: "
                    + perWorker.sorted { $0.key.localizedStandardCompare($1.key) == .orderedAscending }
                    .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let study = try runner.makeStudy(storage: storage)
        print("")
        print(
            "Trials: "
                + summary.trials.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                .joined(separator: ", "))
        if let epochs = summary.epochs { print(epochs.plainText()) }
        if study.isMultiObjective {
            // Top trials, importance and impact rank one value; the Pareto front below replaces them.
        } else if spec.sampler == .sensitivity {
            print("\nImpact of each hyperparameter (one at a time around the baseline):")
            print(try ImpactTable(study: study).plainText())
        } else {
            try printTopTrials(study)
        }
        print("")
        printBestTrials(try study.bestTrials(), of: study, metrics: spec.metrics)
        if let test = summary.testValue, let trial = summary.testTrial {
            let testMetric = spec.metric.hasPrefix("val_") ? "test_" + spec.metric.dropFirst(4) : "test \(spec.metric)"
            print(
                "Test-set \(testMetric) of the chosen configuration (trial \(trial), measured once, after selection): "
                    + ParameterValue.format(test))
        }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let path = URL(fileURLWithPath: out).appendingPathComponent("summary.json")
            try summary.jsonData().write(to: path)
            print("Wrote \(path.path)")
        }
        if report != "none" {
            let url =
                report.map { URL(fileURLWithPath: $0) } ?? StudyReportLocation.url(out: out, study: runner.studyName)
            try ReportWriter.writeStudyReport(study: study, to: url)
            print("Wrote the study report to \(url.path)")
        }
    }

    /// The ten best trials and, from 5 complete trials on, the parameters' importance.
    private func printTopTrials(_ study: Study) throws {
        let table = try TrialTable(study: study)
        print("\nTop trials:")
        var limited = table
        limited.rows = Array(table.rows.prefix(10))
        print(limited.plainText())
        let importance = try ParameterImportance.compute(study: study)
        // Below 5 completed trials the shares are noise (as in the reports, which leave them out too).
        if importance.count > 1, try study.trials().filter({ $0.state == .complete }).count >= 5 {
            print(
                "Importance (PED-ANOVA, shares of the total): "
                    + importance.map { "\($0.parameter) \(String(format: "%.2f", $0.importance))" }.joined(
                        separator: ", "))
        }
    }
}
