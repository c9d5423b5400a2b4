import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTunePostgres

/// A read-only session (what `vernier studies`, `report` and `dashboard` open) never creates the schema and
/// refuses writes.
@Suite(.enabled(if: TemporaryPostgresServer.isAvailable, "PostgreSQL server binaries not found: skipped"))
struct PostgresReadOnlyTests {
    func tableCount(_ url: String) throws -> String {
        try TemporaryPostgresServer.shared().runSQL(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
            database: databaseName(url)
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anEmptyDatabaseIsNamedAndLeftEmpty() throws {
        let url = try freshDatabaseURL()
        let error = try #require(throws: StorageError.self) { _ = try PostgresStorage(url: url, readOnly: true) }
        #expect(error.description.contains("no Vernier studies in"), "\(error)")
        #expect(try tableCount(url) == "0")
    }

    @Test func aReadOnlySessionReadsButRefusesWrites() throws {
        let url = try freshDatabaseURL()
        do {
            let study = try Study(name: "kept", direction: .minimize, storage: try PostgresStorage(url: url))
            try study.optimize(trials: 3) { trial in try trial.suggestFloat("x", in: 0...1) }
        }
        let storage = try PostgresStorage(url: url, readOnly: true)
        #expect(try storage.allStudies().map(\.name) == ["kept"])
        #expect(try Study.load(name: "kept", storage: storage).trials().count == 3)
        #expect(throws: (any Error).self) { _ = try storage.createStudy(name: "new", direction: .minimize) }
        #expect(try PostgresStorage(url: url).allStudies().map(\.name) == ["kept"])
    }
}
