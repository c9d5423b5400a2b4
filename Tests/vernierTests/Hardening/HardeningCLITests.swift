import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Run against the built binary: option values, mistyped commands, storage paths, output folders,
/// the dashboard's bind and a training run that goes nowhere.
@Suite struct HardeningCLITests {
    func vernier(_ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String) {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        return try runVernier(binary, arguments, in: folder ?? temporaryFolder())
    }

    /// Every file and folder under `folder`, relative.
    func listing(_ folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test(arguments: [
        (["tune", "sphere", "--storage", "memory:", "--trials", "-1"], "--trials must be at least 1, got -1"),
        (["tune", "sphere", "--storage", "memory:", "--timeout", "-5"], "--timeout must be a positive number"),
        (["tune", "sphere", "--storage", "memory:", "--timeout=-5"], "--timeout must be a positive number"),
        (["tune", "sphere", "--storage", "memory:", "--seed", "-1"], "'-1' is invalid for '--seed"),
        (["train", "spirals", "--seed", "-1"], "'-1' is invalid for '--seed"),
        (["tune", "sphere", "--storage", "memory:", "--repeats", "-1"], "--repeats must be at least 1"),
        (["tune", "sphere", "--storage", "memory:", "--candidates", "-3"], "--candidates must be at least 1"),
        (["tune", "sphere", "--storage", "memory:", "--workers", "-2"], "--workers must be at least 1"),
        (["tune", "sphere", "--storage", "memory:", "--heartbeat-interval", "-1"], "--heartbeat-interval must be"),
        (["tune", "sphere", "--storage", "memory:", "--pruner", "sha", "--min-epochs", "-1"], "--pruner"),
        (["studies", "best", "x", "--storage", "memory:", "--tolerance", "-1"], "--tolerance"),
    ])
    func negativeOptionValuesNameTheOption(arguments: [String], expected: String) throws {
        let run = try vernier(arguments)
        #expect(run.status != 0)
        #expect(run.output.contains(expected), "\(run.output)")
        #expect(!run.output.contains("Missing value"))
    }

    @Test func aMistypedSubcommandIsNamedWithTheClosest() throws {
        let run = try vernier(["trian", "spirals"])
        #expect(run.status != 0)
        #expect(run.output.contains("unknown command 'trian'"), "\(run.output)")
        #expect(run.output.contains("did you mean 'train'?"))
        let nested = try vernier(["studies", "lsit"])
        #expect(nested.status != 0)
        #expect(nested.output.contains("unknown command 'lsit' for 'vernier studies'; did you mean 'list'?"))
    }

    @Test func readCommandsNeverCreateADatabase() throws {
        let folder = try temporaryFolder()
        for arguments in [
            ["studies", "list"], ["studies", "list", "--storage", "sqlite:typo.db"],
            ["studies", "show", "x", "--storage", "sqlite:typo.db"],
            ["studies", "best", "x", "--storage", "sqlite:t.db"],
            ["studies", "export", "x", "--storage", "sqlite:t.db"], ["report", "x", "--storage", "sqlite:t.db"],
            ["dashboard", "--storage", "sqlite:t.db", "--port", "0"],
            ["dashboard", "--storage", "sqlite:t.db", "--port", "0", "--allow-delete"],
            ["studies", "delete", "x", "--storage", "sqlite:typo.db"],
        ] {
            let run = try vernier(arguments, in: folder)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.output.contains("no database at"), "\(arguments): \(run.output)")
            #expect(listing(folder).isEmpty, "\(arguments) left \(listing(folder))")
        }
    }

    @Test func tuneCreatesTheFileButNotMissingFolders() throws {
        let folder = try temporaryFolder()
        let missing = folder.appendingPathComponent("nonexistent-dir/x/y.db").path
        let run = try vernier(["tune", "sphere", "--storage", "sqlite:\(missing)", "--trials", "2"], in: folder)
        #expect(run.status != 0)
        #expect(run.output.contains("does not exist"), "\(run.output)")
        #expect(listing(folder).isEmpty)
        let made = try vernier(
            ["tune", "sphere", "--storage", "sqlite:v.db", "--trials", "2", "--quiet", "--report", "none"], in: folder)
        #expect(made.status == 0, "\(made.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("v.db").path))
        let list = try vernier(["studies", "list", "--storage", "sqlite:v.db"], in: folder)
        #expect(list.status == 0 && list.output.contains("sphere-random"), "\(list.output)")
    }

