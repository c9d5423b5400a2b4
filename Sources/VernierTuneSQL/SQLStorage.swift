import Foundation
import Synchronization
import VernierTune

/// The ``VernierTune/Storage`` of every SQL backend, written once over a ``SQLConnection`` and a ``SQLDialect``:
/// the schema and its migrations, row mapping, and each method as one transaction.
///
/// How the contract of `Storage` is kept: claims and enqueues first lock the study row (``SQLDialect/rowLock``;
/// SQLite's `BEGIN IMMEDIATE` already excludes other writers), so numbering and the study-wide budget are decided
/// by one writer at a time; writes to a trial lock its row and check that it is not finished; finishing is one
/// conditional `UPDATE … WHERE state = 'running' AND release_count = ?`, so a trial released (and perhaps claimed
/// again) since its finisher claimed it is never finished by that finisher (``VernierTune/StorageError/trialNoLongerHeld(trialID:)``).
/// Reads of several queries run in one read transaction. The writes of a running trial use
/// ``SQLTransactionKind/runningTrial(_:)`` transactions, which a backend may commit lazily until the trial's
/// `finishTrial`.
///
/// Backends subclass it with their connection and dialect (`SQLiteStorage`, `PostgresStorage`) and add how they
/// open. A subclass initialiser calls ``migrate()`` (or checks the version for a read-only open).
///
/// `@unchecked Sendable`: a non-final class cannot be checked; its only mutable state is the session inside
/// the `Mutex`, and subclasses add only constants.
open class SQLStorage<Connection: SQLConnection>: Storage, @unchecked Sendable {
    /// The session, locked for every transaction.
    package let session: Mutex<SQLSession<Connection>>
    /// A short description of where the data lives, without a password.
    public let url: String

    /// A storage over `connection` (already open) speaking `dialect`; its schema is not touched yet.
    public init(connection: Connection, dialect: SQLDialect, url: String) {
        self.session = Mutex(SQLSession(connection: connection, dialect: dialect))
        self.url = url
    }

    // MARK: Transactions

    /// Runs `body` in a read transaction (one snapshot).
    package func read<T: Sendable>(_ body: (SQLSession<Connection>) throws -> T) throws -> T {
        try session.withLock { session in try session.transaction(.read, body) }
    }

    /// Runs `body` in a write transaction, durable when this returns.
    package func write<T: Sendable>(
        flushes: Bool = false, _ body: (SQLSession<Connection>) throws -> T
    ) throws -> T {
        try session.withLock { session in try session.transaction(.write(flushes: flushes), body) }
    }

    /// Runs the statements `make` builds as one batch transaction of `kind` (``SQLConnection/transaction(_:batch:)``:
    /// one round trip to a server) and returns what each did.
    package func batch(
        _ kind: SQLTransactionKind, _ make: (SQLSession<Connection>) throws -> [SQLStatement]
    ) throws -> [SQLResult] {
        try session.withLock { session in try session.connection.transaction(kind, batch: try make(session)) }
    }

    /// Runs `body` in a ``SQLTransactionKind/runningTrial(_:)`` transaction that writes `trialID`.
    package func writeRunningTrial<T: Sendable>(
        _ trialID: Int64?, _ body: (SQLSession<Connection>) throws -> T
    ) throws -> T {
        try session.withLock { session in try session.transaction(.runningTrial(trialID), body) }
    }

    // MARK: Schema

    /// The schema version of the open database.
    ///
    /// ```swift
    /// try storage.schemaVersion()   // 3
    /// ```
    public func schemaVersion() throws -> Int {
        try read { session in
            Int(try session.query(session.statements.version).first?.int64(0) ?? 0)
        }
    }

    /// For a read-only open of a database of schema `version` (checked readable, not migrated): reads go through
    /// the statements written for that version.
    public func readSchema(version: Int) {
        session.withLock { session in
            session.statements = SQLStatements(session.dialect, schemaVersion: version)
        }
    }

    /// The newest schema version this build can open.
    public static var supportedSchemaVersion: Int { SQLSchema.supportedVersion }

    /// Applies the missing migrations in one write transaction (under the dialect's migration lock); throws
    /// ``VernierTune/StorageError/schemaTooNew(found:supported:)`` for a database of a newer Vernier.
    public func migrate() throws {
        try write { session in
            let statements = session.statements
            let migrations = SQLSchema.migrations(session.dialect)
            precondition(migrations.count == SQLSchema.supportedVersion, "SQLSchema: one migration per version")
            if let lock = statements.migrationLock {
                try session.query(lock, [.integer(SQLSchema.migrationLockKey)])
            }
            try session.connection.execute(statements.createVersionTable)
            let found = Int(try session.query(statements.version).first?.int64(0) ?? 0)
            if found > SQLSchema.supportedVersion {
                throw StorageError.schemaTooNew(found: found, supported: SQLSchema.supportedVersion)
            }
            guard found < SQLSchema.supportedVersion else { return }
            for migration in migrations[found...] { try session.connection.execute(migration) }
            try session.query(statements.deleteVersion)
            try session.query(statements.insertVersion, [.integer(Int64(SQLSchema.supportedVersion))])
        }
    }
}
