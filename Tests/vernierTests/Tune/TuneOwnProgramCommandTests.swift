import Foundation
import Testing

/// `vernier tune` on what a user owns: a program (`command:` study files, with worker processes) and a CSV file
/// (`vernier tune csv --file F --label y`, `experiment: csv`); bad recipes are refused before anything is written.
@Suite struct TuneOwnProgramCommandTests {
    func binary() throws -> String {
        try #require(vernierBinary(), "the vernier binary is built with the tests (swift test builds every target)")
    }

    func write(_ text: String, _ name: String, in folder: URL) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// A 3-class table with whole-number labels 0–2.
    static var table: String {
        var lines = ["a,b,y"]
        for row in 0..<90 {
            let label = row % 3
            lines.append(
                "\(Double(label) + Double(row % 7) * 0.05),\(Double(-label) + Double(row % 5) * 0.04),\(label)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func twoWorkersRunEveryTrialOfACommandStudyOnce() throws {
        let folder = try temporaryFolder()
        try write(
            """
            echo "$VERNIER_TRIAL_NUMBER" >> ran.txt
            echo "x is $1"
            echo "{\\"vernier\\": \\"report\\", \\"step\\": 1, \\"value\\": $1}"
            echo "{\\"vernier\\": \\"result\\", \\"value\\": $1}"
            """, "run.sh", in: folder)
        try write(
            """
            study: own
            command: [sh, run.sh, "{x}"]
            trials: 6
            parameters:
              x: {type: float, low: 0, high: 1}
            """, "study.yaml", in: folder)
        let result = try runVernier(
            try binary(),
            ["tune", "study.yaml", "--storage", "sqlite:v.db", "--workers", "2", "--report", "none", "--out", "out"],
            in: folder)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Trials: 6 complete"), "\(result.output)")
        let ran = try String(contentsOf: folder.appendingPathComponent("ran.txt"), encoding: .utf8)
        let numbers: [Int] = ran.split(separator: "\n").compactMap { Int($0) }.sorted()
        #expect(numbers == Array(0..<6))
        for number in 0..<6 {
            let log = try String(contentsOf: folder.appendingPathComponent("out/trials/\(number).log"), encoding: .utf8)
            #expect(log.contains("x is "))
        }
    }

    @Test func ctrlCStopsTheRunningProgramAndReturnsItsTrialToWaiting() throws {
        let folder = try temporaryFolder()
        try write(
            """
            trap 'echo stopped > terminated; exit 143' TERM
            echo started > started
            sleep 30 &
            wait $!
            """, "run.sh", in: folder)
        try write(
            """
            study: slow
            command: [sh, run.sh]
            trials: 1
            parameters:
              x: {type: float, low: 0, high: 1}
            """, "study.yaml", in: folder)
        let process = try startVernier(
            ["tune", "study.yaml", "--storage", "sqlite:v.db", "--report", "none"], in: folder)
        let started = folder.appendingPathComponent("started").path
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: started) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(FileManager.default.fileExists(atPath: started), "the program never started")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let stopped = folder.appendingPathComponent("terminated").path
        let until = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: stopped) && Date() < until { Thread.sleep(forTimeInterval: 0.1) }
        #expect(FileManager.default.fileExists(atPath: stopped), "the program did not get SIGTERM")
        let show = try runVernier(try binary(), ["studies", "show", "slow", "--storage", "sqlite:v.db"], in: folder)
        #expect(show.output.contains("waiting"), "\(show.output)")
    }

