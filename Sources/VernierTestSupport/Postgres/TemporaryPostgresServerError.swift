/// Why a ``TemporaryPostgresServer`` could not start.
///
/// ```swift
/// catch TemporaryPostgresServerError.notInstalled { print("install postgresql") }
/// ```
public enum TemporaryPostgresServerError: Error, Sendable, CustomStringConvertible {
    /// No `initdb`/`pg_ctl`/`psql` (install the Debian package `postgresql`, or run `make deps`).
    case notInstalled
    /// Running as root, but the `postgres` account to run the server as does not exist.
    case noServerUser(String)
    /// No TCP port could be reserved.
    case noFreePort
    /// A PostgreSQL tool exited with a failure.
    case toolFailed(command: String, status: Int32, output: String)

    /// A one-paragraph explanation.
    public var description: String {
        switch self {
        case .notInstalled:
            return "PostgreSQL server binaries (initdb, pg_ctl, psql) not found; install the 'postgresql' package "
                + "(make deps)"
        case .noServerUser(let user):
            return "running as root, but there is no '\(user)' account to run PostgreSQL as"
        case .noFreePort: return "no free TCP port on 127.0.0.1"
        case .toolFailed(let command, let status, let output):
            return "'\(command)' failed with status \(status):\n\(output)"
        }
    }
}
