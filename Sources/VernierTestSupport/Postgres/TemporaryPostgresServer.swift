import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A throw-away PostgreSQL server for tests: `initdb` in a temporary folder, `pg_ctl start` on a free port of
/// 127.0.0.1, and `pg_ctl stop` plus removal of the folder at the end (``stop()``, or at process exit for
/// ``shared()``). Uses the server binaries of the Debian `postgresql` package (`pg_config --bindir` or
/// `/usr/lib/postgresql/*/bin`); when the process runs as root, the server runs as the `postgres` user through
/// `runuser`, because PostgreSQL refuses to run as root.
///
/// The superuser `vernier` connects without a password (trust); the role ``passwordUser`` must give
/// ``password`` over TCP (SCRAM), so tests can check a wrong password. The server runs with `fsync=off`: fast,
/// and fine for data that dies with the test.
///
/// ```swift
/// @Test(.enabled(if: TemporaryPostgresServer.isAvailable)) func roundTrip() throws {
///     let url = try TemporaryPostgresServer.shared().createDatabase()
///     let storage = try PostgresStorage(url: url)
/// }
/// ```
public final class TemporaryPostgresServer: Sendable {
    /// The superuser (trust authentication).
    public static let user = "vernier"
    /// A role that must authenticate with ``password`` (SCRAM over TCP).
    public static let passwordUser = "vernier_password"
    /// The password of ``passwordUser``.
    public static let password = "correct-horse-battery"

    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// The temporary folder with the data directory, the log and the socket.
    public let directory: URL
    private let binaries: URL
    private let runAs: String?
    private let databaseCounter = Mutex(0)
    private let stopped = Mutex(false)

    /// Where `initdb`, `pg_ctl` and `psql` live, or `nil` when the PostgreSQL server is not installed.
    ///
    /// ```swift
    /// TemporaryPostgresServer.binaryDirectory   // "/usr/lib/postgresql/15/bin"
    /// ```
    public static let binaryDirectory: String? = findBinaries()

    /// Whether a server can be started here (the binaries exist).
    ///
    /// ```swift
    /// @Test(.enabled(if: TemporaryPostgresServer.isAvailable, "PostgreSQL not installed")) func t() {}
    /// ```
    public static var isAvailable: Bool { binaryDirectory != nil }

    private static let sharedServer: Result<TemporaryPostgresServer, any Error> = Result {
        let server = try TemporaryPostgresServer()
        atexit { TemporaryPostgresServer.stopSharedAtExit() }
        return server
    }

    /// The server of this test process: started on first use, stopped when the process exits.
    ///
    /// ```swift
    /// let server = try TemporaryPostgresServer.shared()
    /// ```
    public static func shared() throws -> TemporaryPostgresServer { try sharedServer.get() }

    private static func stopSharedAtExit() { (try? sharedServer.get())?.stop() }

