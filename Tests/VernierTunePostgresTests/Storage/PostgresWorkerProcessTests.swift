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
    @Test func aKilledWorkersTrialReturnsToWaitingAndTheStudyReachesItsBudget() throws {
        let url = try freshDatabaseURL()
        try WorkerProcesses.killedWorkerScenario(storageURL: url) { try PostgresStorage(url: url) }
    }

    @Test func aWorkerStoppedBySIGTERMReturnsItsTrialToWaiting() throws {
        let url = try freshDatabaseURL()
        try WorkerProcesses.interruptedWorkerScenario(storageURL: url, signal: SIGTERM) {
            try PostgresStorage(url: url)
        }
    }

    @Test func gridWithFourWorkersRunsEveryPointOnceWithWorkerIDs() throws {
        let url = try freshDatabaseURL()
        try WorkerProcesses.gridWithWorkers(storageURL: url, workers: 4) { try PostgresStorage(url: url) }
    }

    @Test func aKilledWorkerHoldingAFusedBatchLosesNothing() throws {
        let url = try freshDatabaseURL()
        try WorkerFaultScenarios.killedBatchWorker(storageURL: url) { try PostgresStorage(url: url) }
    }

    @Test func workersDieWithAKilledMainProcessAndTheRerunCompletes() throws {
        let url = try freshDatabaseURL()
        try WorkerFaultScenarios.killedMainProcess(storageURL: url) { try PostgresStorage(url: url) }
    }

    @Test func aRerunAfterEveryProcessWasKilledCompletesTheBudget() throws {
        let url = try freshDatabaseURL()
        try WorkerFaultScenarios.killedMainAndWorkers(storageURL: url) { try PostgresStorage(url: url) }
    }

    @Test func ctrlCThenRerunCompletesTheBudget() throws {
        let url = try freshDatabaseURL()
        try WorkerFaultScenarios.interruptedWorkersAndRerun(storageURL: url) { try PostgresStorage(url: url) }
    }

    @Test func aGridWithAKilledWorkerRunsEveryPointOnce() throws {
        let url = try freshDatabaseURL()
        try WorkerFaultScenarios.gridWithKilledWorker(storageURL: url) { try PostgresStorage(url: url) }
    }
}
