import CPostgreSQL
import Foundation
import VernierTune
import VernierTuneSQL

extension PostgresStorage {
    /// Opens a connection, retrying unreachable servers with exponential backoff; a refused password, an unknown
    /// role or database fail at once.
    static func connect(
        _ connectionString: String, info: PostgresConnectionInfo, attempts: Int, retryDelay: TimeInterval
    ) throws -> PostgresConnection {
        var lastMessage = ""
        for attempt in 1...attempts {
            // Defaults first, then the caller's string (expanded from `dbname`), whose settings win.
            let keywords = ["connect_timeout", "application_name", "dbname"]
            let values = ["10", "vernier", connectionString]
            let handle = withCStrings(keywords) { keywordPointers in
                withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
            }
            guard let handle else {
                throw StorageError.backendUnavailable(info.redacted, reason: "libpq is out of memory")
            }
            if PQstatus(handle) == CONNECTION_OK { return PostgresConnection(handle: handle, info: info) }
            lastMessage = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            let needsPassword = PQconnectionNeedsPassword(handle) != 0
            PQfinish(handle)
            if needsPassword || isAuthenticationFailure(lastMessage) {
                throw StorageError.backendUnavailable(
                    info.redacted,
                    reason: "the server at \(info.endpoint) refused user '\(info.user ?? "(default)")' "
                        + (info.hasPassword ? "with the given password" : "without a password")
                        + " (check the password in the URL, PGPASSWORD or ~/.pgpass): \(lastMessage)")
            }
            if isPermanentFailure(lastMessage) {
                throw StorageError.backendUnavailable(
                    info.redacted, reason: "the server at \(info.endpoint) refused the connection: \(lastMessage)")
            }
            if attempt < attempts { PostgresConnection.pause(attempt: attempt, base: retryDelay) }
        }
        throw StorageError.backendUnavailable(
            info.redacted,
            reason: "cannot connect to \(info.endpoint) after \(attempts) attempt\(attempts == 1 ? "" : "s"): "
                + lastMessage)
    }

    static func isAuthenticationFailure(_ message: String) -> Bool {
        message.contains("authentication failed") || message.contains("no password supplied")
            || message.contains("password is required")
    }

    static func isPermanentFailure(_ message: String) -> Bool {
        message.contains("does not exist") || message.contains("no pg_hba.conf entry")
            || message.contains("invalid") || message.contains("permission denied")
    }
}

/// Calls `body` with a `NULL`-terminated array of C strings that lives for the call.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for copy in copies { free(copy) } }
    return copies.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { body($0.baseAddress!) }
    }
}
