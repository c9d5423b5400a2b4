import Foundation
import Testing

/// What `--help` prints: wrapped key lists, each default once, shell completion documented.
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
