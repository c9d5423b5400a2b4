import CSQLite
import Foundation

/// A value bound to a `?` placeholder or read from a column.
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    var int64: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var double: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    var string: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// One SQLite connection with a cache of prepared statements. Not thread-safe: ``SQLiteStorage`` guards it
/// with a mutex. Every statement is parameterized; SQL text is never built from values.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    let path: String

    init(path: String, busyTimeoutMilliseconds: Int32, mode: SQLiteOpenMode = .create) throws {
        self.path = path
        let access: Int32
        switch mode {
        case .create, .createFile: access = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .existing: access = SQLITE_OPEN_READWRITE
        case .readOnly:
            access = mode.readsThroughWritableConnection(path) ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY
        }
        let code = sqlite3_open_v2(path, &handle, access | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            handle = nil
            throw StorageErrorFactory.database("cannot open '\(path)': \(message)", code: code)
        }
        if mode.writes && sqlite3_db_readonly(handle, "main") == 1 {
            // SQLite silently falls back to read-only for a write-protected file; Vernier writes every trial.
            sqlite3_close_v2(handle)
            handle = nil
            throw StorageErrorFactory.database(
                "cannot open '\(path)' for writing: the file (or its folder, for the WAL files) is read-only; "
                    + "studies write every trial, so copy it somewhere writable or fix its permissions",
                code: SQLITE_READONLY)
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
        if access & SQLITE_OPEN_READWRITE != 0 && mode == .readOnly {
            // Read-only in effect: SQLite refuses every statement that would write.
            try executeScript("PRAGMA query_only=ON")
        }
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without parameters (schema, pragmas, transaction control); may contain several statements.
    func executeScript(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(errorMessage)
            throw StorageErrorFactory.database("'\(path)': \(message)", code: code)
        }
    }

    /// Runs one parameterized statement and returns all rows.
    @discardableResult
    func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        var rows: [[SQLiteValue]] = []
        try forEachRow(sql, bindings) { rows.append($0) }
        return rows
    }

    /// Runs one parameterized statement and calls `body` with each row.
    func forEachRow(_ sql: String, _ bindings: [SQLiteValue], _ body: ([SQLiteValue]) throws -> Void) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, binding) in bindings.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch binding {
            case .integer(let value): code = sqlite3_bind_int64(statement, position, value)
            case .real(let value):
                code =
                    value.isNaN
                    ? sqlite3_bind_null(statement, position) : sqlite3_bind_double(statement, position, value)
            case .text(let value): code = sqlite3_bind_text(statement, position, value, -1, transientDestructor)
            case .null: code = sqlite3_bind_null(statement, position)
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        let columns = sqlite3_column_count(statement)
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code) }
            var row: [SQLiteValue] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, column)))
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                }
            }
            try body(row)
        }
    }

    /// The rowid of the last insert.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether the connection is inside a transaction.
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        statements[sql] = statement
        return statement
    }

    private func error(_ code: Int32) -> Error {
        StorageErrorFactory.database("'\(path)': \(String(cString: sqlite3_errmsg(handle)))", code: code)
    }
}

private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Whether a result code means "another connection holds the lock; try again".
func isBusy(_ code: Int32) -> Bool {
    let primary = code & 0xFF
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED
}
