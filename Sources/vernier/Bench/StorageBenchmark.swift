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
        return records
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
