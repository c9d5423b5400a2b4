import Foundation
import Testing

@Suite struct TuneCommandTests {
    @Test func tuneWritesSummaryAndResumes() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let folder = try temporaryFolder()
        let study = """
            study: sens
            objective: sphere
            sampler: sensitivity
            repeats: 2
            noise: 0.01
            parameters:
              x0: {type: float, low: -5, high: 5, values: [-2, 0, 2], baseline: 0}
              x1: {type: int, low: -2, high: 2, step: 2, baseline: 2}
            """
        try study.write(to: folder.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        // `tune` creates the database file, not its folder.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("db"), withIntermediateDirectories: false)
        let run = try runVernier(
            binary, ["tune", "study.yaml", "--storage", "sqlite:db/v.db", "--out", "out"], in: folder)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("[ 5/?]") || run.output.contains("value"), "progress lines")
        let data = try Data(contentsOf: folder.appendingPathComponent("out/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(summary["study"] as? String == "sens")
        #expect(summary["storage"] as? String == "sqlite:db/v.db")
        #expect(summary["direction"] as? String == "minimize")
        #expect((summary["trials"] as? [String: Int])?["complete"] == 5)
        #expect(summary["best_value"] is Double)
        let best = try #require(summary["best_trials"] as? [[String: Any]])
        #expect(best.first?["parameters"] is [String: Any])
        let impact = try #require(summary["impact"] as? [[String: Any]])
        #expect(impact.map { $0["parameter"] as? String } == ["x1", "x0"] || impact.count == 2)
        let values = try #require(impact.first?["values"] as? [[String: Any]])
        #expect(values.allSatisfy { $0["mean"] is Double && $0["sd"] is Double && $0["value"] != nil })
        // Running again resumes: every point is done, nothing new runs.
        let again = try runVernier(binary, ["tune", "study.yaml", "--storage", "sqlite:db/v.db"], in: folder)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("Trials: 5 complete"))
        let list = try runVernier(binary, ["studies", "list", "--storage", "sqlite:db/v.db"], in: folder)
        #expect(list.output.contains("sens"))
        let csv = try runVernier(binary, ["studies", "export", "sens", "--storage", "sqlite:db/v.db"], in: folder)
        #expect(csv.output.split(separator: "\n").count == 6)
    }

    @Test func twoProcessesShareOneSQLiteFile() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let folder = try temporaryFolder()
        var processes: [(Process, Pipe)] = []
        for _ in 0..<2 {
            let pipe = Pipe()
            let arguments = [
                "tune", "sphere", "--storage", "sqlite:shared.db", "--trials", "60", "--study", "par", "--quiet",
            ]
            processes.append((try startVernier(arguments, in: folder, output: pipe), pipe))
        }
        for (process, pipe) in processes {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(output)")
            #expect(!output.contains("locked"), "\(output)")
        }
        let best = try runVernier(binary, ["studies", "export", "par", "--storage", "sqlite:shared.db"], in: folder)
        let rows = best.output.split(separator: "\n").dropFirst()
        #expect(rows.count == 60, "the study-wide budget holds across processes")
        #expect(rows.allSatisfy { $0.contains(",complete,") })
        let numbers = Set(rows.map { $0.split(separator: ",")[0] })
        #expect(numbers.count == 60)
    }

    @Test func askAndTell() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let folder = try temporaryFolder()
        let ask = try runVernier(
            binary,
            [
                "ask", "--study", "ext", "--storage", "sqlite:v.db", "--param", "lr=float:1e-4:1:log",
                "--param", "opt=cat:sgd,adam",
            ], in: folder)
        #expect(ask.status == 0, "\(ask.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ask.output.utf8)) as? [String: Any])
        #expect(json["trial"] as? Int == 0)
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect(["sgd", "adam"].contains(parameters["opt"] as? String ?? ""))
        let tell = try runVernier(
            binary, ["tell", "--study", "ext", "--storage", "sqlite:v.db", "--trial", "0", "--value", "0.25"],
            in: folder)
        #expect(tell.status == 0, "\(tell.output)")
        let best = try runVernier(binary, ["studies", "best", "ext", "--storage", "sqlite:v.db"], in: folder)
        #expect(best.output.contains("0.25"))
        let bad = try runVernier(binary, ["tune", "sphere", "--storage", "postgres://u@h/db"], in: folder)
        #expect(bad.status != 0)
        #expect(bad.output.contains("not available"))
    }
}
