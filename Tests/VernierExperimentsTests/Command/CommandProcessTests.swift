import Foundation
import Testing

@testable import VernierExperiments

#if canImport(Glibc)
import Glibc
#endif

/// `CommandProcess` directly: the keeper process that leads each program's group hands the program's exit status
/// or signal through, and the program inherits only standard input, output and error.
@Suite struct CommandProcessTests {
    func run(_ script: String) throws -> (CommandProcess.Outcome, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-process-\(UUID()).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = CommandProcess(
            arguments: ["/bin/sh", "-c", script], environment: [:], directory: "/", timeout: 20, stopGrace: 1)
        let outcome = try process.run(log: try CommandOutputLog(path: path)) { _ in .continue }
        return (outcome, try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func theProgramsExitStatusAndSignalComeThroughItsKeeper() throws {
        let (exited, _) = try run("exit 3")
        #expect(exited.exitStatus == 3)
        #expect(exited.signal == nil)
        let (signalled, _) = try run("kill -USR1 $$; sleep 5")
        #expect(signalled.signal == SIGUSR1)
        #expect(signalled.exitStatus == nil)
        let (killed, _) = try run("kill -KILL $$")
        #expect(killed.signal == SIGKILL)
    }

    @Test func theProgramInheritsNoDescriptorBeyondStandardError() throws {
        // A descriptor of this process without close-on-exec (a library may open one like this).
        let leaked = open("/dev/null", O_RDONLY)
        #expect(leaked > 2)
        defer { close(leaked) }
        // The shell lists its own descriptors (no subprocess, whose pipes would join the list); 3 is the folder
        // its glob reads.
        let (outcome, log) = try run(#"for f in /proc/$$/fd/*; do printf "%s " "${f##*/}"; done; echo"#)
        #expect(outcome.exitStatus == 0)
        #expect(log == "0 1 2 3 \n", "the program's descriptors: \(log)")
    }
}

/// Where a command study's paths point: as the user wrote them.
@Suite struct CommandPathTests {
    @Test func theWorkingDirectoryIsTheStudyFilesFolderAsWritten() {
        #expect(CommandObjective.directory(ofStudyFile: "study.yaml") == ".")
        #expect(CommandObjective.directory(ofStudyFile: "./study.yaml") == ".")
        #expect(CommandObjective.directory(ofStudyFile: "project/study.yaml") == "project")
        #expect(CommandObjective.directory(ofStudyFile: "./a/./b/study.yaml") == "a/b")
        #expect(CommandObjective.directory(ofStudyFile: "../up/study.yaml") == "../up")
        #expect(CommandObjective.directory(ofStudyFile: "/srv/project/../p/study.yaml") == "/srv/p")
    }

    @Test func theDefaultLogFolderIsRelativeToTheCurrentDirectory() throws {
        let command = CommandObjective(
            template: try CommandTemplate(arguments: ["sh", "run.sh"], shell: false), directory: "project")
        #expect(command.logFolder(study: "s") == "runs/tune/s/trials")
        var moved = command
        moved.logDirectory = "/elsewhere/trials"
        moved.trialTimeout = 3
        #expect(moved.comparedRecipe == command.comparedRecipe)
        #expect(
            command.comparedRecipe.directory
                == URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("project")
                .standardizedFileURL.path)
    }
}
