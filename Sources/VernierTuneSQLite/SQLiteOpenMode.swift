import Foundation
import VernierTune

/// How ``SQLiteStorage`` opens its file: what it may create, and whether it may write.
///
/// ```swift
/// let readOnly = try SQLiteStorage(path: "runs/vernier.db", mode: .readOnly)   // a missing file is an error
/// ```
public enum SQLiteOpenMode: Sendable, Equatable {
    /// Creates the file and any missing folders above it (the library default, convenient in tests and tools).
    case create
    /// Creates the file but not its folder: a missing folder is an error naming it (`vernier tune`).
    case createFile
    /// Writes but never creates: a missing file is an error naming it (`vernier studies delete`, `vernier tell`,
    /// the dashboard with `--allow-delete`).
    case existing
    /// Never writes, never creates: a missing file is an error naming it, and the schema is checked, not
    /// migrated (`vernier studies`, `report`, `dashboard`). Works on a write-protected file, and leaves no `-wal`
    /// or `-shm` file behind that was not there before.
    case readOnly

    /// Whether the mode writes rows (every mode but ``readOnly``).
    var writes: Bool { self != .readOnly }

    /// Whether a ``readOnly`` open of `path` goes through a read-write connection made read-only with
    /// `PRAGMA query_only`: when no `-wal` file exists (no other connection is open) and the file and its folder
    /// are writable. A connection opened `SQLITE_OPEN_READONLY` on a WAL database creates the `-wal` and `-shm`
    /// files and cannot remove them when it closes; a read-write connection that is the last to close removes
    /// them, so the folder is left as it was found.
    func readsThroughWritableConnection(_ path: String) -> Bool {
        guard self == .readOnly, !FileManager.default.fileExists(atPath: path + "-wal") else { return false }
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0
    }

    /// Checks, before SQLite touches the disk, that `path` may be opened in this mode: the folder exists for
    /// ``createFile``, the file exists and is a regular file for ``readOnly``.
    func checkBeforeOpening(_ path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        switch self {
        case .create:
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? manager.createDirectory(at: folder, withIntermediateDirectories: true)
        case .createFile:
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw StorageError.database(
                    message: "cannot create '\(path)': the folder '\(folder)' does not exist (Vernier creates the "
                        + "database file, not its folders; create the folder first or fix the path)",
                    code: 14)
            }
        case .readOnly, .existing:
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw StorageError.database(
                    message: "no database at '\(path)' (commands that only read never create one; check the "
                        + "--storage path, or run `vernier tune` to create a study there)",
                    code: 14)
            }
            guard !isDirectory.boolValue else {
                throw StorageError.database(message: "'\(path)' is a folder, not a database file", code: 14)
            }
        }
    }

    /// The error for a database that SQLite cannot use or that `PRAGMA quick_check` finds damaged, naming the
    /// file and how to recover.
    static func damaged(_ path: String, detail: String, code: Int32) -> StorageError {
        .database(
            message: "'\(path)' is damaged or is not a Vernier database (\(detail)); restore it from a backup, or "
                + "move it aside and let `vernier tune` start a new one (`sqlite3 '\(path)' .recover` may rescue "
                + "its rows)",
            code: code)
    }
}
