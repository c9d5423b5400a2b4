import Foundation

/// A parsed storage URL: `memory:`, `sqlite:path/to/file.db` (also `sqlite:///absolute/path.db`), or
/// `postgres://user@host:port/db` (recognised; the PostgreSQL backend comes in a later version).
///
/// Opening a SQLite or PostgreSQL URL needs the backend module: `VernierTuneSQLite` adds `openStorage()`.
///
/// ```swift
/// let url = try StorageURL(parsing: "sqlite:runs/vernier.db")   // .sqlite(path: "runs/vernier.db")
/// ```
public enum StorageURL: Sendable, Hashable, CustomStringConvertible {
    /// In-process memory.
    case memory
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL server (not available yet).
    case postgres(url: String)

    /// The default of the CLI: `sqlite:runs/vernier.db`.
    public static let defaultURL = "sqlite:runs/vernier.db"

    /// Parses a URL; throws ``StorageError/invalidURL(_:reason:)`` with the accepted forms.
    ///
    /// ```swift
    /// try StorageURL(parsing: "memory:")   // .memory
    /// ```
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let forms = "use memory:, sqlite:path/to/file.db or postgres://user@host:port/db"
        if trimmed == "memory:" || trimmed == "memory" || trimmed == "memory://" {
            self = .memory
        } else if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("///") {
                path = String(path.dropFirst(2))  // sqlite:///abs/path -> /abs/path
            } else if path.hasPrefix("//") {
                path = String(path.dropFirst(2))  // sqlite://relative/path
            }
            guard !path.isEmpty else { throw StorageError.invalidURL(text, reason: "the SQLite file path is empty") }
            self = .sqlite(path: path)
        } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(url: trimmed)
        } else if trimmed.isEmpty {
            throw StorageError.invalidURL(text, reason: "the URL is empty; \(forms)")
        } else {
            throw StorageError.invalidURL(text, reason: "unknown scheme; \(forms)")
        }
    }

    /// The URL in canonical form.
    public var description: String {
        switch self {
        case .memory: return "memory:"
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return url
        }
    }
}
