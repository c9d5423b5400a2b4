import CPostgreSQL
import Foundation
import Synchronization
import VernierTune

/// A ``Storage`` on a PostgreSQL server (`postgres://user:password@host:port/database`), for studies shared by
/// workers on several machines.
///
/// Keeps the whole storage contract across threads, processes and hosts: every method is one transaction on one
/// libpq connection guarded by a mutex; claims and enqueues lock the study row (`SELECT … FOR NO KEY UPDATE`)
/// so trial numbers and the study-wide budget are decided by one worker at a time; finishing and writing a
/// trial lock the trial row; multi-query reads run in a `REPEATABLE READ READ ONLY` snapshot. Every statement with
/// values is parameterized and prepared once per connection. The schema is versioned like the SQLite one (a
/// database from a newer Vernier is refused with ``StorageError/schemaTooNew(found:supported:)``). Connecting is
/// retried with exponential backoff; failures name the server (never the password) and quote its message.
///
/// Why libpq and not postgres-nio: the `Storage` protocol is synchronous, so an event-loop stack would only be
/// blocked on; libpq is the reference client, a Debian package, and builds in seconds.
///
/// ```swift
/// let storage = try PostgresStorage(url: "postgres://vernier:secret@db.lan:5432/vernier")
/// let study = try Study(name: "lr-sweep", direction: .maximize, storage: storage)
/// ```
public final class PostgresStorage: Storage {
    /// The connection and its helpers; only ever used while `context` is locked, hence `@unchecked Sendable`.
    final class Context: @unchecked Sendable {
        let connection: PostgresConnection
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        var distributionCache: [String: Distribution] = [:]
        /// The distribution JSON stored per (study, parameter name); rule 5 makes it immutable, so a parameter
        /// whose JSON matches needs no check against the database.
        var storedDistributions: [Int64: [String: String]] = [:]
        /// The study of each trial this connection claimed or wrote and has not finished (trials never move).
        var trialStudies: [Int64: Int64] = [:]
        /// Asynchronously committed writes (``PostgresStorage/writeAsync(trialID:_:)``) are not yet known to be on
        /// disk; the last trial they touched.
        var unflushedTrialID: Int64?
        /// The trial the current asynchronous transaction writes (a claim sets it once it knows the trial).
        var asyncTrialID: Int64?
        /// The current durable transaction makes the earlier asynchronous commits durable when it commits.
        var flushesOnCommit = false
        /// The connection broke while asynchronous writes were not yet flushed: they may be lost (server crash),
        /// so every later write is refused instead of building on them.
        var lostUnflushedWrites = false

        init(connection: PostgresConnection) {
            self.connection = connection
            encoder.outputFormatting = [.sortedKeys]
        }

        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }

        func attribute(_ text: String) throws -> AttributeValue {
            try decoder.decode(AttributeValue.self, from: Data(text.utf8))
        }

