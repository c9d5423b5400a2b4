import CSQLite
import Foundation
import VernierTune
import VernierTuneSQL

/// A ``VernierTune/Storage`` in a SQLite database file: the default storage of the CLI (`sqlite:runs/vernier.db`).
///
/// The shared ``VernierTuneSQL/SQLStorage`` over a ``SQLiteConnection`` in the ``VernierTuneSQL/SQLDialect/sqlite``
/// dialect; this type adds how a file is opened. Keeps the whole storage contract across threads **and
/// processes**: the database runs in WAL mode (readers never block the writer), every write is one
/// `BEGIN IMMEDIATE` transaction, a busy timeout plus a retry loop absorbs `SQLITE_BUSY`, and the schema is
/// versioned (a database from a newer Vernier is refused with ``VernierTune/StorageError/schemaTooNew(found:supported:)``).
///
/// Why the C API and not GRDB or another wrapper: no heavy dependency for the one leaf target that touches the
/// system, full control of `BEGIN IMMEDIATE`, busy handling and statement caching, and fast builds. Needs SQLite
/// 3.24 or newer (`ON CONFLICT … DO UPDATE`).
///
/// ```swift
/// let storage = try SQLiteStorage(path: "runs/vernier.db")
/// let study = try Study(name: "lr-sweep", direction: .maximize, storage: storage)
/// ```
public final class SQLiteStorage: SQLStorage<SQLiteConnection>, @unchecked Sendable {
    /// The database file.
    public let path: String

    /// Opens the database at `path` as `mode` says (by default creating it, with its folder), checks it with
    /// `PRAGMA quick_check`, and migrates its schema (``SQLiteOpenMode/readOnly`` only checks the version).
    ///
    /// Throws ``VernierTune/StorageError/schemaTooNew(found:supported:)`` for a database written by a newer
    /// Vernier, and ``VernierTune/StorageError/database(message:code:)`` naming the file when it is missing
    /// (read-only), its folder is missing (``SQLiteOpenMode/createFile``), or it is damaged or not a Vernier
    /// database.
    /// ```swift
    /// let storage = try SQLiteStorage(path: "runs/vernier.db")
    /// ```
    public init(path: String, busyTimeout: TimeInterval = 10, mode: SQLiteOpenMode = .create) throws {
        try mode.checkBeforeOpening(path)
        let connection = try SQLiteConnection(
            path: path, busyTimeoutMilliseconds: Int32(busyTimeout * 1000), mode: mode)
        self.path = path
        super.init(connection: connection, dialect: .sqlite, url: "sqlite:\(path)")
        do {
            try checkIntegrity()
            if mode == .readOnly {
                try checkSchemaForReading()
            } else {
                try session.withLock { session in
                    let connection = session.connection
                    try connection.retrying { try connection.execute("PRAGMA journal_mode=WAL") }
                    try connection.retrying {
                        try connection.execute("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON")
                    }
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
        let rows = try session.withLock { session in
            let connection = session.connection
            return try connection.retrying { try connection.query("PRAGMA quick_check", []) }
        }
        let problems = rows.compactMap { $0.string(0) }.filter { $0 != "ok" }
        guard problems.isEmpty else {
            // Named and explained by `init`, which wraps every SQLITE_CORRUPT / SQLITE_NOTADB error.
            throw StorageError.database(
                message: "quick_check: " + problems.prefix(3).joined(separator: "; "), code: SQLITE_CORRUPT)
        }
    }

    /// For a read-only open: the file must hold a Vernier schema whose tables this build reads as they are
    /// (``VernierTuneSQL/SQLSchema/oldestReadableVersion`` or newer, but not newer than this build).
    private func checkSchemaForReading() throws {
        let found = try read { session -> Int? in
            let connection = session.connection
            let tables = try connection.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [.text("schema_version")])
            guard !tables.isEmpty else { return nil }
            return Int(try connection.query("SELECT version FROM schema_version", []).first?.int64(0) ?? 0)
        }
        guard let found else {
            throw StorageError.database(message: "it has no schema_version table", code: SQLITE_NOTADB)
        }
        try SQLSchema.checkReadable(version: found, database: "'\(path)'", code: SQLITE_ERROR)
        readSchema(version: found)
    }
}
