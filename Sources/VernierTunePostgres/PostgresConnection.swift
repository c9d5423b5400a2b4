import CPostgreSQL
import Foundation
import VernierTune
import VernierTuneSQL

/// One libpq connection with a cache of prepared statements: the ``VernierTuneSQL/SQLConnection`` of
/// ``PostgresStorage``.
///
/// Not thread-safe: the storage only uses it under its mutex. Every statement with values is parameterized
/// (`$1, $2, …`, text format; `NaN` and infinities round-trip) and prepared once per connection; SQL text is never
/// built from values. Rows come back typed by their column's type (integers, doubles, text). Its transactions
/// are described in `PostgresConnection+Transactions.swift`.
public final class PostgresConnection: SQLConnection {
    private var handle: OpaquePointer?
    private var statementNames: [String: String] = [:]
    /// The server, user and database, for messages (never the password).
    let info: PostgresConnectionInfo
    /// How many times a transaction is retried after a serialization failure, deadlock or lost connection.
    let maximumAttempts = 20
    /// Running-trial commits (`synchronous_commit = off`) are not yet known to be on disk; the last trial they
    /// touched.
    var unflushedTrialID: Int64?
    /// The trial the current running-trial transaction writes (a claim sets it once it knows the trial).
    var runningTrialID: Int64?
    /// The current durable transaction makes the earlier running-trial commits durable when it commits.
    var flushesOnCommit = false
    /// The connection broke while running-trial writes were not yet flushed: they may be lost (server crash),
    /// so every later transaction is refused instead of building on them.
    var lostUnflushedWrites = false

    /// Takes ownership of a connected `PGconn`.
    init(handle: OpaquePointer, info: PostgresConnectionInfo) {
        self.handle = handle
        self.info = info
        PQsetNoticeProcessor(handle, { _, _ in }, nil)  // no "relation already exists, skipping" on stderr
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is usable.
    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction block is open (also when it failed).
    var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Reconnects with the same parameters; prepared statements are gone afterwards.
    func reset() -> Bool {
        statementNames.removeAll()
        PQreset(handle)
        return isHealthy
    }

    /// Runs constant SQL without parameters (transaction control, schema scripts; may hold several statements).
    public func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs one parameterized statement and returns all rows.
    @discardableResult
    public func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        try run(sql, bindings) { Self.rows(of: $0) }
    }

    /// Runs one `INSERT`, `UPDATE` or `DELETE` and returns the row count of its command tag.
    @discardableResult
    public func change(_ sql: String, _ bindings: [SQLValue]) throws -> Int {
        try run(sql, bindings) { result in PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0 }
    }

    /// Runs one `INSERT … RETURNING key` and returns the key, or `nil` when it inserted nothing.
    public func insert(_ sql: String, _ bindings: [SQLValue]) throws -> Int64? {
        try query(sql, bindings).first?.int64(0)
    }

    /// Runs one prepared statement and reads its result with `read`.
    private func run<T>(_ sql: String, _ bindings: [SQLValue], _ read: (OpaquePointer?) -> T) throws -> T {
        let name = try prepared(sql, parameterCount: bindings.count)
        let result: OpaquePointer? = Self.withParameters(bindings) { count, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result)
        return read(result)
    }

    /// Runs several parameterized statements in one round trip (libpq pipeline mode) and returns each one's
    /// rows, in order. The first error is thrown after every result has been read (the statements after a failed
    /// one are not run).
    public func queries(_ statements: [SQLStatement]) throws -> [[SQLRow]] {
        try pipeline(statements.map { .statement($0) }).map(\.rows)
    }

    /// One message of a pipeline: a statement with values (prepared once per connection), or constant
    /// transaction control (sent unprepared).
    enum PipelineItem {
        case statement(SQLStatement)
        case control(String)
    }

