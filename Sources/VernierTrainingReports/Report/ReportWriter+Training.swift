import Foundation
import VernierReports
import VernierTraining

extension ReportWriter {
    /// Writes the HTML report of a training run; a `.md` or `.json` extension writes Markdown or JSON instead.
    ///
    /// ```swift
    /// try ReportWriter.writeTrainingReport(history: history, extras: [], to: URL(fileURLWithPath: "report.html"))
    /// ```
    public static func writeTrainingReport(
        history: TrainingHistory, extras: [ReportSection] = [], title: String = "Training", to url: URL
    ) throws {
        try write(TrainingReport.report(history: history, extras: extras, title: title), to: url)
    }
}
