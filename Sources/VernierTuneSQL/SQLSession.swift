import Foundation
import VernierTune

/// One connection of a ``SQLStorage`` with what goes with it: the statements in its dialect, the JSON coders and
/// the caches. Only ever used while the storage's mutex is held, hence `@unchecked Sendable`.
package final class SQLSession<Connection: SQLConnection>: @unchecked Sendable {
    /// The connection.
    package let connection: Connection
    /// The dialect the statements are written in.
    package let dialect: SQLDialect
    /// The statements for the open database's schema (see ``SQLStorage/readSchema(version:)``).
    var statements: SQLStatements
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()
    private var distributionCache: [String: Distribution] = [:]
    private var distributionJSON: [Distribution: String] = [:]
    /// The distribution JSON stored per (study, parameter name); rule 5 makes it immutable, so a parameter whose
    /// JSON matches needs no check against the database.
    var storedDistributions: [Int64: [String: String]] = [:]
    /// The study of each trial this connection claimed or wrote and has not finished (trials never move).
    var trialStudies: [Int64: Int64] = [:]

    init(connection: Connection, dialect: SQLDialect) {
        self.connection = connection
        self.dialect = dialect
        self.statements = SQLStatements(dialect)
        encoder.outputFormatting = [.sortedKeys]
    }

    /// Runs `body` as one transaction of `kind` on the connection.
    package func transaction<T>(_ kind: SQLTransactionKind, _ body: (SQLSession) throws -> T) throws -> T {
        try connection.transaction(kind) { try body(self) }
    }

    @discardableResult
    func query(_ sql: String, _ bindings: [SQLValue] = []) throws -> [SQLRow] {
        try connection.query(sql, bindings)
    }

    func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The JSON of a distribution, encoded once per distinct distribution (every trial stores its parameters').
    func json(_ distribution: Distribution) throws -> String {
        if let cached = distributionJSON[distribution] { return cached }
        let text = String(decoding: try encoder.encode(distribution), as: UTF8.self)
        distributionJSON[distribution] = text
        return text
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
