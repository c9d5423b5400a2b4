import CSQLite
import Foundation
import Synchronization
import VernierTune

/// A ``Storage`` in a SQLite database file: the default storage of the CLI (`sqlite:runs/vernier.db`).
///
/// Keeps the whole storage contract across threads **and processes**: the database runs in WAL mode (readers
/// never block the writer), every write is one `BEGIN IMMEDIATE` transaction (the write lock is taken up front, so
/// two processes never deadlock upgrading a read lock), a busy timeout plus a retry loop absorbs
/// `SQLITE_BUSY`, every statement is parameterized and prepared once per connection, and the schema is
/// versioned (a database from a newer Vernier is refused with ``StorageError/schemaTooNew(found:supported:)``).
///
/// Why the C API and not GRDB or another wrapper: no heavy dependency for the one leaf target that touches the
/// system, full control of `BEGIN IMMEDIATE`, busy handling and statement caching, and fast builds.
///
/// ```swift
/// let storage = try SQLiteStorage(path: "runs/vernier.db")
/// let study = try Study(name: "lr-sweep", direction: .maximize, storage: storage)
/// ```
public final class SQLiteStorage: Storage {
    /// The connection and its helpers; only ever used while `context` is locked, hence `@unchecked Sendable`.
    final class Context: @unchecked Sendable {
        let connection: SQLiteConnection
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        var distributionCache: [String: Distribution] = [:]

        init(connection: SQLiteConnection) {
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
    /// The database file.
    public let path: String
    /// How many times a transaction is retried after `SQLITE_BUSY` (on top of the busy timeout).
    let maximumAttempts = 100

    /// `sqlite:<path>`.
    public var url: String { "sqlite:\(path)" }

    /// Opens the database at `path` as `mode` says (by default creating it, with its folder), checks it with
    /// `PRAGMA quick_check`, and migrates its schema (``SQLiteOpenMode/readOnly`` only checks the version).
    ///
    /// Throws ``StorageError/schemaTooNew(found:supported:)`` for a database written by a newer Vernier, and
    /// ``StorageError/database(message:code:)`` naming the file when it is missing (read-only), its folder is
    /// missing (``SQLiteOpenMode/createFile``), or it is damaged or not a Vernier database.
    /// ```swift
    /// let storage = try SQLiteStorage(path: "runs/vernier.db")
    /// ```
    public init(path: String, busyTimeout: TimeInterval = 10, mode: SQLiteOpenMode = .create) throws {
        try mode.checkBeforeOpening(path)
        let connection = try SQLiteConnection(
            path: path, busyTimeoutMilliseconds: Int32(busyTimeout * 1000), mode: mode)
        self.path = path
        self.context = Mutex(Context(connection: connection))
        do {
            try checkIntegrity()
            if mode == .readOnly {
                try checkSchemaForReading()
            } else {
                try context.withLock { context in
                    try retrying { try context.connection.executeScript("PRAGMA journal_mode=WAL") }
                    try context.connection.executeScript("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON")
                }
                try migrate()
            }
        } catch StorageError.database(let message, let code)
            where [SQLITE_NOTADB, SQLITE_CORRUPT].contains(code & 0xFF)
        {
            throw SQLiteOpenMode.damaged(path, detail: message, code: code)
        }
    }

    /// `PRAGMA quick_check`: a damaged page anywhere (an unused index included) is reported at open.
    private func checkIntegrity() throws {
        let rows = try context.withLock { context in
            try retrying { try context.connection.query("PRAGMA quick_check") }
        }
        let problems = rows.compactMap { $0.first?.string }.filter { $0 != "ok" }
        guard problems.isEmpty else {
            // Named and explained by `init`, which wraps every SQLITE_CORRUPT / SQLITE_NOTADB error.
            throw StorageError.database(
                message: "quick_check: " + problems.prefix(3).joined(separator: "; "), code: SQLITE_CORRUPT)
        }
    }

    /// For a read-only open: the file must hold a Vernier schema this build reads as it is.
    private func checkSchemaForReading() throws {
        let found = try read { context -> Int? in
            let tables = try context.connection.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
            guard !tables.isEmpty else { return nil }
            return Int(try context.connection.query("SELECT version FROM schema_version").first?[0].int64 ?? 0)
        }
        guard let found else {
            throw StorageError.database(message: "it has no schema_version table", code: SQLITE_NOTADB)
        }
        if found > SQLiteSchema.supportedVersion {
            throw StorageError.schemaTooNew(found: found, supported: SQLiteSchema.supportedVersion)
        }
        guard found == SQLiteSchema.supportedVersion else {
            throw StorageError.database(
                message: "'\(path)' has schema version \(found), older than this build's "
                    + "\(SQLiteSchema.supportedVersion); run `vernier tune` on it once to upgrade it",
                code: SQLITE_ERROR)
        }
    }

    /// The schema version of the open database.
    ///
    /// ```swift
    /// try storage.schemaVersion()   // 1
    /// ```
    public func schemaVersion() throws -> Int {
        try read { context in
            Int(try context.connection.query("SELECT version FROM schema_version").first?[0].int64 ?? 0)
        }
    }

    /// The newest schema version this build can open.
    public static var supportedSchemaVersion: Int { SQLiteSchema.supportedVersion }

    private func migrate() throws {
        try write { context in
            let connection = context.connection
            try connection.executeScript("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            let found = Int(try connection.query("SELECT version FROM schema_version").first?[0].int64 ?? 0)
            if found > SQLiteSchema.supportedVersion {
                throw StorageError.schemaTooNew(found: found, supported: SQLiteSchema.supportedVersion)
            }
            guard found < SQLiteSchema.supportedVersion else { return }
            for migration in SQLiteSchema.migrations[found...] { try connection.executeScript(migration) }
            try connection.query("DELETE FROM schema_version")
            try connection.query(
                "INSERT INTO schema_version (version) VALUES (?)", [.integer(Int64(SQLiteSchema.supportedVersion))])
        }
    }

    // MARK: Transactions

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction, retrying the whole transaction on `SQLITE_BUSY`.
    func write<T: Sendable>(_ body: (Context) throws -> T) throws -> T {
        try context.withLock { context in try transaction(context, begin: "BEGIN IMMEDIATE", body) }
    }

    /// Runs `body` in a deferred (read) transaction so that several queries see one snapshot.
    func read<T: Sendable>(_ body: (Context) throws -> T) throws -> T {
        try context.withLock { context in try transaction(context, begin: "BEGIN", body) }
    }

    private func transaction<T>(_ context: Context, begin: String, _ body: (Context) throws -> T) throws -> T {
        try retrying {
            try context.connection.executeScript(begin)
            do {
                let result = try body(context)
                try context.connection.executeScript("COMMIT")
                return result
            } catch {
                if context.connection.inTransaction { try? context.connection.executeScript("ROLLBACK") }
                throw error
            }
        }
    }

    private func retrying<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch StorageError.database(let message, let code) where isBusy(code) && attempt < maximumAttempts {
                _ = message
                attempt += 1
                usleep(UInt32(min(50_000, 1_000 * attempt)) + UInt32.random(in: 0..<1_000))
            }
        }
    }
}