    @Test func anUnknownPlaceholderIsRefusedBeforeAnythingIsWritten() throws {
        let folder = try temporaryFolder()
        let first = try runVernier(
            try binary(), ["tune", "branin", "--storage", "sqlite:v.db", "--trials", "2", "--report", "none"],
            in: folder)
        #expect(first.status == 0, "\(first.output)")
        let before = try Data(contentsOf: folder.appendingPathComponent("v.db"))
        try write(
            """
            study: typo
            command:
              - sh
              - train.sh
              - "{lr}"
              - "{layres}"
            parameters:
              lr: {type: float, low: 0.001, high: 0.1, log: true}
              layers: {type: int, low: 1, high: 3}
            """, "typo.yaml", in: folder)
        let result = try runVernier(try binary(), ["tune", "typo.yaml", "--storage", "sqlite:v.db"], in: folder)
        #expect(result.status != 0)
        #expect(result.output.contains("typo.yaml:6: command[3]: unknown placeholder {layres}"), "\(result.output)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("v.db")) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs/tune/typo").path))
    }

    @Test func aCSVIsTunableFromTheCommandLineAndAStudyFileWithWholeNumberLabelsAsClasses() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        try write(Self.table, "data/table.csv", in: folder)
        let train = try runVernier(
            try binary(), ["train", "csv", "--file", "data/table.csv", "--label", "y", "--set", "epochs=2"], in: folder)
        #expect(train.status == 0, "\(train.output)")
        #expect(train.output.contains("label 'y': 3 classes (whole numbers 0–2)"), "\(train.output)")
        #expect(train.output.contains("val_accuracy"))
        let regression = try runVernier(
            try binary(),
            [
                "train", "csv", "--file", "data/table.csv", "--label", "y", "--set", "label-kind=regression", "--set",
                "loss=mse", "--set", "epochs=2",
            ], in: folder)
        #expect(regression.status == 0, "\(regression.output)")
        #expect(regression.output.contains("val_mse") && !regression.output.contains("classes"), "\(regression.output)")

        let tune = try runVernier(
            try binary(),
            [
                "tune", "csv", "--file", "data/table.csv", "--label", "y", "--trials", "3", "--set", "epochs=3",
                "--storage", "sqlite:v.db", "--report", "none",
            ], in: folder)
        #expect(tune.status == 0, "\(tune.output)")
        #expect(tune.output.contains("label 'y': 3 classes"), "\(tune.output)")
        #expect(tune.output.contains("Trials: 3 complete"), "\(tune.output)")

        // A study file names the table relative to itself, and searches a csv key (label-kind stays fixed).
        try write(
            """
            study: table
            experiment: csv
            metric: val_accuracy
            direction: maximize
            trials: 2
            set: {file: table.csv, label: y, epochs: 2, label-kind: classes}
            parameters:
              lr: {type: float, low: 0.001, high: 0.1, log: true}
              validation-fraction: {type: categorical, choices: [0.2, 0.3]}
            """, "data/study.yaml", in: folder)
        let file = try runVernier(
            try binary(), ["tune", "data/study.yaml", "--storage", "sqlite:v.db", "--report", "none"], in: folder)
        #expect(file.status == 0, "\(file.output)")
        #expect(file.output.contains("Trials: 2 complete"), "\(file.output)")

        let before = try Data(contentsOf: folder.appendingPathComponent("v.db"))
        try write(
            """
            study: gone
            experiment: csv
            set:
              label: y
              file: gone.csv
            """, "data/gone.yaml", in: folder)
        let gone = try runVernier(
            try binary(), ["tune", "data/gone.yaml", "--storage", "sqlite:v.db", "--report", "none"], in: folder)
        #expect(gone.status != 0)
        #expect(gone.output.contains("data/gone.yaml:5: set.file:"), "\(gone.output)")
        #expect(gone.output.contains("gone.csv"), "\(gone.output)")
        let missing = try runVernier(
            try binary(),
            ["tune", "csv", "--file", "data/table.csv", "--study", "nolabel", "--storage", "sqlite:v.db"],
            in: folder)
        #expect(missing.status != 0)
        #expect(missing.output.contains("label"), "\(missing.output)")
        let absent = try runVernier(
            try binary(), ["tune", "csv", "--file", "nope.csv", "--label", "y", "--storage", "sqlite:v.db"],
            in: folder)
        #expect(absent.status != 0)
        #expect(absent.output.contains("nope.csv"), "\(absent.output)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("v.db")) == before)
    }
}
