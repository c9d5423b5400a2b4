import Foundation
import Testing
import VernierReports
import VernierTensor

@Suite struct StudyReportTests {
    @Test func fullStudyHasEverySection() {
        let report = StudyReport.report(name: "demo", direction: .minimize, trials: Fixtures.study())
        let titles = report.sections.map(\.title)
        for expected in [
            "Best trial", "Optimization history", "Parameter importance", "Slice: learning_rate", "Contour",
            "Parallel coordinates", "Intermediate values", "Empirical distribution", "Timeline", "All trials",
        ] {
            #expect(titles.contains(expected), "missing \(expected) in \(titles)")
        }
        #expect(report.summary.contains("best value: 0.3"))
        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        #expect(!html.contains("https://"))
        #expect(html.contains("data-tip="))
    }

    @Test func emptyStudy() {
        let report = StudyReport.report(name: "empty", direction: .maximize, trials: [])
        #expect(report.sections.map(\.title) == ["No complete trial"])
        #expect(report.html().contains("no complete trial"))
    }

    @Test func singleTrialStudy() {
        let trial = Fixtures.trial(0, value: 1.5, parameters: ["momentum": 0.3], distributions: ["momentum": Fixtures.momentum])
        let report = StudyReport.report(name: "one", direction: .minimize, trials: [trial])
        let titles = report.sections.map(\.title)
        #expect(titles.contains("Best trial") && titles.contains("Slice: momentum"))
        #expect(!titles.contains("Contour") && !titles.contains("Parallel coordinates"))
        #expect(report.sections[0].table?.rows == [["0", "complete", "1.5", "", "0.3"]])
    }

    @Test func tiedBestTrialsAreAllListed() {
        let trials = [1.0, 0.5, 0.5].enumerated().map { Fixtures.trial($0.offset, value: $0.element) }
        let report = StudyReport.report(name: "ties", direction: .minimize, trials: trials)
        #expect(report.sections[0].title == "Best trials (2 tied)")
    }

    @Test func jsonAndMarkdown() throws {
        let report = StudyReport.report(name: "demo", direction: .minimize, trials: Fixtures.study())
        let decoded = try JSONDecoder().decode(Report.self, from: try report.json())
        #expect(decoded.sections.count == report.sections.count)
        #expect(report.markdown().contains("## Optimization history"))
    }
}

@Suite struct TrainingReportTests {
    @Test func sectionsAndExtras() {
        let matrix = ConfusionMatrix(actual: [0, 1], predicted: [0, 1])
        let report = TrainingReport.report(
            history: Fixtures.history(), extras: [ReportSection(title: "Confusion", plot: matrix)], title: "spirals")
        #expect(report.sections.map(\.title) == ["Loss", "accuracy", "Loss per step", "Confusion", "Epochs"])
        #expect(report.summary.first == "epochs: 5")
        #expect(report.sections.last?.table?.rows.count == 5)
    }

    @Test func writerPicksFormatByExtension() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-reports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReportWriter.writeTrainingReport(history: Fixtures.history(), to: directory.appendingPathComponent("a/report.html"))
        try ReportWriter.writeTrainingReport(history: Fixtures.history(), to: directory.appendingPathComponent("report.md"))
        let html = try String(contentsOf: directory.appendingPathComponent("a/report.html"), encoding: .utf8)
        let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(markdown.hasPrefix("# Training"))
    }
}
