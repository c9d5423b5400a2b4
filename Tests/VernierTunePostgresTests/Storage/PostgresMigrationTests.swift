import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTunePostgres

/// Databases of earlier schema versions read as they are and are migrated to the current version on open, keeping
/// their trials (the checks shared with SQLite).
@Suite(.enabled(if: TemporaryPostgresServer.isAvailable, "PostgreSQL server binaries not found: skipped"))
struct PostgresMigrationTests {
    @Test(arguments: SchemaMigrationChecks.allCases)
    func migrates(_ check: SchemaMigrationChecks) throws {
        let url = try freshDatabaseURL()
        try check.run(
            on: SchemaMigrationChecks.Database(
                open: { try PostgresStorage(url: url) },
                openReadOnly: { try PostgresStorage(url: url, readOnly: true) },
                runSQL: { sql in _ = try TemporaryPostgresServer.shared().runSQL(sql, database: databaseName(url)) },
                schemaVersion: { try ($0 as! PostgresStorage).schemaVersion() },
                supportedVersion: PostgresStorage.supportedSchemaVersion))
    }
}
