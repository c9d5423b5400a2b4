import Foundation
import Testing
import VernierTune

/// The migration checks of the SQL backends, written once: each writes a database with the current schema, turns
/// it back into what an earlier version wrote (``SchemaDowngrade``), reads it as it is through a read-only open,
/// then opens it for writing (which migrates it) and checks that its trials, directions, values and release counts
/// survived and that it takes new writes.
///
/// ```swift
/// @Test(arguments: SchemaMigrationChecks.allCases)
/// func migrates(_ check: SchemaMigrationChecks) throws {
///     try check.run(on: SchemaMigrationChecks.Database(open: …, openReadOnly: …, runSQL: …, schemaVersion: …))
/// }
/// ```
public enum SchemaMigrationChecks: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// Version 1 (no heartbeats): a trial claimed after the migration is released when stale.
    case versionOne
    /// Version 2 (release counts only in attributes): released trials keep their count, so only the claim of the
    /// next run finishes them.
    case versionTwo
    /// Version 3 (one direction and value in columns): the direction and value become objective 0, and the
    /// migrated database takes vectors and constraints.
    case versionThree
    /// Version 4 (every value in `trial_values`): one- and two-objective values and constraints read the same
    /// before and after the migration.
    case versionFour

    /// One database of a backend: each call of `open` or `openReadOnly` is a new connection to the same data.
    public struct Database {
        /// Opens the database for writing (creating or migrating it).
        public var open: () throws -> any Storage
        /// Opens the database read-only (checking its version, never migrating it).
        public var openReadOnly: () throws -> any Storage
        /// Runs SQL (several statements) on the database outside any storage.
        public var runSQL: (String) throws -> Void
        /// The schema version a storage of this backend reports.
        public var schemaVersion: (any Storage) throws -> Int
        /// The newest version the backend writes.
        public var supportedVersion: Int

        /// A database.
        public init(
            open: @escaping () throws -> any Storage, openReadOnly: @escaping () throws -> any Storage,
            runSQL: @escaping (String) throws -> Void, schemaVersion: @escaping (any Storage) throws -> Int,
            supportedVersion: Int
        ) {
            self.open = open
            self.openReadOnly = openReadOnly
            self.runSQL = runSQL
            self.schemaVersion = schemaVersion
            self.supportedVersion = supportedVersion
        }
    }

    /// The check's name in test output.
    public var testDescription: String { rawValue }

    /// Runs the check on a fresh, empty `database`.
    public func run(on database: Database) throws {
        switch self {
        case .versionOne: try Self.versionOne(database)
        case .versionTwo: try Self.versionTwo(database)
        case .versionThree: try Self.versionThree(database)
        case .versionFour: try Self.versionFour(database)
        }
    }

    private static func versionOne(_ database: Database) throws {
        do {
            let storage = try database.open()
            let study = try storage.createStudy(name: "old", direction: .minimize)
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 1, failReason: nil)
        }
        try database.runSQL(
            SchemaDowngrade.toVersionThree
                + "ALTER TABLE trials DROP COLUMN heartbeat; ALTER TABLE trials DROP COLUMN release_count; "
                + "UPDATE schema_version SET version = 1")
        let storage = try database.open()
        #expect(try database.schemaVersion(storage) == database.supportedVersion)
        let study = try storage.requireStudy(named: "old")
        #expect(try storage.trials(studyID: study.id, states: [.complete]).map(\.values) == [[1]])
        let running = try #require(
            try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.recordHeartbeat(trialID: running.trialID)
        Thread.sleep(forTimeInterval: 0.3)
        let released = try storage.releaseStaleTrials(studyID: study.id, gracePeriod: 0.2)
        #expect(released.map(\.trialID) == [running.trialID])
    }

    private static func versionTwo(_ database: Database) throws {
        let releasedID: Int64
        do {
            let storage = try database.open()
            let study = try storage.createStudy(name: "old", direction: .minimize)
            for _ in 0..<2 {
                let trial = try #require(
                    try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
                _ = try storage.releaseTrials(trialIDs: [trial.trialID], reason: "interrupted (SIGINT)")
            }
            releasedID = try #require(try storage.trials(studyID: study.id, states: [.waiting]).first).trialID
        }
        try database.runSQL(
            SchemaDowngrade.toVersionThree
                + "ALTER TABLE trials DROP COLUMN release_count; UPDATE schema_version SET version = 2")
        let reader = try database.openReadOnly()
        #expect(try database.schemaVersion(reader) == 2)
        #expect(try reader.trial(id: releasedID).systemAttributes[TrialRelease.countKey] == .int(2))
        let storage = try database.open()
        #expect(try database.schemaVersion(storage) == database.supportedVersion)
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

    private static func versionThree(_ database: Database) throws {
        let trialID: Int64
        do {
            let storage = try database.open()
            let study = try storage.createStudy(name: "old", direction: .maximize)
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
            try storage.finishTrial(trialID: trial.trialID, state: .complete, value: 0.5, failReason: nil)
            trialID = trial.trialID
        }
        try database.runSQL(SchemaDowngrade.toVersionThree)
        let reader = try database.openReadOnly()
        #expect(try database.schemaVersion(reader) == 3)
        #expect(try reader.requireStudy(named: "old").directions == [.maximize])
        #expect(try reader.trial(id: trialID).values == [0.5])
        #expect(try reader.trial(id: trialID).constraints == nil)
        let storage = try database.open()
        #expect(try database.schemaVersion(storage) == database.supportedVersion)
        #expect(try storage.requireStudy(named: "old").directions == [.maximize])
        #expect(try storage.trial(id: trialID).values == [0.5])
        let pair = try storage.createStudy(name: "pair", directions: [.maximize, .minimize])
        let trial = try #require(try storage.claimTrial(studyID: pair.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.finishTrial(
            trialID: trial.trialID, state: .complete, values: [0.9, 300], constraints: [-1], failReason: nil,
            claim: nil)
        #expect(try storage.trial(id: trial.trialID).values == [0.9, 300])
        #expect(try storage.trial(id: trial.trialID).constraints == [-1])
    }

    private static func versionFour(_ database: Database) throws {
        var expected: [Int64: (values: [Double]?, constraints: [Double]?)] = [:]
        do {
            let storage = try database.open()
            let one = try storage.createStudy(name: "one", direction: .minimize)
            let pair = try storage.createStudy(name: "pair", directions: [.maximize, .minimize, .minimize])
            let finishes: [(StudyRecord, TrialState, [Double]?, [Double]?)] = [
                (one, .complete, [0.25], nil), (one, .complete, [-3], [0.5, -1]), (one, .failed, nil, nil),
                (pair, .complete, [0.9, 300, 7], nil), (pair, .complete, [0.8, 200, 5], [2]),
            ]
            for (study, state, values, constraints) in finishes {
                let trial = try #require(
                    try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
                try storage.finishTrial(
                    trialID: trial.trialID, state: state, values: values, constraints: constraints,
                    failReason: state == .failed ? "x" : nil, claim: nil)
                expected[trial.trialID] = (values, constraints)
            }
        }
        try database.runSQL(SchemaDowngrade.toVersionFour)
        let reader = try database.openReadOnly()
        #expect(try database.schemaVersion(reader) == 4)
        let storage = try database.open()
        #expect(try database.schemaVersion(storage) == database.supportedVersion)
        for view in [reader, storage] {
            #expect(try view.requireStudy(named: "pair").directions == [.maximize, .minimize, .minimize])
            for (trialID, stored) in expected {
                let trial = try view.trial(id: trialID)
                #expect(trial.values == stored.values, "trial \(trialID)")
                #expect(trial.constraints == stored.constraints, "trial \(trialID)")
            }
        }
        let pair = try storage.requireStudy(named: "pair")
        let trial = try #require(try storage.claimTrial(studyID: pair.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.finishTrial(
            trialID: trial.trialID, state: .complete, values: [1, 2, 3], constraints: nil, failReason: nil, claim: nil)
        #expect(try storage.trial(id: trial.trialID).values == [1, 2, 3])
    }
}
