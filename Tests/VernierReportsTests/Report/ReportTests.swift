import Foundation
import Testing
import VernierReports
import VernierTensor
import VernierTrainingReports
import VernierTune

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
        #expect(
            !html.contains("http://")
                || html.components(separatedBy: "http://").count - 1 == html.components(
                    separatedBy: "xmlns=\"http://www.w3.org/2000/svg\""
                ).count - 1)
        #expect(!html.contains("https://"))
        #expect(html.contains("data-tip="))
    }

    @Test func emptyStudy() {
        let report = StudyReport.report(name: "empty", direction: .maximize, trials: [])
        #expect(report.sections.map(\.title) == ["No complete trial"])
        #expect(report.html().contains("no complete trial"))
    }

    @Test func singleTrialStudy() {
        let trial = Fixtures.trial(
            0, value: 1.5, parameters: ["momentum": 0.3], distributions: ["momentum": Fixtures.momentum])
        let report = StudyReport.report(name: "one", direction: .minimize, trials: [trial])
        let titles = report.sections.map(\.title)
        #expect(titles.contains("Best trial") && titles.contains("Slice: momentum"))
        #expect(!titles.contains("Contour") && !titles.contains("Parallel coordinates"))
        #expect(report.sections[0].table?.rows == [["0", "complete", "1.5", "", "0.3"]])
    }

    @Test func importanceNeedsEnoughTrials() {
        let few = StudyReport.report(name: "few", direction: .minimize, trials: Array(Fixtures.study().prefix(4)))
        #expect(!few.sections.map(\.title).contains("Parameter importance"))
        let enough = StudyReport.report(name: "enough", direction: .minimize, trials: Array(Fixtures.study().prefix(5)))
        #expect(enough.sections.map(\.title).contains("Parameter importance"))
    }

    @Test func studyReportAsCSV() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "csv, \"quoted\"", direction: .minimize, storage: storage)
        for value in [2.0, 1.0] {
            let trial = try study.ask()
            _ = try trial.suggestCategorical("optimizer", ["sgd", "adam,w"])
            try study.tell(trial, value: value)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-\(UUID().uuidString)/t.csv")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try ReportWriter.writeStudyReport(study: study, to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let header =
            "number,state,value,datetime_start,datetime_complete,duration_s,params_optimizer,"
            + "intermediate_values,fail_reason"
        #expect(lines.first.map(String.init) == header)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("0,complete,2.0,"))
    }

    @Test func testScoreIsInTheSummaryOfHTMLAndMarkdown() {
        let report = StudyReport.report(
            name: "scored", direction: .minimize, trials: Fixtures.study(),
            testScore: TestScore(value: 0.8125, trialNumber: 3))
        let line = "test value: 0.8125 (trial 3's configuration, measured once after selection)"
        #expect(report.summary.contains(line))
        #expect(report.markdown().contains("- " + line))
        #expect(report.html().contains("test value: 0.8125"))
    }

    @Test func parameterValuesInTablesAreFormatted() {
        let space = ["learning_rate": Fixtures.learningRate]
        let trial = Fixtures.trial(
            0, value: 1, parameters: ["learning_rate": Double(Float(0.01))], distributions: space)
        let table = StudyReport.trialTable([trial])
        #expect(table.rows[0].last == "0.01")
    }

    @Test func jsonHoldsTheStudySnapshotWithNumbers() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "json", direction: .maximize, storage: storage)
        let trial = try study.ask()
        _ = try trial.suggestFloat("x", in: 0...1)
        try study.tell(trial, value: 0.1 + 0.2)
        try study.setTestValue(0.7, trialNumber: 0)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-\(UUID().uuidString)/r.json")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try ReportWriter.writeStudyReport(study: study, to: url)
        let document = try StudySnapshot.jsonDecoder().decode(StudyReportDocument.self, from: Data(contentsOf: url))
        #expect(document.study.trials.map { $0.value } == [0.1 + 0.2])
        #expect(document.study.testValue == 0.7 && document.study.testTrial == 0)
        #expect(document.report.summary.contains { $0.hasPrefix("test value: 0.7 ") })
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
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vernier-reports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ReportWriter.writeTrainingReport(
            history: Fixtures.history(), to: directory.appendingPathComponent("a/report.html"))
        try ReportWriter.writeTrainingReport(
            history: Fixtures.history(), to: directory.appendingPathComponent("report.md"))
        let html = try String(contentsOf: directory.appendingPathComponent("a/report.html"), encoding: .utf8)
        let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(markdown.hasPrefix("# Training"))
    }
}

@Suite struct ComparisonReportTests {
    @Test func runsShareChartsAndFinalTable() throws {
        let faster = Fixtures.history(epochs: 4)
        var slower = Fixtures.history(epochs: 6)
        for index in slower.epochs.indices { slower.epochs[index].trainLoss *= 2 }
        let report = ComparisonReport.report(runs: [("adam", faster), ("sgd", slower)])
        #expect(
            report.sections.map(\.title) == [
                "train_loss", "val_loss", "train_accuracy", "val_accuracy", "Final values",
            ])
        let chart = try #require(report.sections[0].chart)
        #expect(chart.series.map(\.name) == ["adam", "sgd"])
        #expect(chart.series[1].points.count == 6)
        #expect(report.sections.last?.table?.rows.map { $0[0] } == ["adam", "sgd"])
        #expect(report.sections.last?.table?.rows[1][2] == "0.33333")
    }

    @Test func loadsHistoryWrittenByTraining() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let history = Fixtures.history(epochs: 3, nanAt: 2)
        try history.write(to: directory)
        let loaded = try ComparisonReport.loadHistory(directory)
        #expect(loaded.epochs.count == 3)
        #expect(loaded.epochs[1].trainLoss.isNaN)
        let report = ComparisonReport.report(runs: [("nan-run", loaded)])
        #expect(report.sections[0].chart?.skippedCount == 1)
    }
}