    /// Sends `items` in one pipeline (one round trip) and returns each one's rows and changed-row count, in order.
    /// The first error is thrown after every result has been read; the server skips the items after a failed one
    /// up to the pipeline's end, so a `COMMIT` among them does not run.
    func pipeline(_ items: [PipelineItem]) throws -> [SQLResult] {
        let names = try items.map { item -> String? in
            guard case .statement(let statement) = item else { return nil }
            return try prepared(statement.sql, parameterCount: statement.bindings.count)
        }
        guard PQenterPipelineMode(handle) == 1 else { throw lostError() }
        defer { PQexitPipelineMode(handle) }
        for (name, item) in zip(names, items) {
            let sent: Int32
            switch item {
            case .statement(let statement):
                sent = Self.withParameters(statement.bindings) { count, values in
                    PQsendQueryPrepared(handle, name, count, values, nil, nil, 0)
                }
            case .control(let sql):
                sent = PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 0)
            }
            guard sent == 1 else { throw lostError() }
        }
        guard PQpipelineSync(handle) == 1 else { throw lostError() }
        var results: [SQLResult] = []
        var failure: SQLError?
        var emptyReads = 0
        // Each item yields its result and then NULL; the sync point ends the pipeline.
        while true {
            guard let result = PQgetResult(handle) else {
                emptyReads += 1
                if !isHealthy || emptyReads > items.count + 1 {
                    failure = failure ?? lostError()
                    break
                }
                continue
            }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC { break }
            if status == PGRES_PIPELINE_ABORTED { continue }
            do {
                try check(result)
                results.append(SQLResult(rows: Self.rows(of: result), changes: Self.changes(of: result)))
            } catch let error as SQLError {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        guard results.count == items.count else { throw lostError() }
        return results
    }

    /// The row count of a write's command tag (`INSERT 0 1`, `UPDATE 1`, `DELETE 2`); 0 for a query (whose tag
    /// counts the rows it returned) and for transaction control.
    private static func changes(of result: OpaquePointer?) -> Int {
        guard let tag = PQcmdStatus(result).map({ String(cString: $0) }),
            ["INSERT", "UPDATE", "DELETE"].contains(where: { tag.hasPrefix($0) })
        else { return 0 }
        return PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
    }

    func lostError() -> SQLError {
        SQLError(
            message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines),
            code: -1, condition: isHealthy ? .other : .connectionLost)
    }

    /// Calls `body` with the parameter count and the C strings of `bindings` (text format; `NULL` for SQL NULL).
    private static func withParameters<R>(
        _ bindings: [SQLValue], _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> R
    ) -> R {
        let texts: [UnsafeMutablePointer<CChar>?] = bindings.map { parameterText($0).map { strdup($0) } ?? nil }
        defer { for text in texts { free(text) } }
        return texts.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                body(Int32(bindings.count), values.baseAddress)
            }
        }
    }

    /// The text form libpq sends, or `nil` for SQL `NULL`.
    private static func parameterText(_ value: SQLValue) -> String? {
        switch value {
        case .integer(let value): return String(value)
        case .real(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return "\(value)"  // shortest representation that round-trips
        case .text(let value): return value
        case .null: return nil
        }
    }

    /// The rows of a result, typed by column type: integers (`int2`, `int4`, `int8`, `oid`), doubles (`float4`,
    /// `float8`, `numeric`) and text (anything else).
    private static func rows(of result: OpaquePointer?) -> [SQLRow] {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        let types = (0..<columnCount).map { column -> ColumnType in
            switch PQftype(result, column) {
            case 20, 21, 23, 26: return .integer
            case 700, 701, 1700: return .real
            default: return .text
            }
        }
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) != 0 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, row, column))
                switch types[Int(column)] {
                case .integer: values.append(Int64(text).map { .integer($0) } ?? .text(text))
                case .real: values.append(Double(text).map { .real($0) } ?? .text(text))
                case .text: values.append(.text(text))
                }
            }
            rows.append(SQLRow(values))
        }
        return rows
    }

    private enum ColumnType { case integer, real, text }

    private func prepared(_ sql: String, parameterCount: Int) throws -> String {
        if let name = statementNames[sql] { return name }
        let name = "vernier_\(statementNames.count)"
        let result = PQprepare(handle, name, sql, Int32(parameterCount), nil)
        defer { PQclear(result) }
        try check(result)
        statementNames[sql] = name
        return name
    }

    /// Throws the result's error, classified by SQLSTATE: `40001` / `40P01` conflicts (retryable), `23503` foreign
    /// key violations, and a broken connection.
    private func check(_ result: OpaquePointer?) throws {
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY { return }
        var sqlState = ""
        var message = String(cString: PQerrorMessage(handle))
        if let result {
            if let field = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { sqlState = String(cString: field) }
            if let field = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) { message = String(cString: field) }
        }
        let condition: SQLError.Condition
        if !isHealthy {
            condition = .connectionLost
        } else if sqlState == "40001" || sqlState == "40P01" {
            condition = .conflict
        } else if sqlState == "23503" {
            condition = .foreignKeyViolation
        } else {
            condition = .other
        }
        throw SQLError(
            message: message.trimmingCharacters(in: .whitespacesAndNewlines), code: -1,
            sqlState: sqlState.isEmpty ? nil : sqlState, condition: condition)
    }
}
