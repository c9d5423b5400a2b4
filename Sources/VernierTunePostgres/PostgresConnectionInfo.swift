import CPostgreSQL
import Foundation
import VernierTune

/// The parts of a libpq connection string (URI `postgres://…` or `key=value` form) that identify a server,
/// parsed by libpq itself (`PQconninfoParse`), and a description without the password for messages.
///
/// ```swift
/// let info = try PostgresConnectionInfo(connectionString: "postgres://me:secret@db:6543/runs")
/// info.redacted   // "postgres://me@db:6543/runs"
/// ```
public struct PostgresConnectionInfo: Sendable, Hashable {
    /// The role name, when given.
    public var user: String?
    /// The host name, address or socket folder, when given.
    public var host: String?
    /// The port, when given.
    public var port: String?
    /// The database name, when given.
    public var database: String?
    /// Whether the string carries a password (never stored here).
    public var hasPassword: Bool

    /// Parses a connection string; throws ``StorageError/invalidURL(_:reason:)`` with libpq's explanation
    /// (the password is removed from the message).
    ///
    /// ```swift
    /// let info = try PostgresConnectionInfo(connectionString: "host=127.0.0.1 port=5432 dbname=runs")
    /// ```
    public init(connectionString: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "libpq cannot parse it"
            if let errorMessage { PQfreemem(errorMessage) }
            throw StorageError.invalidURL(
                Self.roughlyRedacted(connectionString),
                reason: reason.trimmingCharacters(in: .whitespacesAndNewlines)
                    + "; use postgres://user:password@host:port/database")
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        user = values["user"]
        host = values["host"] ?? values["hostaddr"]
        port = values["port"]
        database = values["dbname"]
        hasPassword = values["password"] != nil
        // libpq checks ports only when connecting; a typo here is a URL error, not an unreachable server.
        for component in (port ?? "").split(separator: ",", omittingEmptySubsequences: false) where !component.isEmpty {
            guard let number = Int(component), (1...65535).contains(number) else {
                throw StorageError.invalidURL(
                    Self.roughlyRedacted(connectionString),
                    reason: "the port '\(component)' is not a number from 1 to 65535; "
                        + "use postgres://user:password@host:port/database")
            }
        }
    }

    /// `postgres://user@host:port/database` with libpq's defaults shown for missing parts; never the password.
    public var redacted: String {
        let userPart = user.map { "\($0)@" } ?? ""
        let hostPart = host ?? "localhost"
        let portPart = port.map { ":\($0)" } ?? ""
        let databasePart = database.map { "/\($0)" } ?? ""
        return "postgres://\(userPart)\(hostPart)\(portPart)\(databasePart)"
    }

    /// `host:port` for messages, with libpq's defaults (local socket, 5432) spelled out.
    public var endpoint: String { "\(host ?? "localhost (default socket)"):\(port ?? "5432")" }

    /// Removes a `:password@` part from a URI that libpq could not parse, for error messages.
    static func roughlyRedacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex)
        else { return text }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
    }
}
