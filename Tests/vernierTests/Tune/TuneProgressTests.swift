import Foundation
import Testing

/// The output of `vernier tune` read as a log or a pipe reads it.
@Suite struct TuneProgressTests {
    /// Runs `vernier` with standard output on a pipe and returns what each read of the pipe returned.
    func readsOfThePipe(_ arguments: [String]) throws -> (status: Int32, chunks: [String]) {
        let binary = try #require(vernierBinary(), "no vernier binary found (build it with `swift build`)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = try temporaryFolder()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var chunks: [String] = []
        while case let data = pipe.fileHandleForReading.availableData, !data.isEmpty {
            chunks.append(String(decoding: data, as: UTF8.self))
        }
        process.waitUntilExit()
        return (process.terminationStatus, chunks)
    }

    @Test func eachTrialLineReachesThePipeWhenTheTrialFinishes() throws {
        let run = try readsOfThePipe([
            "tune", "spirals", "--sampler", "random", "--trials", "3", "--vectorize", "off", "--storage", "memory:",
            "--report", "none",
        ])
        #expect(run.status == 0, "\(run.chunks.joined())")
        // Block-buffered output would arrive in one piece when the process exits; line-buffered output arrives
        // trial by trial, so the read holding the first trial's line does not hold the second's.
        let first = try #require(run.chunks.firstIndex { $0.contains("[ 1/3]") }, "\(run.chunks)")
        #expect(!run.chunks[first].contains("[ 2/3]"), "\(run.chunks)")
        #expect(!run.chunks[first].contains("Trials:"), "\(run.chunks)")
    }

    @Test func trialsTrainedTogetherPrintOneLineEachWithTheirOwnCount() throws {
        let run = try readsOfThePipe([
            "tune", "spirals", "--sampler", "random", "--trials", "4", "--storage", "memory:", "--report", "none",
        ])
        let output = run.chunks.joined()
        #expect(run.status == 0, "\(output)")
        let counters = output.split(separator: "\n").filter { $0.hasPrefix("[") }.map { $0.prefix { $0 != "]" } }
        #expect(counters == ["[ 1/4", "[ 2/4", "[ 3/4", "[ 4/4"], "\(output)")
        #expect(output.contains("Trials: 4 complete"), "\(output)")
    }
}

@Suite struct HelpTextTests {
    @Test func trainHelpListsEveryKeyWholeWithinEightyColumnsAndEachDefaultOnce() throws {
        let binary = try #require(vernierBinary(), "no vernier binary found (build it with `swift build`)")
        let help = try runVernier(binary, ["train", "--help"], in: try temporaryFolder())
        #expect(help.status == 0)
        #expect(help.output.contains("  validation-fraction  "), "\(help.output)")
        let keyLines = help.output.split(separator: "\n").drop { !$0.hasPrefix("Keys (--set") }
            .prefix { !$0.hasPrefix("USAGE:") }
        #expect(keyLines.count > 20)
        #expect(keyLines.allSatisfy { $0.count <= 80 }, "\(keyLines.filter { $0.count > 80 })")
        // Every continuation line starts under its description column, never at the margin.
        #expect(keyLines.allSatisfy { $0.isEmpty || $0.hasPrefix(" ") || $0.contains(": ") }, "\(keyLines)")
        #expect(!help.output.lowercased().contains("default; default"))
        for line in keyLines where line.lowercased().components(separatedBy: "default").count > 2 {
            Issue.record("a default stated twice: \(line)")
        }
    }
}

@Suite struct RootHelpTests {
    @Test func rootHelpDocumentsShellCompletionAndTheScriptIsGenerated() throws {
        let binary = try #require(vernierBinary(), "no vernier binary found (build it with `swift build`)")
        let folder = try temporaryFolder()
        let help = try runVernier(binary, ["--help"], in: folder)
        #expect(help.output.contains("vernier --generate-completion-script bash"), "\(help.output)")
        let script = try runVernier(binary, ["--generate-completion-script", "bash"], in: folder)
        #expect(script.status == 0 && script.output.contains("-F _vernier vernier"), "\(script.output.suffix(200))")
    }
}

@Suite struct OptionHelpTests {
    @Test func noOptionStatesItsDefaultTwice() throws {
        let binary = try #require(vernierBinary(), "no vernier binary found (build it with `swift build`)")
        let folder = try temporaryFolder()
        // ArgumentParser appends "(default: X)" to an option with a default value; help that also says
        // "(default …)" would state it twice, possibly across a line break.
        let twice = try Regex(#"\(default[^)]*\)\.?\s+\(default:"#)
        for command in [["tune"], ["train"], ["worker"], ["report"], ["dashboard"], ["studies", "export"], ["lab"]] {
            let help = try runVernier(binary, command + ["--help"], in: folder)
            #expect(help.status == 0)
            #expect(
                help.output.firstMatch(of: twice) == nil,
                "vernier \(command.joined(separator: " ")) --help states a default twice")
        }
    }
}
