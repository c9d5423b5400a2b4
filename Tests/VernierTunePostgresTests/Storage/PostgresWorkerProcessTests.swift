import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTunePostgres

/// Worker processes on PostgreSQL (the throw-away server of the tests): a worker killed with SIGKILL mid-trial,
/// and the grid with several workers.
@Suite(
    .serialized,
    .enabled(if: TemporaryPostgresServer.isAvailable, "PostgreSQL server binaries not found: skipped"),
    .enabled(if: WorkerProcesses.binary != nil, "the vernier binary was not found next to the test bundle"))
struct PostgresWorkerProcessTests {
    @Test func killedWorkerTrialFailsIsRequeuedAndTheStudyReachesItsBudget() throws {
        let url = try freshDatabaseURL()
        try WorkerProcesses.killedWorkerScenario(storageURL: url) { try PostgresStorage(url: url) }
    }

    @Test func aWorkerStoppedBySIGTERMMarksItsRunningTrialInterrupted() throws {
        let url = try freshDatabaseURL()
        try WorkerProcesses.interruptedWorkerScenario(storageURL: url, signal: SIGTERM) {
            try PostgresStorage(url: url)
        }
    }

    @Test func gridWithFourWorkersRunsEveryPointOnceWithWorkerIDs() throws {
        let url = try freshDatabaseURL()
        try WorkerProcesses.gridWithWorkers(storageURL: url, workers: 4) { try PostgresStorage(url: url) }
    }
}
