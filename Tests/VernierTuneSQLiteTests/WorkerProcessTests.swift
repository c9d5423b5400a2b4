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

    @Test func killedWorkerTrialFailsIsRequeuedAndTheStudyReachesItsBudget() throws {
        let path = try databasePath()
        try WorkerProcesses.killedWorkerScenario(storageURL: "sqlite:\(path)") { try SQLiteStorage(path: path) }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aWorkerStoppedByASignalMarksItsRunningTrialInterrupted(signal: Int32) throws {
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