        func distribution(_ text: String) throws -> Distribution {
            if let cached = distributionCache[text] { return cached }
            let value = try decoder.decode(Distribution.self, from: Data(text.utf8))
            distributionCache[text] = value
            return value
        }
    }

    let context: Mutex<Context>
    /// The server, user and database, without the password.
    public let connectionInfo: PostgresConnectionInfo
    /// How many times a transaction is retried after a serialization failure, deadlock or lost connection.
    let maximumAttempts = 20

    /// `postgres://user@host:port/database` (never the password).
    public var url: String { connectionInfo.redacted }

    /// Connects to the server a `postgres://` (or `postgresql://`) URL names and migrates the schema.
    ///
    /// Throws ``StorageError/invalidURL(_:reason:)`` for a URL libpq cannot parse,
    /// ``StorageError/backendUnavailable(_:reason:)`` when the server cannot be reached after `connectAttempts`
    /// tries or refuses the credentials, and ``StorageError/schemaTooNew(found:supported:)`` for a database
    /// written by a newer Vernier.
    /// ```swift
    /// let storage = try PostgresStorage(url: "postgres://vernier@localhost:5432/vernier")
    /// ```
    public convenience init(url: String, connectAttempts: Int = 5, retryDelay: TimeInterval = 0.25) throws {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") else {
            throw StorageError.invalidURL(
                PostgresConnectionInfo.roughlyRedacted(trimmed),
                reason: "a PostgreSQL URL starts with postgres://, e.g. postgres://user:password@host:5432/database")
        }
        try self.init(connectionString: trimmed, connectAttempts: connectAttempts, retryDelay: retryDelay)
    }

    /// Connects with any libpq connection string: a URI or `host=… port=… dbname=… user=…` keywords
    /// (environment variables such as `PGPASSWORD` and `~/.pgpass` apply as usual).
    ///
    /// ```swift
    /// let storage = try PostgresStorage(connectionString: "host=127.0.0.1 port=5432 dbname=vernier user=vernier")
    /// ```
    public init(connectionString: String, connectAttempts: Int = 5, retryDelay: TimeInterval = 0.25) throws {
        precondition(connectAttempts >= 1, "PostgresStorage: connectAttempts must be ≥ 1, got \(connectAttempts)")
        let info = try PostgresConnectionInfo(connectionString: connectionString)
        let connection = try Self.connect(
            connectionString, info: info, attempts: connectAttempts, retryDelay: retryDelay)
        self.connectionInfo = info
        self.context = Mutex(Context(connection: connection))
        try migrate()
    }

    deinit { try? flush() }

    /// The schema version of the connected database.
    ///
    /// ```swift
    /// try storage.schemaVersion()   // 1
    /// ```
    public func schemaVersion() throws -> Int {
        try read { context in
            Int(try context.connection.query("SELECT version FROM schema_version").first?.int64(0) ?? 0)
        }
    }

    /// The newest schema version this build can open.
    public static var supportedSchemaVersion: Int { PostgresSchema.supportedVersion }

    private func migrate() throws {
        try write { context in
            let connection = context.connection
            try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresSchema.migrationLockKey)])
            try connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            let found = Int(try connection.query("SELECT version FROM schema_version").first?.int64(0) ?? 0)
            if found > PostgresSchema.supportedVersion {
                throw StorageError.schemaTooNew(found: found, supported: PostgresSchema.supportedVersion)
            }
            guard found < PostgresSchema.supportedVersion else { return }
            for migration in PostgresSchema.migrations[found...] { try connection.execute(migration) }
            try connection.query("DELETE FROM schema_version")
            try connection.query(
                "INSERT INTO schema_version (version) VALUES ($1)", [.integer(Int64(PostgresSchema.supportedVersion))])
        }
    }

    // MARK: Transactions

    /// Runs `body` in a read-committed transaction that is on disk when this returns (`synchronous_commit` as the
    /// server has it, `on` by default); `body` takes the row locks it needs. `flushes`: the transaction surely
    /// writes WAL, so its commit also makes every earlier asynchronous commit of this connection durable.
    func write<T: Sendable>(flushes: Bool = false, _ body: (Context) throws -> T) throws -> T {
        try context.withLock { context in
            try refuseAfterLostWrites(context)
            context.flushesOnCommit = flushes
            defer { context.flushesOnCommit = false }
            let result = try transaction(context, begin: "BEGIN", body)
            if context.flushesOnCommit { context.unflushedTrialID = nil }
            return result
        }
    }

    /// Runs `body` in a read-committed transaction committed with `synchronous_commit = off`: visible to every
    /// other session at once, on disk a few hundred milliseconds later at most (the WAL writer) or at the next
    /// durable commit of this connection, whichever comes first. Used for the writes of a *running* trial
    /// (its claim, parameters, intermediate values, attributes, heartbeats): the durable `finishTrial` commit that
    /// ends the trial flushes them, because the WAL is written in order. `trialID` names the trial for ``flush()``.
    ///
    /// A server crash can lose such a write only while its trial is still running. The worker cannot miss it: the
    /// crash breaks the connection, and a connection lost with unflushed writes is reported
    /// (``StorageError/backendUnavailable(_:reason:)``) instead of being retried, so the worker never finishes a
    /// trial whose earlier writes might be gone (another worker fails it after the grace period).
    func writeAsync<T: Sendable>(trialID: Int64?, _ body: (Context) throws -> T) throws -> T {
        try context.withLock { context in
            try refuseAfterLostWrites(context)
            context.asyncTrialID = trialID
            defer { context.asyncTrialID = nil }
            let result = try transaction(context, begin: "BEGIN; SET LOCAL synchronous_commit TO off", body)
            if let written = context.asyncTrialID { context.unflushedTrialID = written }
            return result
        }
    }

    /// Makes this connection's asynchronously committed writes durable now (a no-op without any). Called when
    /// the storage is released, e.g. at the end of `vernier ask`.
    ///
    /// ```swift
    /// try storage.flush()
    /// ```
    public func flush() throws {
        guard let trialID = context.withLock({ $0.unflushedTrialID }) else { return }
        // Any durable commit that writes WAL flushes everything before it; rewriting the heartbeat of the last
        // trial written asynchronously is such a write and changes nothing.
        try write(flushes: true) { context in
            let rows = try context.connection.query(
                "UPDATE trials SET heartbeat = heartbeat WHERE trial_id = $1 RETURNING 1", [.integer(trialID)])
            context.flushesOnCommit = !rows.isEmpty
        }
    }

    private func refuseAfterLostWrites(_ context: Context) throws {
        if context.lostUnflushedWrites {
            throw StorageError.backendUnavailable(
                url,
                reason: "an earlier connection loss may have lost this worker's unflushed writes to its running trial; "
                    + "open the storage again (the trial is failed by another worker after the grace period)")
        }
    }

    /// Runs `body` in a read-only snapshot so that several queries see one state.
    func read<T: Sendable>(_ body: (Context) throws -> T) throws -> T {
        try context.withLock { context in
            try transaction(context, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    /// Retries the whole transaction after a serialization failure or deadlock, and after a connection loss
    /// *before* `COMMIT` was sent (a loss during `COMMIT` is reported: the outcome is unknown).
    private func transaction<T>(_ context: Context, begin: String, _ body: (Context) throws -> T) throws -> T {
        var attempt = 0
        while true {
            var committing = false
            do {
                try context.connection.execute(begin)
                let result = try body(context)
                committing = true
                try context.connection.execute("COMMIT")
                return result
            } catch let error as PostgresQueryError {
                if context.connection.inTransaction { try? context.connection.execute("ROLLBACK") }
                attempt += 1
                if error.connectionLost, context.unflushedTrialID != nil {
                    // The server may have crashed and lost the unflushed writes: never carry on as if they were there.
                    context.lostUnflushedWrites = true
                    _ = context.connection.reset()
                    throw StorageError.backendUnavailable(
                        url,
                        reason: "lost the connection to \(connectionInfo.endpoint) before the running trial's last "
                            + "writes were flushed to disk; not retried (they may be lost): \(error.message)")
                }
                let retry = error.isRetryable || (error.connectionLost && !committing)
                guard retry, attempt < maximumAttempts else {
                    if error.connectionLost {
                        throw StorageError.backendUnavailable(
                            url, reason: "lost the connection to \(connectionInfo.endpoint): \(error.message)")
                    }
                    throw error.storageError
                }
                Self.pause(attempt: attempt, base: 0.01)
                if error.connectionLost && !context.connection.reset() {
                    continue  // the next BEGIN fails again and counts as another attempt
                }
            } catch {
                if context.connection.inTransaction { try? context.connection.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Sleeps `base · 2^(attempt-1)` seconds (capped at 2 s) plus up to 10 % jitter.
    static func pause(attempt: Int, base: TimeInterval) {
        let delay = min(2, base * pow(2, Double(attempt - 1)))
        usleep(UInt32((delay * (1 + Double.random(in: 0..<0.1))) * 1e6))
    }
}
