import CPostgreSQL
import Foundation
import VernierTune
import VernierTuneSQL

/// A ``VernierTune/Storage`` on a PostgreSQL server (`postgres://user:password@host:port/database`), for studies
/// shared by workers on several machines.
///
/// The shared ``VernierTuneSQL/SQLStorage`` over a ``PostgresConnection`` in the
/// ``VernierTuneSQL/SQLDialect/postgres`` dialect; this type adds how a server is reached and ``flush()``. Keeps
/// the whole storage contract across threads, processes and hosts: every method is one transaction on one libpq
/// connection guarded by a mutex; claims and enqueues lock the study row (`SELECT … FOR NO KEY UPDATE`) so trial
/// numbers and the study-wide budget are decided by one worker at a time; writes to a trial lock the trial row;
/// multi-query reads run in a `REPEATABLE READ READ ONLY` snapshot; the writes of a running trial are committed
/// without waiting for the disk until the trial's durable `finishTrial` (see `PostgresConnection+Transactions.swift`).
/// Connecting is retried with exponential backoff; failures name the server (never the password) and quote its
/// message.
///
/// Why libpq and not postgres-nio: the `Storage` protocol is synchronous, so an event-loop stack would only be
/// blocked on; libpq is the reference client, a Debian package, and builds in seconds.
///
/// ```swift
/// let storage = try PostgresStorage(url: "postgres://vernier:secret@db.lan:5432/vernier")
/// let study = try Study(name: "lr-sweep", direction: .maximize, storage: storage)
/// ```
public final class PostgresStorage: SQLStorage<PostgresConnection>, @unchecked Sendable {
    /// The server, user and database, without the password.
    public let connectionInfo: PostgresConnectionInfo

    /// Connects to the server a `postgres://` (or `postgresql://`) URL names and migrates the schema.
    ///
    /// Throws ``VernierTune/StorageError/invalidURL(_:reason:)`` for a URL libpq cannot parse,
    /// ``VernierTune/StorageError/backendUnavailable(_:reason:)`` when the server cannot be reached after
    /// `connectAttempts` tries or refuses the credentials, and ``VernierTune/StorageError/schemaTooNew(found:supported:)``
    /// for a database written by a newer Vernier.
    /// ```swift
    /// let storage = try PostgresStorage(url: "postgres://vernier@localhost:5432/vernier")
    /// ```
    /// With `readOnly` (the read-only commands: `vernier studies`, `report`, `dashboard`) the session refuses every
    /// write (`default_transaction_read_only`) and the schema is checked, never created or migrated: an empty
    /// database is an error naming it.
    public convenience init(
        url: String, connectAttempts: Int = 5, retryDelay: TimeInterval = 0.25, readOnly: Bool = false
    ) throws {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") else {
            throw StorageError.invalidURL(
                PostgresConnectionInfo.roughlyRedacted(trimmed),
                reason: "a PostgreSQL URL starts with postgres://, e.g. postgres://user:password@host:5432/database")
        }
        try self.init(
            connectionString: trimmed, connectAttempts: connectAttempts, retryDelay: retryDelay, readOnly: readOnly)
    }

    /// Connects with any libpq connection string: a URI or `host=… port=… dbname=… user=…` keywords
    /// (environment variables such as `PGPASSWORD` and `~/.pgpass` apply as usual).
    ///
    /// ```swift
    /// let storage = try PostgresStorage(connectionString: "host=127.0.0.1 port=5432 dbname=vernier user=vernier")
    /// ```
    public init(
        connectionString: String, connectAttempts: Int = 5, retryDelay: TimeInterval = 0.25, readOnly: Bool = false
    ) throws {
        precondition(connectAttempts >= 1, "PostgresStorage: connectAttempts must be ≥ 1, got \(connectAttempts)")
        let info = try PostgresConnectionInfo(connectionString: connectionString)
        let connection = try Self.connect(
            connectionString, info: info, attempts: connectAttempts, retryDelay: retryDelay)
        if readOnly { try connection.execute("SET default_transaction_read_only = on") }
        self.connectionInfo = info
        super.init(connection: connection, dialect: .postgres, url: info.redacted)
        if readOnly {
            try checkSchemaForReading()
        } else {
            try migrate()
        }
    }

    /// For a read-only session: the database must hold a Vernier schema this build reads as it is
    /// (``VernierTuneSQL/SQLSchema/oldestReadableVersion`` up to this build's).
    private func checkSchemaForReading() throws {
        let found = try read { session -> Int? in
            let tables = try session.connection.query(
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                    + "AND tablename = 'schema_version'", [])
            guard (tables.first?.int64(0) ?? 0) > 0 else { return nil }
            return Int(try session.connection.query("SELECT version FROM schema_version", []).first?.int64(0) ?? 0)
        }
        guard let found else {
            throw StorageError.database(
                message: "no Vernier studies in \(url) (the database has no schema_version table; commands that "
                    + "only read never create one: check the --storage URL, or run `vernier tune` to start a study)",
                code: 0)
        }
        try SQLSchema.checkReadable(version: found, database: url, code: 0)
        readSchema(version: found)
    }

    deinit { try? flush() }

    /// Makes this connection's running-trial writes (committed without waiting for the disk) durable now; a no-op
    /// without any. Called when the storage is released, e.g. at the end of `vernier ask`.
    ///
    /// ```swift
    /// try storage.flush()
    /// ```
    public func flush() throws {
        try session.withLock { session in
            let connection = session.connection
            guard let trialID = connection.unflushedTrialID else { return }
            // Any durable commit that writes WAL flushes everything before it; rewriting the heartbeat of the last
            // trial written without waiting is such a write and changes nothing.
            try connection.transaction(.write(flushes: true)) {
                let rows = try connection.query(
                    "UPDATE trials SET heartbeat = heartbeat WHERE trial_id = $1 RETURNING 1", [.integer(trialID)])
                connection.flushesOnCommit = !rows.isEmpty
            }
        }
    }
}
