import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTunePostgres

/// Databases of earlier schema versions are migrated to the current version on open and keep their trials.
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
            SchemaDowngrade.toVersionThree
                + "ALTER TABLE trials DROP COLUMN heartbeat; ALTER TABLE trials DROP COLUMN release_count; "
                + "UPDATE schema_version SET version = 1",
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

    /// A version-2 database (before `release_count` had a column), once migrated, keeps the release count of its
    /// released trials, so the claim of the next run finishes them.
    @Test func versionTwoDatabaseKeepsReleaseCounts() throws {
        let url = try freshDatabaseURL()
        let releasedID: Int64
        do {
            let storage = try PostgresStorage(url: url)
            let study = try storage.createStudy(name: "old", direction: .minimize)
            for _ in 0..<2 {
                let trial = try #require(
                    try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
                _ = try storage.releaseTrials(trialIDs: [trial.trialID], reason: "interrupted (SIGINT)")
            }
            releasedID = try #require(try storage.trials(studyID: study.id, states: [.waiting]).first).trialID
        }
        // Turn it back into a version-2 database, as the previous Vernier wrote it.
        _ = try TemporaryPostgresServer.shared().runSQL(
            SchemaDowngrade.toVersionThree
                + "ALTER TABLE trials DROP COLUMN release_count; UPDATE schema_version SET version = 2",
            database: databaseName(url))
        let storage = try PostgresStorage(url: url)
        #expect(try storage.schemaVersion() == PostgresStorage.supportedSchemaVersion)
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

    /// A version-3 database reads as it is through a read-only session, and once migrated keeps its direction and
    /// value as objective 0 and takes vectors.
    @Test func versionThreeDatabaseGainsObjectivesAndConstraints() throws {
        let url = try freshDatabaseURL()
        let trialID: Int64
        do {
            let storage = try PostgresStorage(url: url)
            let study = try storage.createStudy(name: "old", direction: .maximize)
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 0.5, failReason: nil)
            trialID = trial.trialID
        }
        _ = try TemporaryPostgresServer.shared().runSQL(SchemaDowngrade.toVersionThree, database: databaseName(url))
        let reader = try PostgresStorage(url: url, readOnly: true)
        #expect(try reader.schemaVersion() == 3)
        #expect(try reader.requireStudy(named: "old").directions == [.maximize])
        #expect(try reader.trial(id: trialID).values == [0.5])
        let storage = try PostgresStorage(url: url)
        #expect(try storage.schemaVersion() == PostgresStorage.supportedSchemaVersion)
        #expect(try storage.trial(id: trialID).values == [0.5])
        let pair = try storage.createStudy(name: "pair", directions: [.maximize, .minimize])
        let trial = try #require(try storage.claimTrial(studyID: pair.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.finishTrial(
            trialID: trial.trialID, state: .complete, values: [0.9, 300], constraints: [-1], failReason: nil,
            claim: nil)
        #expect(try storage.trial(id: trial.trialID).constraints == [-1])
    }
}
