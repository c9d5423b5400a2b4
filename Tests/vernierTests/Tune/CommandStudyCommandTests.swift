import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `vernier tune` on a command study: nothing a program started outlives a killed `vernier`, the per-trial timeout
/// and stop grace period are options a rerun may change, and a study folder can move.
@Suite struct CommandStudyCommandTests {
    func binary() throws -> String {
        try #require(vernierBinary(), "the vernier binary is built with the tests (swift test builds every target)")
    }

    func write(_ files: [String: String], in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// Whether process `pid` has ended (a zombie nobody reaped yet counts as ended).
    static func hasEnded(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return kill(pid, 0) != 0
        }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state == "Z" || state == "X"
    }

    /// The number in `file` once something has written it (20 s at most).
    static func number(in file: URL) -> pid_t? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8), text.hasSuffix("\n"),
                let value = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return value
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    @Test func killingVernierWithSIGKILLEndsTheProgramAndWhatItStarted() throws {
        let folder = try temporaryFolder()
        try write(
            [
                "run.sh": """
                sleep 30 &
                echo $! > child.pid
                echo $$ > shell.pid
                wait
                """,
                "study.yaml": """
                study: orphans
                command: [sh, run.sh]
                trials: 1
                stop_grace: 1
                parameters:
                  x: {type: float, low: 0, high: 1}
                """,
            ], in: folder)
        let process = try startVernier(
            ["tune", "study.yaml", "--storage", "sqlite:v.db", "--report", "none"], in: folder)
        let child = try #require(Self.number(in: folder.appendingPathComponent("child.pid")), "no program started")
        let shell = try #require(Self.number(in: folder.appendingPathComponent("shell.pid")))
        defer {
            kill(child, SIGKILL)
            process.waitUntilExit()  // only now: Foundation's wait lasts as long as the orphans would
        }
        kill(process.processIdentifier, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while !(Self.hasEnded(child) && Self.hasEnded(shell)) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(Self.hasEnded(shell), "the program outlived vernier")
        #expect(Self.hasEnded(child), "the program's child outlived vernier")
    }

    @Test func theTrialTimeoutAndStopGraceAreOptionsARerunMayChange() throws {
        let folder = try temporaryFolder()
        try write(
            [
                "run.sh": """
                if [ -f slow ]; then sleep 30; fi
                echo '{"vernier": "result", "value": 1}'
                """,
                "study.yaml": """
                study: limits
                command: [sh, run.sh]
                trial_timeout: 1h
                parameters:
                  x: {type: float, low: 0, high: 1}
                """,
                "slow": "",
            ], in: folder)
        let negative = try runVernier(
            try binary(), ["tune", "study.yaml", "--storage", "sqlite:v.db", "--trial-timeout", "-1"], in: folder)
        #expect(negative.status != 0)
        #expect(negative.output.contains("--trial-timeout must be a positive number of seconds, got -1.0"))
        let zero = try runVernier(
            try binary(), ["tune", "study.yaml", "--storage", "sqlite:v.db", "--stop-grace", "0"], in: folder)
        #expect(zero.output.contains("--stop-grace must be a positive number of seconds, got 0.0"))
        let builtIn = try runVernier(
            try binary(), ["tune", "branin", "--storage", "sqlite:v.db", "--trial-timeout", "5"], in: folder)
        #expect(builtIn.status != 0)
        #expect(builtIn.output.contains("--trial-timeout applies to a command study only"), "\(builtIn.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("v.db").path))

        let arguments = ["tune", "study.yaml", "--storage", "sqlite:v.db", "--report", "none"]
        let first = try runVernier(
            try binary(), arguments + ["--trials", "1", "--trial-timeout", "1", "--stop-grace", "1"], in: folder)
        #expect(first.output.contains("trial timeout (1 s)"), "\(first.output)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("slow"))
        let second = try runVernier(try binary(), arguments + ["--trials", "2", "--trial-timeout", "30"], in: folder)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("1 complete"), "\(second.output)")
    }

    @Test func aStudyFolderCanMoveAndTheStudyGoesOn() throws {
        let root = try temporaryFolder()
        let before = root.appendingPathComponent("before")
        try write(
            [
                "run.sh": #"echo "{\"vernier\": \"result\", \"value\": $1}""#,
                "study.yaml": """
                study: moving
                command: [sh, run.sh, "{x}"]
                parameters:
                  x: {type: float, low: 0, high: 1}
                """,
            ], in: before.appendingPathComponent("project"))
        let arguments = ["tune", "project/study.yaml", "--storage", "sqlite:v.db", "--report", "none", "--out", "out"]
        let first = try runVernier(try binary(), arguments + ["--trials", "1"], in: before)
        #expect(first.status == 0, "\(first.output)")
        let after = root.appendingPathComponent("after")
        try FileManager.default.moveItem(at: before, to: after)
        let second = try runVernier(try binary(), arguments + ["--trials", "2"], in: after)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("2 complete"), "\(second.output)")
        #expect(FileManager.default.fileExists(atPath: after.appendingPathComponent("out/trials/1.log").path))
    }
}
