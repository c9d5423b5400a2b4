import CPostgreSQL
import Foundation
import VernierTune

/// A value bound to a `$n` placeholder. Sent in PostgreSQL's text format; the server infers each type from
/// the statement.
enum PostgresValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    /// The text form libpq sends, or `nil` for SQL `NULL`.
    var parameterText: String? {
        switch self {
        case .integer(let value): return String(value)
        case .real(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return "\(value)"  // shortest representation that round-trips
        case .text(let value): return value
        case .null: return nil
        }
    }
}

/// One result row in text format, with typed accessors.
struct PostgresRow: Sendable {
    let fields: [String?]

    func int64(_ column: Int) -> Int64? { fields[column].flatMap { Int64($0) } }
    func double(_ column: Int) -> Double? { fields[column].flatMap { Double($0) } }
    func string(_ column: Int) -> String? { fields[column] }
}

/// An error reported by the server for one statement, with its SQLSTATE.
struct PostgresQueryError: Error {
    let message: String
    let sqlState: String
    /// The connection itself broke (no SQLSTATE from the server, connection status bad).
    let connectionLost: Bool

    /// `40001` serialization failure or `40P01` deadlock: the whole transaction may be retried.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    var storageError: StorageError {
        .database(message: sqlState.isEmpty ? message : "\(message) [SQLSTATE \(sqlState)]", code: -1)
    }
}

/// One libpq connection with a cache of prepared statements. Not thread-safe: ``PostgresStorage`` guards it
/// with a mutex. Every statement with values is parameterized (`$1, $2, …`) and prepared once per connection;
/// SQL text is never built from values.
final class PostgresConnection {
    private var handle: OpaquePointer?
    private var statementNames: [String: String] = [:]

    /// Takes ownership of a connected `PGconn`.
    init(handle: OpaquePointer) {
        self.handle = handle
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
    func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs one parameterized statement and returns all rows.
    @discardableResult
    func query(_ sql: String, _ bindings: [PostgresValue] = []) throws -> [PostgresRow] {
        let name = try prepared(sql, parameterCount: bindings.count)
        let result: OpaquePointer? = Self.withParameters(bindings) { count, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result)
        return Self.rows(of: result)
    }

    /// Runs several parameterized statements in one round trip (libpq pipeline mode) and returns each one's
    /// rows, in order. The statements must not depend on each other's results; the first error is thrown after
    /// every result has been read (the statements after a failed one are not run).
    func pipeline(_ statements: [(sql: String, bindings: [PostgresValue])]) throws -> [[PostgresRow]] {
        let names = try statements.map { try prepared($0.sql, parameterCount: $0.bindings.count) }
        guard PQenterPipelineMode(handle) == 1 else { throw lostError() }
        defer { PQexitPipelineMode(handle) }
        for (name, statement) in zip(names, statements) {
            let sent = Self.withParameters(statement.bindings) { count, values in
                PQsendQueryPrepared(handle, name, count, values, nil, nil, 0)
            }
            guard sent == 1 else { throw lostError() }
        }
        guard PQpipelineSync(handle) == 1 else { throw lostError() }
        var rows: [[PostgresRow]] = []
        var failure: PostgresQueryError?
        var emptyReads = 0
        // Each statement yields its result and then NULL; the sync point ends the pipeline.
        while true {
            guard let result = PQgetResult(handle) else {
                emptyReads += 1
                if !isHealthy || emptyReads > statements.count + 1 {
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
                rows.append(Self.rows(of: result))
            } catch let error as PostgresQueryError {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        guard rows.count == statements.count else { throw lostError() }
        return rows
    }

    private func lostError() -> PostgresQueryError {
        PostgresQueryError(
            message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines),
            sqlState: "", connectionLost: !isHealthy)
    }

    /// Calls `body` with the parameter count and the C strings of `bindings` (text format; `NULL` for SQL NULL).
    private static func withParameters<R>(
        _ bindings: [PostgresValue], _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> R
    ) -> R {
        let texts: [UnsafeMutablePointer<CChar>?] = bindings.map { $0.parameterText.map { strdup($0) } ?? nil }
        defer { for text in texts { free(text) } }
        return texts.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                body(Int32(bindings.count), values.baseAddress)
            }
        }
    }

    /// The rows of a result, in text format.
    private static func rows(of result: OpaquePointer?) -> [PostgresRow] {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var fields: [String?] = []
            fields.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) != 0 {
                    fields.append(nil)
                } else {
                    fields.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(PostgresRow(fields: fields))
        }
        return rows
    }

    private func prepared(_ sql: String, parameterCount: Int) throws -> String {
        if let name = statementNames[sql] { return name }
        let name = "vernier_\(statementNames.count)"
        let result = PQprepare(handle, name, sql, Int32(parameterCount), nil)
        defer { PQclear(result) }
        try check(result)
        statementNames[sql] = name
        return name
    }

    private func check(_ result: OpaquePointer?) throws {
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY { return }
        var sqlState = ""
        var message = String(cString: PQerrorMessage(handle))
        if let result {
            if let field = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { sqlState = String(cString: field) }
            if let field = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) { message = String(cString: field) }
        }
        throw PostgresQueryError(
            message: message.trimmingCharacters(in: .whitespacesAndNewlines), sqlState: sqlState,
            connectionLost: !isHealthy)
    }
}
