import VernierReports
import VernierTraining

/// The report of one training run: loss per epoch, each metric per epoch, loss per step with its moving
/// average, the caller's extra sections (decision regions, predictions, confusion matrix, weight images, run
/// comparisons) and the per-epoch table.
///
/// ```swift
/// let regions = DecisionRegions(points: x, labels: y) { softmax(model($0)) }
/// let page = TrainingReport.html(history: history, extras: [ReportSection(title: "Decision regions", plot: regions)])
/// ```
public enum TrainingReport {
    /// The report.
    ///
    /// ```swift
    /// let report = TrainingReport.report(history: history, title: "spirals")
    /// ```
    public static func report(
        history: TrainingHistory, extras: [ReportSection] = [], title: String = "Training"
    )
        -> Report
    {
        var summary = ["epochs: \(history.epochs.count)"]
        if let last = history.last {
            summary.append("final train loss: \(NumberFormat.short(last.trainLoss, digits: 5))")
            if let loss = last.validationLoss {
                summary.append("final validation loss: \(NumberFormat.short(loss, digits: 5))")
            }
            for (name, value) in last.validationMetrics.sorted(by: { $0.key < $1.key }) {
                summary.append("final validation \(name): \(NumberFormat.short(value, digits: 5))")
            }
            let seconds = history.epochs.map(\.seconds).reduce(0, +)
            summary.append("time: \(NumberFormat.short(seconds, digits: 3)) s")
        }
        if history.stoppedEarly { summary.append("stopped early") }
        var sections: [ReportSection] = []
        if !history.epochs.isEmpty {
            sections.append(ReportSection(title: "Loss", plot: TrainingCurves(history: history)))
            for name in history.metricNames {
                sections.append(ReportSection(title: name, plot: TrainingCurves(history: history, quantity: name)))
            }
        }
        if !history.stepLosses.isEmpty {
            sections.append(ReportSection(title: "Loss per step", plot: StepLossCurve(history: history)))
        }
        sections += extras
        if !history.epochs.isEmpty {
            let lines = history.csv.split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            sections.append(
                ReportSection(title: "Epochs", table: DataTable(headers: lines[0], rows: Array(lines.dropFirst()))))
        } else {
            sections.append(ReportSection(title: "No epochs", text: "The history has no epoch yet."))
        }
        return Report(title: title, summary: summary, sections: sections)
    }

    /// The standalone HTML page.
    ///
    /// ```swift
    /// try TrainingReport.html(history: history).write(toFile: "report.html", atomically: true, encoding: .utf8)
    /// ```
    public static func html(
        history: TrainingHistory, extras: [ReportSection] = [], title: String = "Training"
    ) -> String {
        report(history: history, extras: extras, title: title).html()
    }
}
