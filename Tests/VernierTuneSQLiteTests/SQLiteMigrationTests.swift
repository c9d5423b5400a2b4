import CSQLite
import Foundation
import Testing
import VernierTune
import VernierTuneSQLite

/// A database of schema version 1 (before heartbeats) is migrated to the current version on open and keeps its
/// trials.
@Suite struct SQLiteMigrationTests {
    @Test func versionOneDatabaseGainsHeartbeats() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-migrate-\(UUID())")
        let path = folder.appendingPathComponent("old.db").path
        do {
            let storage = try SQLiteStorage(path: path)
            let study = try storage.createStudy(name: "old", direction: .minimize)
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 1, failReason: nil)
        }
        // Turn it back into a version-1 database, as an older Vernier wrote it.
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        let code = sqlite3_exec(
            handle, "ALTER TABLE trials DROP COLUMN heartbeat; UPDATE schema_version SET version = 1", nil, nil, nil)
        #expect(code == SQLITE_OK)
        sqlite3_close(handle)
        let storage = try SQLiteStorage(path: path)
        #expect(try storage.schemaVersion() == SQLiteStorage.supportedSchemaVersion)
        let study = try storage.requireStudy(named: "old")
        #expect(try storage.trials(studyID: study.id, states: [.complete]).count == 1)
        let running = try #require(
            try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        Thread.sleep(forTimeInterval: 0.3)
        let released = try storage.releaseStaleTrials(studyID: study.id, gracePeriod: 0.2)
        #expect(released.map(\.trialID) == [running.trialID])
    }
}
