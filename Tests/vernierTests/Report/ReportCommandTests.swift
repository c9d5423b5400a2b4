import Foundation
import Testing

@Suite struct ReportCommandTests {
    @Test func trainReportTuneReportAndComparison() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A tiny spirals run: the report has the curves, the decision regions and the confusion matrix.
        let small = ["--set", "train-size=200", "--set", "validation-size=100", "--set", "epochs=2", "--quiet"]
        let train = try runVernier(binary, ["train", "spirals", "--report", "--out", "a"] + small, in: folder)
        #expect(train.status == 0, "\(train.output)")
        let html = try String(contentsOf: folder.appendingPathComponent("a/report.html"), encoding: .utf8)
        for section in ["Loss per epoch", "Decision regions", "Confusion matrix", "<svg"] {
            #expect(html.contains(section), "training report lacks \(section)")
        }
        let other = try runVernier(
            binary, ["train", "spirals", "--out", "b", "--set", "optimizer=adam"] + small, in: folder)
        #expect(other.status == 0, "\(other.output)")
        let compare = try runVernier(binary, ["report", "--compare", "a", "b", "--out", "c.html"], in: folder)
        #expect(compare.status == 0, "\(compare.output)")
        let comparison = try String(contentsOf: folder.appendingPathComponent("c.html"), encoding: .utf8)
        #expect(comparison.contains("train_loss by run") && comparison.contains("Final values"))

        // `vernier tune` ends by writing the study report and printing its path.
        let tune = try runVernier(
            binary, ["tune", "sphere", "--storage", "sqlite:v.db", "--trials", "6", "--quiet"], in: folder)
        #expect(tune.status == 0, "\(tune.output)")
        #expect(tune.output.contains("Wrote the study report to"))
        let study = try String(
            contentsOf: folder.appendingPathComponent("runs/tune/sphere-random/report.html"), encoding: .utf8)
        #expect(study.contains("Optimization history"))
        let markdown = try runVernier(
            binary, ["report", "sphere-random", "--storage", "sqlite:v.db", "--out", "s.md"], in: folder)
        #expect(markdown.status == 0, "\(markdown.output)")
        #expect(try String(contentsOf: folder.appendingPathComponent("s.md"), encoding: .utf8).hasPrefix("# Study"))
        let none = try runVernier(
            binary,
            ["tune", "sphere", "--storage", "sqlite:v.db", "--study", "quiet", "--trials", "2", "--report", "none"],
            in: folder)
        #expect(none.status == 0 && !none.output.contains("Wrote the study report"))
    }
}
