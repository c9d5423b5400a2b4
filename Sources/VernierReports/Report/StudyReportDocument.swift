import VernierTune

/// What a study report written as JSON holds: the report's sections (plot data and tables of text) and the study
/// itself with its numbers.
///
/// ```swift
/// let document = StudyReportDocument(report: try StudyReport.report(for: study), study: try StudySnapshot(study: study))
/// ```
public struct StudyReportDocument: Sendable, Codable, Equatable {
    /// Title, summary lines and sections.
    public var report: Report
    /// The study and every trial.
    public var study: StudySnapshot

    /// Creates a document.
    public init(report: Report, study: StudySnapshot) {
        self.report = report
        self.study = study
    }
}
