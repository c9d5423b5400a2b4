import CSQLite
import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTuneSQLite

/// A fresh database path in a temporary folder.
func temporaryDatabasePath(_ name: String = "study.db") -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-sqlite-\(UUID().uuidString)")
    return folder.appendingPathComponent(name).path
}

@Suite struct SQLiteStorageTests {
    @Test func conformsToTheStorageContractAcrossConnections() throws {
        try StorageConformance.run(
            makeStorage: { try SQLiteStorage(path: temporaryDatabasePath()) },
            reopen: { try SQLiteStorage(path: ($0 as! SQLiteStorage).path) })
    }

    @Test func createsTheFolderAndRecordsTheSchemaVersion() throws {
        let path = temporaryDatabasePath("nested/deeper/v.db")
        let storage = try SQLiteStorage(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try storage.schemaVersion() == SQLiteStorage.supportedSchemaVersion)
        #expect(storage.url == "sqlite:\(path)")
        // Reopening an up-to-date database does not migrate again.
        #expect(try SQLiteStorage(path: path).schemaVersion() == SQLiteStorage.supportedSchemaVersion)
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let path = temporaryDatabasePath()
        _ = try SQLiteStorage(path: path)
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        #expect(sqlite3_exec(handle, "UPDATE schema_version SET version = 99", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(handle)
        #expect(throws: StorageError.schemaTooNew(found: 99, supported: SQLiteStorage.supportedSchemaVersion)) {
            _ = try SQLiteStorage(path: path)
        }
    }

    @Test func aStudyResumesFromTheFile() throws {
        let path = temporaryDatabasePath()
        let first = try Study(name: "resume", direction: .minimize, storage: try SQLiteStorage(path: path))
        try first.optimize(trials: 5) { trial in
            try trial.report(1, step: 0)
            return try TestFunction.sphere.objective(trial)
        }
        let second = try Study(name: "resume", direction: .minimize, storage: try SQLiteStorage(path: path))
        let summary = try second.optimize(trials: 8) { try TestFunction.sphere.objective($0) }
        #expect(summary.trialsRun == 3)
        let trials = try second.trials()
        #expect(trials.map(\.number) == Array(0..<8))
        #expect(trials[0].intermediateValues == [0: 1])
        #expect(
            trials[0].distributions
                == TestFunction.sphere.searchSpace.parameters.reduce(into: [:]) {
                    $0[$1.name] = $1.distribution
                })
    }

    @Test func gridPointsAreNeverRepeatedAcrossTwoConnections() throws {
        let path = temporaryDatabasePath()
        let space = try SearchSpace([
            ParameterSpec(name: "a", distribution: .int(try IntDistribution(low: 0, high: 9))),
            ParameterSpec(name: "b", distribution: .int(try IntDistribution(low: 0, high: 4))),
        ])
        try SamplerConformance.pointListExhaustion(
            space: space, expectedPoints: 50, storage: try SQLiteStorage(path: path)
        ) { try GridSampler(space: space) }
        // Two workers on one file, each with its own connection and Study, share the remaining grid.
        let path2 = temporaryDatabasePath()
        let counts = try [0, 1].map { _ in try SQLiteStorage(path: path2) }
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            let study = try! Study(
                name: "grid", direction: .minimize, storage: counts[worker], sampler: try! GridSampler(space: space))
            _ = try! study.optimize { trial in Double(try space.suggest(in: trial).count) }
        }
        let study = try Study(name: "grid", direction: .minimize, storage: counts[0])
        let points = try study.trials(states: [.complete]).map {
            "\($0.externalParameters["a"]!)-\($0.externalParameters["b"]!)"
        }
        #expect(points.count == 50)
        #expect(Set(points).count == 50)
    }

    @Test func openStorageFromURL() throws {
        #expect(try StorageURL(parsing: "memory:").openStorage() is InMemoryStorage)
        let path = temporaryDatabasePath()
        #expect(try StorageURL(parsing: "sqlite:\(path)").openStorage() is SQLiteStorage)
        do {
            _ = try StorageURL(parsing: "postgres://me@localhost/db").openStorage()
            Issue.record("postgres must not open yet")
        } catch let error as StorageError {
            #expect(error.description.contains("not available"))
        }
    }

    @Test func nanIntermediateValuesAndNullValuesRoundTrip() throws {
        let storage = try SQLiteStorage(path: temporaryDatabasePath())
        let study = try Study(name: "nan", direction: .minimize, storage: storage)
        try study.optimize(trials: 1) { trial in
            try trial.report(.nan, step: 2)
            return .nan
        }
        let trial = try study.trial(number: 0)
        #expect(trial.state == .failed)
        #expect(trial.value == nil)
        #expect(trial.intermediateValues[2]?.isNaN == true)
    }
}
