import Foundation
import VernierExperiments
import VernierRandom
import VernierTune
import VernierTuneSQLite

/// `vernier bench objectives`: what tuning your own code costs. A program as the objective (Vernier's overhead per
/// trial beyond the program's own run time; two worker processes against one on a CPU-bound program), ask/tell as
/// two `vernier` processes per evaluation and over HTTP (`vernier dashboard --allow-ask-tell`, random and TPE), and
/// a 30-trial TPE study of an MLP on a generated 1,800 × 64 CSV. Every study lives in a temporary folder on SQLite.
/// With `VERNIER_BENCH_OPTUNA` naming Optuna's `optuna` executable, Optuna's CLI ask+tell is measured in the same
/// run.
enum ObjectivesBenchmark: BenchmarkSuite {
    static let name = "objectives"
    static let summary =
        "your own code: command objective overhead and 2-worker speedup, ask/tell (CLI, HTTP), csv TPE study"

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vernier-bench-objectives-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let executable = try ProcessWorkerLauncher.currentExecutable().path
        var records = [try commandOverhead(folder: folder.appendingPathComponent("overhead"), trials: 40)]
        records.append(
            try workersSpeedup(
                executable: executable, folder: folder.appendingPathComponent("workers"),
                trials: options.full ? 24 : 12))
        records += try AskTellBenchmark(executable: executable, folder: folder.appendingPathComponent("ask-tell"))
            .records(evaluations: options.full ? 300 : 100)
        records.append(try csvStudy(executable: executable, folder: folder.appendingPathComponent("csv")))
        return records
    }

    /// Writes `files` (name → text) into `folder`, creating it.
    static func write(_ files: [String: String], in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// Vernier's time per trial of a command study whose program only prints its result (in this process, SQLite,
    /// random sampler), minus the program's own run time measured alone the same number of times.
    static func commandOverhead(folder: URL, trials: Int) throws -> BenchmarkRecord {
        let script = #"printf '%s\n' '{"vernier": "result", "value": 1}'"#
        try write(
            [
                "result.sh": script,
                "study.yaml": """
                command: [/bin/sh, result.sh]
                trials: \(trials)
                parameters:
                  x: {type: float, low: 0, high: 1}
                """,
            ], in: folder)
        let program = ["/bin/sh", folder.appendingPathComponent("result.sh").path]
        for _ in 0..<3 { _ = try BenchProcess.succeed(program) }
        var alone = 0.0
        for _ in 0..<trials { alone += try BenchProcess.succeed(program).seconds }
        let recipe = try StudyFile.load(path: folder.appendingPathComponent("study.yaml").path)
        var spec = try recipe.resolved()
        spec.command?.logDirectory = folder.appendingPathComponent("trials").path
        let runner = try StudyRunner(spec: spec, studyName: recipe.studyName(sampler: spec.sampler))
        let storage = try SQLiteStorage(path: folder.appendingPathComponent("overhead.db").path)
        let start = DispatchTime.now().uptimeNanoseconds
        let summary = try runner.run(storage: storage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard summary.trials["complete"] == trials else {
            throw BenchProcess.Failure(description: "the command study ended with \(summary.trials) trials")
        }
        let perTrial = seconds * 1000 / Double(trials)
        let programAlone = alone * 1000 / Double(trials)
        return BenchmarkRecord(
            name: "command_overhead_ms_per_trial", value: perTrial - programAlone, unit: "ms", reference: 20,
            referenceLabel: String(
                format: "target ≤ 20; %.1f ms per trial, the program alone %.1f ms, %d trials", perTrial,
                programAlone, trials))
    }

    /// Wall time of a command study of a CPU-bound `/bin/sh` loop run by one worker process, divided by the same
    /// study run by two (`vernier tune … --workers 1` and `--workers 2`, process starts included).
    static func workersSpeedup(executable: String, folder: URL, trials: Int) throws -> BenchmarkRecord {
        try write(
            [
                "busy.sh": """
                i=0
                while [ $i -lt 120000 ]; do i=$((i + 1)); done
                printf '{"vernier": "result", "value": %s}\\n' "$1"
                """,
                "busy.yaml": """
                command: [/bin/sh, busy.sh, "{x}"]
                trials: \(trials)
                parameters:
                  x: {type: float, low: 0, high: 1}
                """,
            ], in: folder)
        func wall(workers: Int) throws -> Double {
            try BenchProcess.succeed([
                executable, "tune", folder.appendingPathComponent("busy.yaml").path, "--storage",
                "sqlite:\(folder.appendingPathComponent("w\(workers).db").path)", "--workers", "\(workers)",
                "--report", "none", "--out", folder.appendingPathComponent("out-w\(workers)").path,
            ]).seconds
        }
        let one = try wall(workers: 1)
        let two = try wall(workers: 2)
        return BenchmarkRecord(
            name: "command_workers2_speedup", value: one / two, unit: "×", reference: 1.8,
            referenceLabel: String(
                format: "≥ 1.8 on 2 idle cores; %d trials: 1 worker %.2f s, 2 workers %.2f s", trials, one, two))
    }

    /// Seconds of `vernier tune` on a study file: 30 TPE trials of the csv experiment's MLP (its default space:
    /// hidden width, learning rate, batch size, activation) on a generated 1,800-row, 64-feature, 10-class CSV.
    static func csvStudy(executable: String, folder: URL) throws -> BenchmarkRecord {
        try write(
            [
                "data.csv": syntheticTable(rows: 1800, features: 64, classes: 10),
                "csv.yaml": """
                experiment: csv
                sampler: tpe
                trials: 30
                set: {file: data.csv, label: y}
                """,
            ], in: folder)
        let seconds = try BenchProcess.succeed([
            executable, "tune", folder.appendingPathComponent("csv.yaml").path, "--storage",
            "sqlite:\(folder.appendingPathComponent("csv.db").path)", "--report", "none", "--out",
            folder.appendingPathComponent("out").path,
        ]).seconds
        return BenchmarkRecord(
            name: "csv_tpe_30_trials_s", value: seconds, unit: "s", reference: 10,
            referenceLabel: "target ≤ 10; PyTorch + Optuna ≈ 44")
    }

    /// A CSV of `rows` rows: `features` standard normal columns `f0…`, then the label `y` (`row % classes`), whose
    /// class shifts every `classes`-th feature by 1; the same text for the same arguments.
    static func syntheticTable(rows: Int, features: Int, classes: Int) -> String {
        var generator = Xoshiro256(seed: 20_261_206)
        var lines = [((0..<features).map { "f\($0)" } + ["y"]).joined(separator: ",")]
        for row in 0..<rows {
            let label = row % classes
            let values = (0..<features).map { feature in
                let shift = feature % classes == label ? 1.0 : 0.0
                return String(format: "%.4f", shift + generator.nextNormal())
            }
            lines.append((values + [String(label)]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
