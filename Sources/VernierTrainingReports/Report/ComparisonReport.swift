import Foundation
import VernierReports
import VernierTraining

/// Several training runs on shared charts (for example SGD vs Adam vs RMSProp): one chart per quantity the
/// runs recorded (train and validation loss, then each metric), plus a table of the final values.
///
/// ```swift
/// let report = ComparisonReport.report(runs: [("sgd", sgdHistory), ("adam", adamHistory)])
/// try ReportWriter.write(report, to: URL(fileURLWithPath: "compare.html"))
/// ```
public enum ComparisonReport {
    /// The report.
    ///
    /// ```swift
    /// let report = ComparisonReport.report(runs: [("a", a), ("b", b)], title: "Optimizers")
    /// ```
    public static func report(
        runs: [(name: String, history: TrainingHistory)], title: String = "Run comparison"
    )
        -> Report
    {
        var quantities = ["train_loss"]
        if runs.contains(where: { $0.history.epochs.contains { $0.validationLoss != nil } }) {
            quantities.append("val_loss")
        }
        let metrics = Set(runs.flatMap { $0.history.metricNames }).sorted()
        for metric in metrics {
            for prefix in ["train_", "val_"]
            where runs.contains(where: { $0.history.epochs.contains { $0.value(named: prefix + metric) != nil } }) {
                quantities.append(prefix + metric)
            }
        }
        var sections = quantities.map { quantity in
            ReportSection(title: quantity, plot: RunComparison(runs: runs, quantity: quantity))
        }
        let finals = DataTable(
            headers: ["run", "epochs"] + quantities,
            rows: runs.map { run in
                [run.name, "\(run.history.epochs.count)"]
                    + quantities.map { quantity in
                        run.history.last?.value(named: quantity).map { NumberFormat.short($0, digits: 5) } ?? ""
                    }
            })
        sections.append(ReportSection(title: "Final values", table: finals))
        return Report(
            title: title, summary: runs.map { "\($0.name): \($0.history.epochs.count) epochs" }, sections: sections)
    }

    /// Reads `history.json` from a run folder written by `vernier train --out DIR` (or the file itself).
    ///
    /// ```swift
    /// let history = try ComparisonReport.loadHistory(URL(fileURLWithPath: "runs/adam"))
    /// ```
    public static func loadHistory(_ url: URL) throws -> TrainingHistory {
        var isDirectory: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? url.appendingPathComponent("history.json") : url
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(TrainingHistory.self, from: Data(contentsOf: file))
    }
}
