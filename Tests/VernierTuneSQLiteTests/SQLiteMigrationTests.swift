import CSQLite
import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTuneSQLite

/// Databases of earlier schema versions read as they are and are migrated to the current version on open, keeping
/// their trials (the checks shared with PostgreSQL).
@Suite struct SQLiteMigrationTests {
    @Test(arguments: SchemaMigrationChecks.allCases)
    func migrates(_ check: SchemaMigrationChecks) throws {
        let path = temporaryDatabasePath("old.db")
        try check.run(
            on: SchemaMigrationChecks.Database(
                open: { try SQLiteStorage(path: path) },
                openReadOnly: { try SQLiteStorage(path: path, mode: .readOnly) },
                runSQL: { sql in
                    var handle: OpaquePointer?
                    defer { sqlite3_close(handle) }
                    guard sqlite3_open(path, &handle) == SQLITE_OK else { throw SQLiteScriptError(path: path) }
                    guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
                        throw SQLiteScriptError(path: path, message: String(cString: sqlite3_errmsg(handle)))
                    }
                },
                schemaVersion: { try ($0 as! SQLiteStorage).schemaVersion() },
                supportedVersion: SQLiteStorage.supportedSchemaVersion))
    }
}

/// A script of a migration test failed on the database file.
struct SQLiteScriptError: Error {
    var path: String
    var message = "cannot open"
}
