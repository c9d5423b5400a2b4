import Foundation
import Testing

/// Run against the built binary: a subcommand's refusal of a value prints alone (`Error: …`, exit 64), while what
/// parsing refuses (an unknown option, a missing argument) keeps the usage line.
@Suite struct RefusalCLITests {
    func vernier(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        return try runVernier(binary, arguments, in: try temporaryFolder())
    }

    @Test(arguments: [
        (
            ["studies", "show", "no-such-study", "--storage", "memory:"],
            "no study named 'no-such-study' in memory:; it holds no studies"
        ),
        (["report", "--compare", "no-such-folder"], "--compare no-such-folder: no such file or folder"),
        (["studies", "best", "no-such-study", "--storage", "memory:"], "no-such-study"),
        (["bench", "no-such-suite"], "unknown suite 'no-such-suite'"),
        (["lab", "no-such-lab"], "no-such-lab"),
    ])
    func aRefusedValuePrintsAlone(arguments: [String], named: String) throws {
        let run = try vernier(arguments)
        #expect(run.status == 64, "\(run.output)")
        #expect(run.output.hasPrefix("Error: "), "\(run.output)")
        #expect(run.output.contains(named), "\(run.output)")
        #expect(!run.output.contains("Usage"), "\(run.output)")
    }

    @Test func benchOnlyIsRefusedForASuiteWithoutSamplers() throws {
        let run = try vernier(["bench", "training", "--only", "fashion_cnn"])
        #expect(run.status == 64, "\(run.output)")
        #expect(
            run.output
                == "Error: --only applies to `vernier bench samplers` only; `vernier bench training` does not read it\n"
        )
        let workers = try vernier(["bench", "tensor", "--workers", "2"])
        #expect(
            workers.output.hasPrefix("Error: --workers applies to `vernier bench storage` only"), "\(workers.output)")
    }

    @Test(arguments: [
        ["studies", "show"],
        ["bench", "training", "--no-such-option"],
        ["lab", "help"],
    ])
    func aUsageErrorKeepsItsUsageLine(arguments: [String]) throws {
        let run = try vernier(arguments)
        #expect(run.status == 64, "\(run.output)")
        #expect(run.output.contains("Usage: vernier \(arguments[0])"), "\(run.output)")
    }
}
