import VernierTune

extension StorageURL {
    /// Opens the storage this URL names: a new ``InMemoryStorage`` for `memory:`, a ``SQLiteStorage`` for
    /// `sqlite:path`; `postgres://` throws ``StorageError/backendUnavailable(_:reason:)`` (a later version).
    ///
    /// ```swift
    /// let storage = try StorageURL(parsing: "sqlite:runs/vernier.db").openStorage()
    /// ```
    /// `mode` says what a `sqlite:` URL may create and whether it may write (``SQLiteOpenMode``).
    public func openStorage(mode: SQLiteOpenMode = .create) throws -> any Storage {
        switch self {
        case .memory: return InMemoryStorage()
        case .sqlite(let path): return try SQLiteStorage(path: path, mode: mode)
        case .postgres(let url):
            throw StorageError.backendUnavailable(
                url, reason: "the PostgreSQL backend is not available in this version; use sqlite:path/to/file.db")
        }
    }
}
