import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTunePostgres

/// A database of schema version 1 (before heartbeats) is migrated to the current version on open and keeps its
/// trials.
@Suite(.enabled(if: TemporaryPostgresServer.isAvailable, "PostgreSQL server binaries not found: skipped"))
struct PostgresMigrationTests {
    @Test func versionOneDatabaseGainsHeartbeats() throws {
        let url = try freshDatabaseURL()
        do {
            let storage = try PostgresStorage(url: url)
            let study = try storage.createStudy(name: "old", direction: .minimize)
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 1, failReason: nil)
        }
        // Turn it back into a version-1 database, as an older Vernier wrote it.
        _ = try TemporaryPostgresServer.shared().runSQL(
            "ALTER TABLE trials DROP COLUMN heartbeat; UPDATE schema_version SET version = 1",
            database: databaseName(url))
        let storage = try PostgresStorage(url: url)
        #expect(try storage.schemaVersion() == PostgresStorage.supportedSchemaVersion)
        let study = try storage.requireStudy(named: "old")
        #expect(try storage.trials(studyID: study.id, states: [.complete]).count == 1)
        let running = try #require(
            try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.recordHeartbeat(trialID: running.trialID)
        Thread.sleep(forTimeInterval: 0.3)
        let released = try storage.releaseStaleTrials(studyID: study.id, gracePeriod: 0.2)
        #expect(released.map(\.trialID) == [running.trialID])
    }
}
