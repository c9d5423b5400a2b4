import Foundation
import VernierTune

/// Writes reports to files (creating parent folders): what `vernier tune`, `vernier train --report` and
/// `vernier report` call at the end (training reports: `ReportWriter.writeTrainingReport` in
/// VernierTrainingReports).
///
/// ```swift
/// try ReportWriter.writeStudyReport(study: study, to: URL(fileURLWithPath: "runs/report.html"))
/// ```
public enum ReportWriter {
    /// Writes the HTML report of a study; a `.md` extension writes Markdown, `.csv` the trials as
    /// ``StudySnapshot/csv()`` writes them, and `.json` an object with the report (`report`) and the study's
    /// ``StudySnapshot`` (`study`, every number to the last bit).
    ///
    /// ```swift
    /// try ReportWriter.writeStudyReport(study: study, to: URL(fileURLWithPath: "report.html"))
    /// ```
    public static func writeStudyReport(study: Study, to url: URL) throws {
        let format = url.pathExtension.lowercased()
        guard format == "csv" || format == "json" else { return try write(try StudyReport.report(for: study), to: url) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let snapshot = try StudySnapshot(study: study)
        if format == "csv" { return try snapshot.csv().write(to: url, atomically: true, encoding: .utf8) }
        let document = StudyReportDocument(report: try StudyReport.report(for: study), study: snapshot)
        try StudySnapshot.jsonEncoder().encode(document).write(to: url, options: .atomic)
    }

    /// Writes any report by the file's extension: `.md` Markdown, `.json` JSON, anything else HTML.
    ///
    /// ```swift
    /// try ReportWriter.write(report, to: URL(fileURLWithPath: "report.md"))
    /// ```
    public static func write(_ report: Report, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch url.pathExtension.lowercased() {
        case "md": try report.markdown().write(to: url, atomically: true, encoding: .utf8)
        case "json": try report.json().write(to: url, options: .atomic)
        default: try report.html().write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
