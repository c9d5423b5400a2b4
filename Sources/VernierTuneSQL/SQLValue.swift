/// A value bound to a placeholder of a statement, or read from a column: the four storage classes both
/// backends share. A `NaN` real is stored as SQL `NULL` by SQLite and as `'NaN'` by PostgreSQL; both read back
/// as ``SQLRow/double(_:)`` `nil` or `NaN` as the backend stores it.
///
/// ```swift
/// let bindings: [SQLValue] = [.integer(studyID), .text("waiting"), .real(Date().timeIntervalSince1970), .null]
/// ```
public enum SQLValue: Sendable, Equatable {
    /// A 64-bit integer.
    case integer(Int64)
    /// A double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// SQL `NULL`.
    case null

    /// `.real(value)`, or `.null` for `nil`.
    public init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    /// `.text(value)`, or `.null` for `nil`.
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
}

/// One result row; the accessors return `nil` for SQL `NULL` and for a value of another storage class (an
/// integer column also reads as a double).
///
/// ```swift
/// let row = try connection.query("SELECT study_id, name FROM studies WHERE name = ?", [.text("a")]).first
/// let id = row?.int64(0)
/// ```
public struct SQLRow: Sendable {
    /// The columns in `SELECT` order.
    public var values: [SQLValue]

    /// A row of these column values.
    public init(_ values: [SQLValue]) { self.values = values }

    /// The integer in `column`.
    public func int64(_ column: Int) -> Int64? {
        if case .integer(let value) = values[column] { return value }
        return nil
    }

    /// The number in `column` (integers convert).
    public func double(_ column: Int) -> Double? {
        switch values[column] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    /// The text in `column`.
    public func string(_ column: Int) -> String? {
        if case .text(let value) = values[column] { return value }
        return nil
    }
}

/// A statement with its bindings, for ``SQLConnection/queries(_:)``.
public struct SQLStatement: Sendable {
    /// The SQL text in the connection's placeholder style.
    public var sql: String
    /// One value per placeholder, in order.
    public var bindings: [SQLValue]

    /// A statement.
    public init(_ sql: String, _ bindings: [SQLValue]) {
        self.sql = sql
        self.bindings = bindings
    }
}

/// What one statement of a ``SQLConnection/transaction(_:batch:)`` did: its rows and how many rows it changed.
public struct SQLResult: Sendable {
    /// The rows it returned (none for a write without `RETURNING`).
    public var rows: [SQLRow]
    /// The rows an `INSERT`, `UPDATE` or `DELETE` changed (an upsert that updated counts as one); 0 for a query.
    public var changes: Int

    /// A result.
    public init(rows: [SQLRow], changes: Int) {
        self.rows = rows
        self.changes = changes
    }
}
