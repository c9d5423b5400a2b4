import ArgumentParser
import Foundation
import VernierTune
import VernierTunePostgres
import VernierTuneSQLite

/// `vernier bench storage`: cost of the study engine per trial with a trivial 2-parameter objective and the
/// random sampler, in one process: SQLite (ms per trial; Optuna needs 22–30 ms) and in memory (µs per trial;
/// Optuna about 0.2 ms).
enum StorageBenchmark: BenchmarkSuite {
    static let name = "storage"
    static let summary = "study engine cost per trial: SQLite and in-memory storage, random sampler"

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        let sqliteTrials = options.full ? 2000 : 500
        let memoryTrials = options.full ? 100_000 : 20_000
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try SQLiteStorage(path: folder.appendingPathComponent("bench.db").path)
        let sqliteSeconds = try timeTrials(sqliteTrials, storage: sqlite)
        _ = try timeTrials(1000, storage: InMemoryStorage())  // warm-up
        let memorySeconds = try timeTrials(memoryTrials, storage: InMemoryStorage())
        var records = [
            BenchmarkRecord(
                name: "sqlite_ms_per_trial", value: sqliteSeconds * 1000 / Double(sqliteTrials), unit: "ms",
                reference: 2, referenceLabel: "target ≤ 2; Optuna 22–30"),
            BenchmarkRecord(
                name: "memory_us_per_trial", value: memorySeconds * 1e6 / Double(memoryTrials), unit: "µs",
                reference: 20, referenceLabel: "target ≤ 20; Optuna ≈ 200"),
        ]
        // PostgreSQL only when a server is named: VERNIER_BENCH_POSTGRES_URL=postgres://user@host:port/db.
        if let url = ProcessInfo.processInfo.environment["VERNIER_BENCH_POSTGRES_URL"], !url.isEmpty {
            let postgres = try PostgresStorage(url: url)
            let name = "vernier-bench-\(UUID().uuidString)"
            let seconds = try timeTrials(sqliteTrials, storage: postgres, studyName: name)
            if let record = try postgres.study(named: name) { try postgres.deleteStudy(id: record.id) }
            records.append(
                BenchmarkRecord(
                    name: "postgres_ms_per_trial", value: seconds * 1000 / Double(sqliteTrials), unit: "ms",
                    referenceLabel: "server of VERNIER_BENCH_POSTGRES_URL"))
        }
        if let workers = options.workers {
            records += try parallelRecords(maxWorkers: workers, folder: folder)
        }
        return records
    }

    /// Trials per second of 1, 2, 4, … `maxWorkers` worker processes (250 trials each) on one SQLite file and, when
    /// `VERNIER_BENCH_POSTGRES_URL` names a server, on PostgreSQL; plus the lost / duplicate / overrun counts,
    /// summed over every run (each must be 0).
    static func parallelRecords(maxWorkers: Int, folder: URL) throws -> [BenchmarkRecord] {
        var counts: [Int] = []
        var workers = 1
        while workers <= maxWorkers {
            counts.append(workers)
            workers *= 2
        }
        if counts.last != maxWorkers { counts.append(maxWorkers) }
        var records: [BenchmarkRecord] = []
        var checks = ParallelChecks()
        for count in counts {
            let url = "sqlite:\(folder.appendingPathComponent("workers-\(count).db").path)"
            let rate = try runWorkers(count, storageURL: url, study: "bench", checks: &checks)
            records.append(
                BenchmarkRecord(
                    name: "sqlite_trials_per_s_w\(count)", value: rate, unit: "trials/s",
                    referenceLabel: "\(count) processes × \(trialsPerWorker) trials, one file"))
        }
        if let url = ProcessInfo.processInfo.environment["VERNIER_BENCH_POSTGRES_URL"], !url.isEmpty {
            for count in counts {
                let rate = try runWorkers(
                    count, storageURL: url, study: "vernier-bench-w\(count)-\(UUID().uuidString)", checks: &checks)
                records.append(
                    BenchmarkRecord(
                        name: "postgres_trials_per_s_w\(count)", value: rate, unit: "trials/s",
                        referenceLabel: "\(count) processes × \(trialsPerWorker) trials"))
            }
        } else {
            print(
                "PostgreSQL skipped: set VERNIER_BENCH_POSTGRES_URL (e.g. "
                    + "VERNIER_BENCH_POSTGRES_URL=$(Scripts/pg-test-server.sh start)) to measure it too")
        }
        records += [
            BenchmarkRecord(name: "lost_trials", value: Double(checks.lost), unit: "trials", reference: 0),
            BenchmarkRecord(
                name: "duplicate_grid_points", value: Double(checks.duplicates), unit: "trials", reference: 0),
            BenchmarkRecord(name: "budget_overrun", value: Double(checks.overrun), unit: "trials", reference: 0),
        ]
        return records
    }

    /// Trials each worker process runs in the parallel benchmark.
    static let trialsPerWorker = 250

    /// Lost, duplicate and over-budget trials found after the parallel runs.
    struct ParallelChecks {
        var lost = 0
        var duplicates = 0
        var overrun = 0
    }

    /// Runs `count` worker processes on a grid study with a budget of `count × 250` trials (the grid has 50
    /// points more, so the budget, not the grid, stops them); returns trials per second (process start included)
    /// and adds what went wrong to `checks`.
    static func runWorkers(
        _ count: Int, storageURL: String, study: String, checks: inout ParallelChecks
    ) throws
        -> Double
    {
        let budget = count * trialsPerWorker
        let executable = try ProcessWorkerLauncher.currentExecutable()
        let start = Date()
        var processes: [Process] = []
        for index in 0..<count {
            let process = Process()
            process.executableURL = executable
            process.arguments = [
                "bench-storage-worker", "--storage", storageURL, "--study", study, "--budget", "\(budget)",
                "--worker-id", "w\(index)",
            ]
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            guard process.terminationReason == .exit, process.terminationStatus == 0 else {
                throw ValidationError("a benchmark worker failed (status \(process.terminationStatus))")
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let storage = try openStorage(storageURL, mode: .create)
        let record = try storage.requireStudy(named: study)
        let trials = try storage.trials(studyID: record.id, states: nil).filter { $0.state != .waiting }
        let complete = trials.filter { $0.state == .complete }
        let points = trials.compactMap { $0.externalParameters["i"] }
        checks.lost += max(0, budget - complete.count)
        checks.overrun += max(0, trials.count - budget)
        checks.duplicates += points.count - Set(points).count
        if storageURL.hasPrefix("postgres") { try storage.deleteStudy(id: record.id) }
        return Double(complete.count) / seconds
    }

    static func timeTrials(_ trials: Int, storage: any Storage, studyName: String = "bench") throws -> TimeInterval {
        let study = try Study(name: studyName, direction: .minimize, storage: storage, sampler: RandomSampler(seed: 0))
        let start = Date()
        try study.optimize(trials: trials) { trial in
            let x = try trial.suggestFloat("x", in: -10...10)
            let y = try trial.suggestInt("y", in: -10...10)
            return x * x + Double(y * y)
        }
        return Date().timeIntervalSince(start)
    }
}

/// `vernier bench-storage-worker` (hidden): one worker process of `vernier bench storage --workers N`. Runs a grid
/// study over `i ∈ 0..<budget+50` with a trivial objective until the study-wide budget is used up, recording its
/// worker id and heartbeats like `vernier tune` workers do.
struct StorageBenchWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-storage-worker", abstract: "One worker of `vernier bench storage --workers`.",
        shouldDisplay: false)

    @Option var storage: String
    @Option var study: String
    @Option var budget: Int
    @Option var workerID: String

    func run() throws {
        let store = try openStorage(storage, mode: .create)
        let space = try SearchSpace([
            ParameterSpec(name: "i", distribution: .int(try IntDistribution(low: 0, high: budget + 49)))
        ])
        let options = WorkerOptions(workerID: workerID, heartbeatInterval: 5, gracePeriod: 60)
        let study = try Study(
            name: study, direction: .minimize, storage: store, sampler: try GridSampler(space: space),
            workerOptions: options)
        try study.optimize(trials: budget) { trial in Double(try trial.suggestInt("i", in: 0...(budget + 49))) }
    }
}
