import Foundation
import Testing
import VernierTune
import VernierTuneSQL

@testable import VernierTuneSQLite

/// A connection that counts the round trips a server connection would make for what `SQLStorage` asks of it:
/// one per statement, per batch (`queries`, a batch transaction) and per begin and commit of a transaction.
final class RoundTripCounter: SQLConnection {
    let inner: SQLiteConnection
    private(set) var roundTrips = 0

    init(_ inner: SQLiteConnection) { self.inner = inner }

    func execute(_ sql: String) throws {
        roundTrips += 1
        try inner.execute(sql)
    }

    func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        roundTrips += 1
        return try inner.query(sql, bindings)
    }

    func change(_ sql: String, _ bindings: [SQLValue]) throws -> Int {
        roundTrips += 1
        return try inner.change(sql, bindings)
    }

    func insert(_ sql: String, _ bindings: [SQLValue]) throws -> Int64? {
        roundTrips += 1
        return try inner.insert(sql, bindings)
    }

    func queries(_ statements: [SQLStatement]) throws -> [[SQLRow]] {
        roundTrips += 1
        return try inner.queries(statements)
    }

    func transaction<T>(_ kind: SQLTransactionKind, _ body: () throws -> T) throws -> T {
        roundTrips += 2
        return try inner.transaction(kind, body)
    }

    func transaction(_ kind: SQLTransactionKind, batch statements: [SQLStatement]) throws -> [SQLResult] {
        roundTrips += 1
        return try inner.transaction(kind, batch: statements)
    }
}

/// What a trial costs in round trips to a server: the storage's statements per trial, counted on SQLite.
@Suite struct RoundTripTests {
    @Test func aOneObjectiveTrialIsSevenRoundTrips() throws {
        let path = temporaryDatabasePath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let connection = RoundTripCounter(try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000))
        let storage = SQLStorage(connection: connection, dialect: .sqlite, url: "counted")
        try storage.migrate()
        let study = try storage.createStudy(name: "count", direction: .minimize)
        let x = Distribution.float(try FloatDistribution(low: -10, high: 10))
        let y = Distribution.int(try IntDistribution(low: -10, high: 10))
        func runTrial(_ index: Int) throws {
            let trial = try #require(
                try storage.claimTrial(studyID: study.id, maxTrials: 100, createIfNoneWaiting: true))
            try storage.setTrialParameter(trialID: trial.trialID, name: "x", internalValue: 0.5, distribution: x)
            try storage.setTrialParameter(trialID: trial.trialID, name: "y", internalValue: 3, distribution: y)
            try storage.finishTrial(
                trialID: trial.trialID, state: .complete, values: [Double(index)], constraints: nil, failReason: nil,
                claim: TrialClaim(of: trial))
        }
        try runTrial(0)  // the first trial also checks and stores the study's distributions
        let before = connection.roundTrips
        for index in 1...10 { try runTrial(index) }
        // Claim: begin, the lock with its reads, the insert, commit (4); each parameter one conditional statement
        // in a batch transaction (2); finishing one conditional update (1).
        #expect(connection.roundTrips - before == 10 * 7)
        let trials = try storage.trials(studyID: study.id, states: [.complete])
        #expect(trials.map(\.values) == (0...10).map { [Double($0)] })
        #expect(trials.allSatisfy { $0.parameters == ["x": 0.5, "y": 3] })
    }

    @Test func finishingWithSeveralValuesAndConstraintsKeepsThemInOrder() throws {
        let storage = try SQLiteStorage(path: temporaryDatabasePath())
        let study = try storage.createStudy(name: "vectors", directions: [.minimize, .maximize, .minimize])
        let trial = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.finishTrial(
            trialID: trial.trialID, state: .complete, values: [3, 1, 2], constraints: [0.5, -1, 0], failReason: nil,
            claim: TrialClaim(of: trial))
        let stored = try storage.trial(id: trial.trialID)
        #expect(stored.values == [3, 1, 2])
        #expect(stored.constraints == [0.5, -1, 0])
        #expect(throws: StorageError.trialFinished(trialID: trial.trialID)) {
            try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 0, value: 1)
        }
        #expect(throws: StorageError.trialFinished(trialID: trial.trialID)) {
            try storage.setTrialAttribute(trialID: trial.trialID, key: "k", value: .int(1), kind: .user)
        }
        #expect(throws: StorageError.trialNotFound(trialID: 999)) {
            try storage.setTrialIntermediateValue(trialID: 999, step: 0, value: 1)
        }
    }

    /// A parameter whose distribution this connection already checked is one conditional statement; it still
    /// refuses a trial another connection finished meanwhile, and writes nothing to it.
    @Test func aKnownParameterOfATrialFinishedElsewhereIsRefused() throws {
        let path = temporaryDatabasePath()
        let storage = try SQLiteStorage(path: path)
        let other = try SQLiteStorage(path: path)
        let study = try storage.createStudy(name: "elsewhere", direction: .minimize)
        let distribution = Distribution.float(try FloatDistribution(low: 0, high: 2))
        let trial = try #require(try storage.claimTrial(studyID: study.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.setTrialParameter(trialID: trial.trialID, name: "x", internalValue: 1, distribution: distribution)
        try other.finishTrial(trialID: trial.trialID, state: .complete, value: 1, failReason: nil)
        #expect(throws: StorageError.trialFinished(trialID: trial.trialID)) {
            try storage.setTrialParameter(
                trialID: trial.trialID, name: "x", internalValue: 1.5, distribution: distribution)
        }
        #expect(try other.trial(id: trial.trialID).parameters == ["x": 1])
    }
}
