import Foundation
import Testing

/// `vernier tune` with several metrics and constraints, and `vernier ask`/`tell` with value vectors.
@Suite struct MultiObjectiveCommandTests {
    func vernier(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        return try runVernier(binary, arguments, in: folder)
    }

    @Test func tuneTradesAccuracyAgainstParametersAndPrintsTheFront() throws {
        let folder = try temporaryFolder()
        let run = try vernier(
            [
                "tune", "spirals", "--metric", "val_accuracy,parameters", "--direction", "maximize,minimize",
                "--constraint", "parameters<=1500", "--trials", "4", "--storage", "sqlite:v.db", "--set",
                "train-size=100", "--set", "validation-size=50", "--out", "out",
            ], in: folder)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("maximize val_accuracy and minimize parameters, subject to parameters <= 1500"))
        #expect(run.output.contains("Pareto front, "), "\(run.output)")
        #expect(!run.output.contains("Top trials"), "one-value tables are left out")
        let summary = try String(contentsOf: folder.appendingPathComponent("out/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"objectives\""), "\(summary)")
        let report = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(report.contains("Pareto front: val_accuracy and parameters"))
        let best = try vernier(["studies", "best", "spirals-random", "--storage", "sqlite:v.db"], in: folder)
        #expect(best.status == 0 && best.output.contains("val_accuracy (maximize), parameters (minimize)"))
        // A one-objective sampler, a direction list of the wrong length: refused before anything runs.
        let gp = try vernier(
            [
                "tune", "spirals", "--metric", "val_accuracy,parameters", "--direction", "maximize,minimize",
                "--sampler", "gp", "--storage", "sqlite:w.db",
            ], in: folder)
        #expect(gp.status != 0 && gp.output.contains("gp sampler optimizes one metric"), "\(gp.output)")
        let count = try vernier(
            ["tune", "spirals", "--metric", "val_accuracy,parameters", "--storage", "sqlite:w.db"], in: folder)
        #expect(count.status != 0 && count.output.contains("--direction maximize,maximize"), "\(count.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("w.db").path))
    }

    @Test func askAndTellTakeValueVectorsAndConstraints() throws {
        let folder = try temporaryFolder()
        let storage = ["--storage", "sqlite:v.db"]
        for number in 0..<3 {
            let asked = try vernier(
                ["ask", "--study", "size", "--direction", "maximize,minimize", "--param", "x=float:0:1"] + storage,
                in: folder)
            #expect(asked.status == 0, "\(asked.output)")
            let values = ["0.9,1200", "0.8,300", "0.95,100"][number]
            let told = try vernier(
                ["tell", "--study", "size", "--trial", "\(number)", "--values", values]
                    + (number == 2 ? ["--constraints", "5"] : []) + storage, in: folder)
            #expect(told.status == 0, "\(told.output)")
            #expect(told.output.contains(number == 2 ? "(infeasible)" : "complete"), "\(told.output)")
        }
        let best = try vernier(["studies", "best", "size"] + storage, in: folder)
        #expect(best.output.contains("trial 0:") && best.output.contains("trial 1:"), "\(best.output)")
        #expect(!best.output.contains("trial 2:"), "the infeasible trial is not on the front")
        let asked = try vernier(["ask", "--study", "size"] + storage, in: folder)
        #expect(asked.status == 0)
        let wrong = try vernier(["tell", "--study", "size", "--trial", "3", "--value", "0.5"] + storage, in: folder)
        #expect(wrong.status != 0 && wrong.output.contains("2 objectives but 1 value was given"), "\(wrong.output)")
        let bad = try vernier(["tell", "--study", "size", "--trial", "3", "--values", "0.5,x"] + storage, in: folder)
        #expect(bad.status != 0 && bad.output.contains("'x' is not a finite number"), "\(bad.output)")
    }
}
