import VernierTune

extension StorageURL {
    /// A ``PostgresStorage`` for a `postgres://` URL, `nil` for any other kind (open those with
    /// `openStorage()` from VernierTuneSQLite); `readOnly` as ``PostgresStorage/init(url:connectAttempts:retryDelay:readOnly:)``.
    ///
    /// ```swift
    /// let parsed = try StorageURL(parsing: "postgres://vernier@localhost/vernier")
    /// let storage = try parsed.openPostgresStorage() ?? parsed.openStorage()
    /// ```
    public func openPostgresStorage(readOnly: Bool = false) throws -> PostgresStorage? {
        guard case .postgres(let url) = self else { return nil }
        return try PostgresStorage(url: url, readOnly: readOnly)
    }
}