    @Test func askRefusesIntegerBoundsItCannotRepresent() throws {
        let run = try vernier([
            "ask", "--study", "s", "--storage", "memory:", "--param", "n=int:-5:9223372036854775807",
        ])
        #expect(run.status != 0)
        #expect(run.output.contains("parameter 'n'") && run.output.contains("9223372036854775807"), "\(run.output)")
    }

    /// A study-file grid over a huge finite range sweeps 5 spread values (as for a continuous float) instead of
    /// building every value: no 24 TB allocation, no spinning.
    @Test(arguments: [
        "x0: {type: float, low: 0, high: 1, step: 1e-12}", "x0: {type: int, low: 1, high: 1000000000000}",
    ])
    func aGridOverAHugeRangeSweepsInsteadOfAllocating(parameter: String) throws {
        let folder = try temporaryFolder()
        let study = "study: g\nobjective: sphere\nsampler: grid\nparameters:\n  \(parameter)\n"
        try study.write(to: folder.appendingPathComponent("g.yaml"), atomically: true, encoding: .utf8)
        let run = try vernier(["tune", "g.yaml", "--storage", "memory:", "--report", "none"], in: folder)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("Trials: 5 complete"), "\(run.output)")
    }

    @Test func trainChecksTheOutputFolderBeforeTraining() throws {
        let folder = try temporaryFolder()
        FileManager.default.createFile(atPath: folder.appendingPathComponent("taken").path, contents: Data("x".utf8))
        let run = try vernier(["train", "spirals", "--out", "taken", "--set", "epochs=200"], in: folder)
        #expect(run.status != 0)
        #expect(run.output.contains("--out taken: a file of that name exists"), "\(run.output)")
        #expect(!run.output.contains("epoch"))
        let below = try vernier(["train", "spirals", "--out", "taken/run", "--set", "epochs=200"], in: folder)
        #expect(below.status != 0)
        #expect(below.output.contains("is a file, so the folder cannot be created"), "\(below.output)")
    }

    @Test func trainingThatMakesNoProgressSaysSo() throws {
        let run = try vernier(["train", "spirals", "--set", "lr=1000", "--set", "epochs=5", "--quiet"])
        #expect(run.output.contains("warning: training made no progress"), "\(run.output)")
        // lr 1000 saturates the sigmoid at once: the loss sits flat, so both directions are named.
        #expect(run.output.contains("smaller lr"), "\(run.output)")
        let flat = try vernier(["train", "iris", "--set", "lr=0.00001", "--set", "epochs=3", "--quiet"])
        #expect(
            flat.output.contains(
                "the loss barely moved: the learning rate may be too small (try a larger lr) or so large that the "
                    + "units saturated (try a smaller lr)"), "\(flat.output)")
        let diverged = try vernier(["train", "iris", "--set", "lr=50", "--set", "epochs=3", "--quiet"])
        #expect(
            diverged.output.contains("the loss diverged: the learning rate may be too large, try a smaller lr"),
            "\(diverged.output)")
        let fine = try vernier(["train", "spirals", "--set", "epochs=5", "--quiet"])
        #expect(fine.status == 0)
        #expect(!fine.output.contains("no progress"), "\(fine.output)")
    }

    @Test func theDashboardWarnsOnANonLoopbackHostAndNamesABusyPort() throws {
        // Hold a port on every interface so that the dashboard's bind fails.
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketHandle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = INADDR_ANY
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketHandle, $0, length) }
        }
        #expect(bound == 0)
        #expect(listen(socketHandle, 1) == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketHandle, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let run = try vernier(["dashboard", "--storage", "memory:", "--host", "0.0.0.0", "--port", String(port)])
        #expect(run.status != 0)
        #expect(run.output.contains("warning: --host 0.0.0.0 exposes the dashboard"), "\(run.output)")
        #expect(run.output.contains("port \(port) is in use"), "\(run.output)")
        #expect(run.output.contains("choose another with --port"))
        #expect(!run.output.contains("errno"))
    }
}
