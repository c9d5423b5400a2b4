import Foundation
import Synchronization
import Testing
import VernierTestSupport
import VernierTune
import VernierTunePostgres

/// A fresh, empty database on the test process's throw-away server.
func freshDatabaseURL() throws -> String { try TemporaryPostgresServer.shared().createDatabase() }

/// The database name at the end of a URL.
func databaseName(_ url: String) -> String { String(url.split(separator: "/").last!) }

@Suite(
    .enabled(
        if: TemporaryPostgresServer.isAvailable,
        "PostgreSQL server binaries (initdb, pg_ctl) not found: PostgreSQL storage tests skipped; install the 'postgresql' package (make deps does)"
    ))
struct PostgresStorageTests {
    @Test func conformsToTheStorageContractAcrossConnections() throws {
        try StorageConformance.run(
            makeStorage: { try PostgresStorage(url: try freshDatabaseURL()) },
            reopen: { try PostgresStorage(url: $0.url) })
    }

    @Test func recordsTheSchemaVersionAndMigratesOnce() throws {
        let url = try freshDatabaseURL()
        let storage = try PostgresStorage(url: url)
        #expect(try storage.schemaVersion() == PostgresStorage.supportedSchemaVersion)
        #expect(storage.url == url)
        #expect(try PostgresStorage(url: url).schemaVersion() == PostgresStorage.supportedSchemaVersion)
        let rows = try TemporaryPostgresServer.shared().runSQL(
            "SELECT COUNT(*) FROM schema_version", database: databaseName(url))
        #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func severalProcessesCanOpenAFreshDatabaseAtOnce() throws {
        let url = try freshDatabaseURL()
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do { _ = try PostgresStorage(url: url) } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try PostgresStorage(url: url).schemaVersion() == PostgresStorage.supportedSchemaVersion)
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let url = try freshDatabaseURL()
        _ = try PostgresStorage(url: url)
        try TemporaryPostgresServer.shared().runSQL(
            "UPDATE schema_version SET version = 99", database: databaseName(url))
        #expect(throws: StorageError.schemaTooNew(found: 99, supported: PostgresStorage.supportedSchemaVersion)) {
            _ = try PostgresStorage(url: url)
        }
    }

    @Test func aStudyResumesFromTheServer() throws {
        let url = try freshDatabaseURL()
        let first = try Study(name: "resume", direction: .minimize, storage: try PostgresStorage(url: url))
        try first.optimize(trials: 5) { trial in
            try trial.report(1, step: 0)
            return try TestFunction.sphere.objective(trial)
        }
        let second = try Study(name: "resume", direction: .minimize, storage: try PostgresStorage(url: url))
        let summary = try second.optimize(trials: 8) { try TestFunction.sphere.objective($0) }
        #expect(summary.trialsRun == 3)
        let trials = try second.trials()
        #expect(trials.map(\.number) == Array(0..<8))
        #expect(trials[0].intermediateValues == [0: 1])
    }

    @Test func gridPointsAreNeverRepeatedAndTheBudgetHoldsAcrossConnections() throws {
        let url = try freshDatabaseURL()
        let space = try SearchSpace([
            ParameterSpec(name: "a", distribution: .int(try IntDistribution(low: 0, high: 9))),
            ParameterSpec(name: "b", distribution: .int(try IntDistribution(low: 0, high: 4))),
        ])
        // Four workers, each with its own connection and Study, share a 50-point grid under a budget of 40.
        let storages = try (0..<4).map { _ in try PostgresStorage(url: url) }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: storages.count) { worker in
            do {
                let study = try Study(
                    name: "grid", direction: .minimize, storage: storages[worker],
                    sampler: try GridSampler(space: space))
                _ = try study.optimize(trials: 40) { trial in Double(try space.suggest(in: trial).count) }
            } catch {
                failures.withLock { $0.append("worker \(worker): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let study = try Study(name: "grid", direction: .minimize, storage: storages[0])
        let points = try study.trials(states: [.complete]).map {
            "\($0.externalParameters["a"]!)-\($0.externalParameters["b"]!)"
        }
        #expect(points.count == 40)
        #expect(Set(points).count == 40)
        #expect(try study.trials(states: [.waiting]).count == 10)
        #expect(try study.trials().map(\.number) == Array(0..<50))
    }

    @Test func nanAndInfiniteValuesRoundTrip() throws {
        let storage = try PostgresStorage(url: try freshDatabaseURL())
        let record = try storage.createStudy(name: "values", direction: .minimize)
        let trial = try #require(try storage.claimTrial(studyID: record.id, maxTrials: nil, createIfNoneWaiting: true))
        try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 0, value: .nan)
        try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 1, value: -.infinity)
        try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 2, value: 0.1 + 0.2)
        try storage.setTrialIntermediateValue(trialID: trial.trialID, step: 3, value: 1e-300)
        try storage.setTrialAttribute(
            trialID: trial.trialID, key: "quote", value: "it's; DROP TABLE trials", kind: .user)
        let stored = try storage.trial(id: trial.trialID)
        #expect(stored.intermediateValues[0]?.isNaN == true)
        #expect(stored.intermediateValues[1] == -.infinity)
        #expect(stored.intermediateValues[2] == 0.1 + 0.2)
        #expect(stored.intermediateValues[3] == 1e-300)
        #expect(stored.userAttributes["quote"] == "it's; DROP TABLE trials")
    }
}