    /// Starts a new server; throws ``TemporaryPostgresServerError`` with the tool's output when it cannot.
    ///
    /// ```swift
    /// let server = try TemporaryPostgresServer()
    /// defer { server.stop() }
    /// ```
    public init() throws {
        guard let binaryDirectory = Self.binaryDirectory else {
            throw TemporaryPostgresServerError.notInstalled
        }
        binaries = URL(fileURLWithPath: binaryDirectory)
        runAs = getuid() == 0 ? "postgres" : nil
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "vernier-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let runAs {
            guard let account = getpwnam(runAs) else { throw TemporaryPostgresServerError.noServerUser(runAs) }
            chown(directory.path, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        let data = directory.appendingPathComponent("data").path
        try Self.run(
            binaries.appendingPathComponent("initdb").path,
            ["-D", data, "-U", Self.user, "--auth=trust", "-E", "UTF8", "--locale=C", "-N"], as: runAs)
        let rules = """
            local all all trust
            host all \(Self.passwordUser) 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust

            """
        try rules.write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        var lastError: (any Error)?
        var startedPort: Int?
        for _ in 0..<5 {
            let candidate = try Self.freePort()
            let options =
                "-p \(candidate) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off "
                + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
            do {
                try Self.run(
                    binaries.appendingPathComponent("pg_ctl").path,
                    [
                        "-D", data, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60",
                        "-o", options, "start",
                    ], as: runAs)
                startedPort = candidate
                break
            } catch {
                lastError = error
            }
        }
        guard let startedPort else {
            try? FileManager.default.removeItem(at: directory)
            throw lastError ?? TemporaryPostgresServerError.notInstalled
        }
        port = startedPort
        try runSQL(
            "CREATE ROLE \(Self.passwordUser) LOGIN SUPERUSER PASSWORD '\(Self.password)'", database: "postgres")
    }

    deinit { stop() }

    /// `postgres://user[:password]@127.0.0.1:port/database`.
    ///
    /// ```swift
    /// server.url(database: "postgres")   // "postgres://vernier@127.0.0.1:54321/postgres"
    /// ```
    public func url(
        database: String, user: String = TemporaryPostgresServer.user, password: String? = nil
    )
        -> String
    {
        "postgres://\(user)\(password.map { ":\($0)" } ?? "")@127.0.0.1:\(port)/\(database)"
    }

    /// Creates a new empty database and returns its URL (for the trusted superuser).
    ///
    /// ```swift
    /// let url = try server.createDatabase()   // postgres://vernier@127.0.0.1:54321/vernier_test_1
    /// ```
    public func createDatabase() throws -> String {
        let number = databaseCounter.withLock { counter in
            counter += 1
            return counter
        }
        let name = "vernier_test_\(number)"
        try runSQL("CREATE DATABASE \(name)", database: "postgres")
        return url(database: name)
    }

    /// Runs SQL with `psql` as the superuser and returns its output (unaligned, tuples only).
    ///
    /// ```swift
    /// try server.runSQL("UPDATE schema_version SET version = 99", database: "vernier_test_1")
    /// ```
    @discardableResult
    public func runSQL(_ sql: String, database: String) throws -> String {
        try Self.run(
            binaries.appendingPathComponent("psql").path,
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user,
                "-d", database, "-c", sql,
            ], as: nil)
    }

    /// Stops the server (immediate shutdown) and removes its folder; later calls do nothing.
    ///
    /// ```swift
    /// server.stop()
    /// ```
    public func stop() {
        let alreadyStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !alreadyStopped else { return }
        _ = try? Self.run(
            binaries.appendingPathComponent("pg_ctl").path,
            ["-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Helpers

    private static func findBinaries() -> String? {
        let fileManager = FileManager.default
        func valid(_ folder: String) -> Bool {
            ["initdb", "pg_ctl", "psql"].allSatisfy { fileManager.isExecutableFile(atPath: folder + "/" + $0) }
        }
        if let configured = try? run("/usr/bin/env", ["pg_config", "--bindir"], as: nil)
            .trimmingCharacters(in: .whitespacesAndNewlines), valid(configured)
        {
            return configured
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? fileManager.contentsOfDirectory(atPath: root)) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }.first(where: valid)
    }

    /// Runs a tool (through `runuser -u user --` when `user` is set) and returns stdout and stderr.
    ///
    /// Uses `posix_spawn` and `waitpid` rather than Foundation's `Process`: `pg_ctl start` leaves a daemon behind,
    /// and `Process` on Linux was seen to wait forever for such a child (never reaped) from a test's thread.
    /// Output goes to a temporary file, so a daemon inheriting it cannot block a reader.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], as user: String?) throws -> String {
        let argv =
            user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] + arguments } ?? [executable] + arguments
        let outputPath = NSTemporaryDirectory() + "vernier-pg-tool-\(getpid())-\(UUID().uuidString.prefix(8)).log"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw TemporaryPostgresServerError.toolFailed(
                command: argv.joined(separator: " "), status: spawned, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        let exitCode = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exitCode == 0 else {
            throw TemporaryPostgresServerError.toolFailed(
                command: ([executable] + arguments).joined(separator: " "), status: exitCode, output: output)
        }
        return output
    }

    /// A TCP port that was free a moment ago (bind to port 0, read it back, close).
    private static func freePort() throws -> Int {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { throw TemporaryPostgresServerError.noFreePort }
        defer { close(socketHandle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                guard bind(socketHandle, generic, length) == 0 else { return false }
                return getsockname(socketHandle, generic, &length) == 0
            }
        }
        guard bound else { throw TemporaryPostgresServerError.noFreePort }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
