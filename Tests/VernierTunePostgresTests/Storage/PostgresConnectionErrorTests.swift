import Foundation
import Testing
import VernierTestSupport
import VernierTune
import VernierTunePostgres

@Suite(
    .enabled(
        if: TemporaryPostgresServer.isAvailable,
        "PostgreSQL server binaries (initdb, pg_ctl) not found: PostgreSQL connection tests skipped; install the 'postgresql' package (make deps does)"
    ))
struct PostgresConnectionErrorTests {
    @Test func aWrongPasswordIsAClearErrorWithoutThePassword() throws {
        let server = try TemporaryPostgresServer.shared()
        let wrong = server.url(database: "postgres", user: TemporaryPostgresServer.passwordUser, password: "wrong-pass")
        do {
            _ = try PostgresStorage(url: wrong, connectAttempts: 3, retryDelay: 0.01)
            Issue.record("a wrong password must be refused")
        } catch let error as StorageError {
            let message = error.description
            #expect(message.contains("refused user '\(TemporaryPostgresServer.passwordUser)' with the given password"))
            #expect(message.contains("password authentication failed"))
            #expect(message.contains("127.0.0.1:\(server.port)"))
            #expect(!message.contains("wrong-pass"))
        }
        let withoutPassword = server.url(database: "postgres", user: TemporaryPostgresServer.passwordUser)
        #expect(throws: StorageError.self) { _ = try PostgresStorage(url: withoutPassword, connectAttempts: 1) }
        let right = server.url(
            database: "postgres", user: TemporaryPostgresServer.passwordUser, password: TemporaryPostgresServer.password
        )
        let url = try server.createDatabase()
        let database = String(url.split(separator: "/").last!)
        let storage = try PostgresStorage(
            url: server.url(
                database: database, user: TemporaryPostgresServer.passwordUser,
                password: TemporaryPostgresServer.password))
        #expect(
            storage.url == "postgres://\(TemporaryPostgresServer.passwordUser)@127.0.0.1:\(server.port)/\(database)")
        #expect(!right.isEmpty)
    }

    @Test func anUnreachableServerIsRetriedThenReported() throws {
        let start = Date()
        do {
            _ = try PostgresStorage(
                url: "postgres://someone:hunter2@127.0.0.1:1/db", connectAttempts: 3, retryDelay: 0.01)
            Issue.record("nothing listens on port 1")
        } catch let error as StorageError {
            let message = error.description
            #expect(message.contains("postgres://someone@127.0.0.1:1/db"))
            #expect(message.contains("cannot connect to 127.0.0.1:1 after 3 attempts"))
            #expect(message.contains("refused") || message.contains("could not connect"))
            #expect(!message.contains("hunter2"))
        }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func anUnknownDatabaseFailsAtOnce() throws {
        let server = try TemporaryPostgresServer.shared()
        do {
            _ = try PostgresStorage(url: server.url(database: "no_such_database"), connectAttempts: 50, retryDelay: 1)
            Issue.record("the database does not exist")
        } catch let error as StorageError {
            #expect(error.description.contains("no_such_database"))
            #expect(error.description.contains("does not exist"))
        }
    }

    @Test func badURLsAreRejectedWithTheAcceptedForm() throws {
        #expect(throws: StorageError.self) { _ = try PostgresStorage(url: "mysql://me@localhost/db") }
        do {
            _ = try PostgresStorage(url: "postgres://me:secret@localhost:notaport/db")
            Issue.record("the port is not a number")
        } catch let error as StorageError {
            guard case .invalidURL(let url, let reason) = error else {
                Issue.record("expected invalidURL, got \(error)")
                return
            }
            #expect(!url.contains("secret"))
            #expect(reason.contains("postgres://user:password@host:port/database"))
        }
        #expect(throws: StorageError.self) { _ = try PostgresStorage(connectionString: "host=localhost port") }
        do {
            _ = try PostgresStorage(url: "postgres://me@localhost/db?no_such_option=1")
            Issue.record("libpq rejects unknown URI parameters")
        } catch let error as StorageError {
            #expect(error.description.contains("no_such_option"))
            #expect(error.description.contains("invalid storage URL"))
        }
    }

    @Test func connectionInfoIsRedacted() throws {
        let info = try PostgresConnectionInfo(
            connectionString: "postgresql://me:s3cret@db.lan:6543/runs?sslmode=disable")
        #expect(info.user == "me")
        #expect(info.host == "db.lan")
        #expect(info.port == "6543")
        #expect(info.database == "runs")
        #expect(info.hasPassword)
        #expect(info.redacted == "postgres://me@db.lan:6543/runs")
        #expect(info.endpoint == "db.lan:6543")
        let keywords = try PostgresConnectionInfo(connectionString: "dbname=runs user=me")
        #expect(keywords.redacted == "postgres://me@localhost/runs")
        #expect(!keywords.hasPassword)
    }

    @Test func storageURLsOpenPostgres() throws {
        let url = try freshDatabaseURL()
        let storage = try #require(try StorageURL(parsing: url).openPostgresStorage())
        #expect(storage.url == url)
        #expect(try StorageURL(parsing: "memory:").openPostgresStorage() == nil)
        #expect(try StorageURL(parsing: "sqlite:x.db").openPostgresStorage() == nil)
    }
}
