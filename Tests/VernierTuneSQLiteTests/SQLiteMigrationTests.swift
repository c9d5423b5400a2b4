import CSQLite
import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTuneSQLite

/// Databases of earlier schema versions are migrated to the current version on open and keep their trials.
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
            handle,
            SchemaDowngrade.toVersionThree
                + "ALTER TABLE trials DROP COLUMN heartbeat; ALTER TABLE trials DROP COLUMN release_count; "
                + "UPDATE schema_version SET version = 1", nil, nil, nil)
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

    /// A version-2 database (before `release_count` had a column) reads as it is, and once migrated its released
    /// trials keep their release count, so the claim of the next run finishes them.
    @Test func versionTwoDatabaseKeepsReleaseCounts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-migrate-\(UUID())")
        let path = folder.appendingPathComponent("v2.db").path
        let releasedID: Int64
        do {
            let storage = try SQLiteStorage(path: path)
            let study = try storage.createStudy(name: "old", direction: .minimize)
            for _ in 0..<2 {
                let trial = try #require(
                    try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
                _ = try storage.releaseTrials(trialIDs: [trial.trialID], reason: "interrupted (SIGINT)")
            }
            releasedID = try #require(try storage.trials(studyID: study.id, states: [.waiting]).first).trialID
        }
        // Turn it back into a version-2 database, as the previous Vernier wrote it.
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        let code = sqlite3_exec(
            handle,
            SchemaDowngrade.toVersionThree
                + "ALTER TABLE trials DROP COLUMN release_count; UPDATE schema_version SET version = 2", nil, nil, nil)
        #expect(code == SQLITE_OK)
        sqlite3_close(handle)
        let reader = try SQLiteStorage(path: path, mode: .readOnly)
        #expect(try reader.schemaVersion() == 2)
        #expect(try reader.trial(id: releasedID).systemAttributes[TrialRelease.countKey] == .int(2))
        let storage = try SQLiteStorage(path: path)
        #expect(try storage.schemaVersion() == SQLiteStorage.supportedSchemaVersion)
        let study = try storage.requireStudy(named: "old")
        let claimed = try #require(
            try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: false))
        #expect(claimed.trialID == releasedID)
        #expect(throws: StorageError.trialNoLongerHeld(trialID: releasedID)) {
            try storage.finishTrial(
                trialID: releasedID, state: .complete, value: 1, failReason: nil, claim: TrialClaim(releaseCount: 0))
        }
        try storage.finishTrial(
            trialID: releasedID, state: .complete, value: 1, failReason: nil, claim: TrialClaim(of: claimed))
        #expect(try storage.trial(id: releasedID).state == .complete)
    }

    /// A version-3 database (one direction and value per study and trial, in columns) reads as it is through a
    /// read-only open, and once migrated keeps its direction and values as objective 0 and takes vectors.
    @Test func versionThreeDatabaseGainsObjectivesAndConstraints() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-migrate-\(UUID())")
        let path = folder.appendingPathComponent("v3.db").path
        let trialID: Int64
        do {
            let storage = try SQLiteStorage(path: path)
            let study = try storage.createStudy(name: "old", direction: .maximize)
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 0.5, failReason: nil)
            trialID = trial.trialID
        }
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        #expect(sqlite3_exec(handle, SchemaDowngrade.toVersionThree, nil, nil, nil) == SQLITE_OK)
        sqlite3_close(handle)
        let reader = try SQLiteStorage(path: path, mode: .readOnly)
        #expect(try reader.schemaVersion() == 3)
        #expect(try reader.requireStudy(named: "old").directions == [.maximize])
        #expect(try reader.trial(id: trialID).values == [0.5])
        #expect(try reader.trial(id: trialID).constraints == nil)
        let storage = try SQLiteStorage(path: path)
        #expect(try storage.schemaVersion() == SQLiteStorage.supportedSchemaVersion)
        #expect(try storage.requireStudy(named: "old").directions == [.maximize])
        #expect(try storage.trial(id: trialID).values == [0.5])
        let pair = try storage.createStudy(name: "pair", directions: [.maximize, .minimize])
        let trial = try #require(try storage.claimTrial(studyID: pair.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.finishTrial(
            trialID: trial.trialID, state: .complete, values: [0.9, 300], constraints: [-1], failReason: nil,
            claim: nil)
        #expect(try storage.trial(id: trial.trialID).values == [0.9, 300])
    }
}
