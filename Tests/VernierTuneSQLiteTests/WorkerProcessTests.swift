import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTuneSQLite

/// Worker processes on one SQLite file: a worker killed with SIGKILL mid-trial, the grid with several workers,
/// and the error for `memory:` with `--workers`. These run the `vernier` binary built next to the tests.
@Suite(
    .serialized,
    .enabled(if: WorkerProcesses.binary != nil, "the vernier binary was not found next to the test bundle"))
struct WorkerProcessTests {
    func databasePath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-workers-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("study.db").path
    }

    @Test func aKilledWorkersTrialReturnsToWaitingAndTheStudyReachesItsBudget() throws {
        let path = try databasePath()
        try WorkerProcesses.killedWorkerScenario(storageURL: "sqlite:\(path)") { try SQLiteStorage(path: path) }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aWorkerStoppedByASignalReturnsItsTrialToWaiting(signal: Int32) throws {
        let path = try databasePath()
        try WorkerProcesses.interruptedWorkerScenario(storageURL: "sqlite:\(path)", signal: signal) {
            try SQLiteStorage(path: path)
        }
    }

    @Test func gridWithThreeWorkersRunsEveryPointOnceWithWorkerIDs() throws {
        let path = try databasePath()
        try WorkerProcesses.gridWithWorkers(storageURL: "sqlite:\(path)", workers: 3) {
            try SQLiteStorage(path: path)
        }
    }

    @Test func workersNeedASharedStorage() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-memory-\(UUID()).log")
        let result = try WorkerProcesses.run(
            ["tune", "sphere", "--storage", "memory:", "--workers", "2", "--trials", "4"], log: log)
        #expect(result.status != 0)
        #expect(result.output.contains("memory: lives in one process"), "\(result.output)")
        let missing = try WorkerProcesses.run(
            ["worker", "--study", "nope", "--storage", "sqlite:\(try databasePath())"], log: log)
        #expect(missing.status != 0)
        #expect(missing.output.contains("no study named 'nope'"), "\(missing.output)")
    }
}

/// The fault scenarios of `vernier tune --workers` on one SQLite file (``WorkerFaultScenarios``).
@Suite(
    .serialized,
    .enabled(if: WorkerProcesses.binary != nil, "the vernier binary was not found next to the test bundle"))
struct WorkerFaultSQLiteTests {
    func url() throws -> (url: String, open: () throws -> any Storage) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-faults-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("study.db").path
        return ("sqlite:\(path)", { try SQLiteStorage(path: path) })
    }

    @Test func aKilledWorkerHoldingAFusedBatchLosesNothing() throws {
        let (url, open) = try url()
        try WorkerFaultScenarios.killedBatchWorker(storageURL: url, open: open)
    }

    @Test func workersDieWithAKilledMainProcessAndTheRerunCompletes() throws {
        let (url, open) = try url()
        try WorkerFaultScenarios.killedMainProcess(storageURL: url, open: open)
    }

    @Test func aRerunAfterEveryProcessWasKilledCompletesTheBudget() throws {
        let (url, open) = try url()
        try WorkerFaultScenarios.killedMainAndWorkers(storageURL: url, open: open)
    }

    @Test func ctrlCThenRerunCompletesTheBudget() throws {
        let (url, open) = try url()
        try WorkerFaultScenarios.interruptedWorkersAndRerun(storageURL: url, open: open)
    }

    @Test func aGridWithAKilledWorkerRunsEveryPointOnce() throws {
        let (url, open) = try url()
        try WorkerFaultScenarios.gridWithKilledWorker(storageURL: url, open: open)
    }
}
