import CSQLite
import Foundation
import VernierTune
import VernierTuneSQL

/// One SQLite connection with a cache of prepared statements: the ``SQLConnection`` of ``SQLiteStorage``.
///
/// Not thread-safe: the storage only uses it under its mutex. Every statement is parameterized and prepared once
/// per connection (`SQLITE_PREPARE_PERSISTENT`); write transactions are `BEGIN IMMEDIATE` (the write lock is
/// taken up front, so two processes never deadlock upgrading a read lock), reads are deferred `BEGIN`, and a
/// busy database (`SQLITE_BUSY` after the busy timeout) retries the whole transaction with a growing pause.
public final class SQLiteConnection: SQLConnection {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// The database file.
    public let path: String
    /// How many times a transaction is retried after `SQLITE_BUSY` (on top of the busy timeout).
    let maximumAttempts = 100

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
            throw StorageError.database(message: "cannot open '\(path)': \(message)", code: code)
        }
        if mode.writes && sqlite3_db_readonly(handle, "main") == 1 {
            // SQLite silently falls back to read-only for a write-protected file; Vernier writes every trial.
            sqlite3_close_v2(handle)
            handle = nil
            throw StorageError.database(
                message: "cannot open '\(path)' for writing: the file (or its folder, for the WAL files) is read-only; "
                    + "studies write every trial, so copy it somewhere writable or fix its permissions",
                code: SQLITE_READONLY)
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
        if access & SQLITE_OPEN_READWRITE != 0 && mode == .readOnly {
            // Read-only in effect: SQLite refuses every statement that would write.
            do { try execute("PRAGMA query_only=ON") } catch let error as SQLError { throw error.storageError }
        }
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without parameters (schema, pragmas, transaction control); may contain several statements.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(errorMessage)
            throw error(message, code: code)
        }
    }

    /// Runs one parameterized statement and returns all rows (a `NaN` real is bound as `NULL`).
    @discardableResult
    public func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try run(sql, bindings) { rows.append($0) }
        return rows
    }

    /// Runs one `INSERT`, `UPDATE` or `DELETE` and returns `sqlite3_changes`.
    @discardableResult
    public func change(_ sql: String, _ bindings: [SQLValue]) throws -> Int {
        try run(sql, bindings) { _ in }
    }

    /// Runs one `INSERT` and returns `sqlite3_last_insert_rowid`, or `nil` when it changed no row.
    public func insert(_ sql: String, _ bindings: [SQLValue]) throws -> Int64? {
        try run(sql, bindings) { _ in }
        return sqlite3_changes(handle) == 0 ? nil : sqlite3_last_insert_rowid(handle)
    }

    /// Binds, steps to the end, calls `body` with each row and returns how many rows the statement changed (0
    /// for one that only reads, such as a query or transaction control).
    @discardableResult
    private func run(_ sql: String, _ bindings: [SQLValue], _ body: (SQLRow) -> Void) throws -> Int {
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
            if code == SQLITE_DONE { return sqlite3_stmt_readonly(statement) != 0 ? 0 : Int(sqlite3_changes(handle)) }
            guard code == SQLITE_ROW else { throw error(code) }
            var row: [SQLValue] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, column)))
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                }
            }
            body(SQLRow(row))
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction (deferred `BEGIN` for reads), retrying the whole
    /// transaction on `SQLITE_BUSY`. Every commit is durable (WAL, `synchronous=NORMAL`). The transaction control
    /// statements are prepared once, like every other statement.
    public func transaction<T>(_ kind: SQLTransactionKind, _ body: () throws -> T) throws -> T {
        let begin = kind == .read ? "BEGIN" : "BEGIN IMMEDIATE"
        return try retrying {
            try run(begin, []) { _ in }
            do {
                let result = try body()
                try run("COMMIT", []) { _ in }
                return result
            } catch {
                if inTransaction { _ = try? run("ROLLBACK", []) { _ in } }
                throw error
            }
        }
    }

    /// Runs the statements one after the other inside ``transaction(_:_:)``.
    public func transaction(_ kind: SQLTransactionKind, batch statements: [SQLStatement]) throws -> [SQLResult] {
        try transaction(kind) {
            try statements.map { statement in
                var rows: [SQLRow] = []
                let changes = try run(statement.sql, statement.bindings) { rows.append($0) }
                return SQLResult(rows: rows, changes: changes)
            }
        }
    }

    /// Runs `body`, again after a pause while it fails with `SQLITE_BUSY` (at most ``maximumAttempts`` times);
    /// other database errors leave as ``VernierTune/StorageError/database(message:code:)``.
    func retrying<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as SQLError {
                guard error.condition == .busy, attempt < maximumAttempts else { throw error.storageError }
                attempt += 1
                usleep(UInt32(min(50_000, 1_000 * attempt)) + UInt32.random(in: 0..<1_000))
            }
        }
    }

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

    private func error(_ code: Int32) -> SQLError {
        error(String(cString: sqlite3_errmsg(handle)), code: code)
    }

    /// The error for `message` (prefixed with the file) and `code`, classified: busy or locked, a foreign key
    /// violation, or anything else.
    private func error(_ message: String, code: Int32) -> SQLError {
        let primary = code & 0xFF
        let condition: SQLError.Condition
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            condition = .busy
        } else if code == SQLITE_CONSTRAINT | (3 << 8) {  // SQLITE_CONSTRAINT_FOREIGNKEY
            condition = .foreignKeyViolation
        } else {
            condition = .other
        }
        return SQLError(message: "'\(path)': \(message)", code: code, condition: condition)
    }
}

private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
