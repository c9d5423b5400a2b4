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
            "tune", "spirals", "--sampler", "random", "--trials", "3", "--fused", "off", "--storage", "memory:",
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
