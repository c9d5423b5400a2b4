/// What a transaction of ``SQLStorage`` does, so the connection can begin, lock and commit it the way its
/// backend needs.
public enum SQLTransactionKind: Sendable, Equatable {
    /// Several reads that must see one state (SQLite `BEGIN`; PostgreSQL `REPEATABLE READ READ ONLY`).
    case read
    /// A write that is durable when the transaction returns. `flushes`: the transaction surely writes, so its
    /// commit also makes the connection's earlier ``runningTrial(_:)`` commits durable.
    case write(flushes: Bool)
    /// A write to a running trial (claim, parameters, intermediate values, attributes, heartbeat): visible to
    /// every connection when it returns, but a backend may make it durable later, at the latest with the next
    /// `write(flushes: true)` of the same connection (PostgreSQL: `synchronous_commit = off`). The trial is
    /// `nil` until known (a claim names it with ``SQLConnection/noteRunningTrialWrite(_:)``).
    case runningTrial(Int64?)
}

/// One connection to a database, as ``SQLStorage`` uses it: constant scripts, parameterized statements with
/// typed bindings and rows, batches of independent statements, and whole transactions with the backend's
/// locking and retry rules.
///
/// Connections are not thread-safe; ``SQLStorage`` only uses one under its mutex. Statements are given in the
/// connection's placeholder style (``SQLDialect``); SQL text is never built from values.
public protocol SQLConnection: AnyObject {
    /// Runs constant SQL without values: schema scripts (several statements), pragmas, transaction control.
    func execute(_ sql: String) throws
    /// Runs one statement with one binding per placeholder, in order, and returns its rows.
    @discardableResult
    func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow]
    /// Runs one `INSERT`, `UPDATE` or `DELETE` and returns how many rows it changed.
    @discardableResult
    func change(_ sql: String, _ bindings: [SQLValue]) throws -> Int
    /// Runs one `INSERT` of one row, written with ``SQLDialect/returningKey(_:)`` at its end, and returns the key the
    /// database generated for it (SQLite: the rowid; PostgreSQL: the `RETURNING` column), or `nil` when it inserted
    /// nothing (`ON CONFLICT DO NOTHING`).
    func insert(_ sql: String, _ bindings: [SQLValue]) throws -> Int64?
    /// Runs statements that do not depend on each other's results and returns each one's rows in order; the
    /// first error is thrown (the statements after it may or may not have run; the transaction rolls back).
    /// The default runs them one after the other; a server connection sends them in one round trip.
    func queries(_ statements: [SQLStatement]) throws -> [[SQLRow]]
    /// Runs `body` as one transaction of `kind`: begins it, commits it, rolls it back when `body` throws, and
    /// retries the whole of it while the backend says a retry can succeed (a busy database, a serialization
    /// failure). Errors of the backend leave as ``VernierTune/StorageError``; errors of `body` unchanged.
    func transaction<T>(_ kind: SQLTransactionKind, _ body: () throws -> T) throws -> T
    /// Runs `statements` as one whole transaction of `kind`, with the locking and retry rules of
    /// ``transaction(_:_:)``, and returns what each did. For a write whose statements carry their own conditions
    /// (an `UPDATE … WHERE state = 'running'`, an `INSERT … SELECT … WHERE`): nothing between them depends on an
    /// earlier one's result, so a server connection sends the begin, the statements and the commit in one round
    /// trip, and the caller reads the changed-row counts once the transaction is committed. Errors as
    /// ``transaction(_:_:)``.
    func transaction(_ kind: SQLTransactionKind, batch statements: [SQLStatement]) throws -> [SQLResult]
    /// Inside a ``SQLTransactionKind/runningTrial(_:)`` transaction that did not know its trial: names it.
    func noteRunningTrialWrite(_ trialID: Int64)
    /// Inside a ``SQLTransactionKind/runningTrial(_:)`` transaction: makes this one durable at its commit (a
    /// write other workers will cache, such as a study's first distribution of a parameter).
    func requireDurableCommit() throws
}

extension SQLConnection {
    /// Runs the statements one after the other.
    public func queries(_ statements: [SQLStatement]) throws -> [[SQLRow]] {
        try statements.map { try query($0.sql, $0.bindings) }
    }

    /// Nothing to note: every commit of this backend is durable.
    public func noteRunningTrialWrite(_ trialID: Int64) {}

    /// Nothing to do: every commit of this backend is durable.
    public func requireDurableCommit() throws {}
}
