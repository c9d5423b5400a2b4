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

    /// Runs `body` in a read-committed transaction; `body` takes the row locks it needs.
    func write<T: Sendable>(_ body: (Context) throws -> T) throws -> T {
        try context.withLock { context in try transaction(context, begin: "BEGIN", body) }
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
