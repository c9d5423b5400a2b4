import VernierTune

/// An error a ``SQLConnection`` reports for one statement, classified so that the storage and the transaction
/// loop can react without knowing the backend's codes.
///
/// Connections throw it from `execute`, `query` and `queries`; their ``SQLConnection/transaction(_:_:)`` retries
/// the conditions that allow it and hands the rest on as ``StorageError/database(message:code:)``
/// (``storageError``).
public struct SQLError: Error, Sendable {
    /// What went wrong, as far as the storage cares.
    public enum Condition: Sendable, Equatable {
        /// Another connection holds a lock (SQLite `SQLITE_BUSY` / `SQLITE_LOCKED`): retry the transaction.
        case busy
        /// A serialization failure or deadlock (PostgreSQL `40001` / `40P01`): retry the transaction.
        case conflict
        /// The connection to the server broke.
        case connectionLost
        /// A row refers to a row that does not exist (a write to a missing trial).
        case foreignKeyViolation
        /// Anything else.
        case other
    }

    /// The backend's message.
    public var message: String
    /// The backend's result code (SQLite's extended result code; `-1` for PostgreSQL).
    public var code: Int32
    /// PostgreSQL's SQLSTATE, when there is one.
    public var sqlState: String?
    /// The classification.
    public var condition: Condition

    /// An error.
    public init(message: String, code: Int32, sqlState: String? = nil, condition: Condition) {
        self.message = message
        self.code = code
        self.sqlState = sqlState
        self.condition = condition
    }

    /// The error as storage callers see it: the message (with the SQLSTATE) and the code.
    public var storageError: StorageError {
        .database(message: sqlState.map { "\(message) [SQLSTATE \($0)]" } ?? message, code: code)
    }
}
