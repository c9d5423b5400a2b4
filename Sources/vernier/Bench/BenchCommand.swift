import ArgumentParser
import Foundation

/// `vernier bench <suite> [--json FILE]`: runs a benchmark suite and prints its figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark suite and print its figures (optionally as JSON).",
        discussion: """
            Suites: \(benchmarkSuites.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")); all.

            Examples:
              vernier bench tensor
              vernier bench tensor --json tensor.json
              vernier bench all --json all.json      (every suite, then one combined table)
            """)

    @Argument(help: "The suite to run: \(benchmarkSuites.map { $0.name }.joined(separator: ", ")) or all.")
    var suite: String

    @Option(name: .long, help: "Also write the figures to this file as a JSON array of {name, value, unit}.")
    var json: String?

    @Flag(name: .long, help: "Run the long variants too (e.g. full accuracy runs).")
    var full = false

    @Option(
        parsing: .unconditional,
        help: "storage: also measure 1, 2, 4, … N worker processes sharing one study (e.g. --workers 8).")
    var workers: Int?

    @Option(
        parsing: .unconditional,
        help:
            "samplers: seeds 0…N−1 per sampler and function (default 10, the issue's protocol; e.g. --seeds 60). pruning: spirals draws 0…N−1 (default 25)."
    )
    var seeds: Int?

    @Option(
        parsing: .unconditional,
        help:
            "samplers: run only these samplers, comma-separated (e.g. --only cmaes,tpe or --only nsga2,motpe; default all)."
    )
    var only: String?

    func run() throws {
        let selected: [any BenchmarkSuite.Type]
        if suite == "all" {
            selected = benchmarkSuites
        } else if let match = benchmarkSuites.first(where: { $0.name == suite }) {
            selected = [match]
        } else {
            throw ValidationError(
                "unknown suite '\(suite)'; valid suites: \((benchmarkSuites.map { $0.name } + ["all"]).joined(separator: ", "))"
            )
        }
        try refuseOptionsNoSuiteReads(selected)
        if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        var samplerNames = SamplerBenchmark.samplers.map(\.name)
        for sampler in SamplerBenchmarkMultiObjective.samplers where !samplerNames.contains(sampler.name) {
            samplerNames.append(sampler.name)
        }
        if let only, let unknown = only.split(separator: ",").first(where: { !samplerNames.contains(String($0)) }) {
            throw ValidationError(
                "unknown sampler '\(unknown)' in --only; valid: \(samplerNames.joined(separator: ", "))")
        }
        var records: [BenchmarkRecord] = []
        for suite in selected {
            print("== vernier bench \(suite.name): \(suite.summary)")
            let results = try suite.run(
                options: BenchmarkOptions(
                    full: full, workers: workers, seeds: seeds,
                    only: only.map { Set($0.split(separator: ",").map { String($0) }) }))
            BenchmarkRecord.printTable(results)
            records += results
        }
        if selected.count > 1 {
            print("== vernier bench all: \(records.count) figures from \(selected.count) suites")
            BenchmarkRecord.printTable(records)
        }
        if let json {
            try BenchmarkRecord.writeJSON(records, to: json)
            print("Wrote \(records.count) figures to \(json)")
        }
    }
}

extension BenchCommand {
    /// The options that only some suites read: each with whether it was given and the suites that read it.
    private var suiteOptions: [(option: String, given: Bool, suites: [String])] {
        [
            ("--only", only != nil, [SamplerBenchmark.name]),
            ("--seeds", seeds != nil, [SamplerBenchmark.name, PruningBenchmark.name]),
            ("--workers", workers != nil, [StorageBenchmark.name]),
        ]
    }

    /// Refuses an option that none of the `selected` suites reads (`bench training --only cnn` would change
    /// nothing), naming the suites that read it.
    func refuseOptionsNoSuiteReads(_ selected: [any BenchmarkSuite.Type]) throws {
        for (option, given, suites) in suiteOptions where given {
            guard !selected.contains(where: { suites.contains($0.name) }) else { continue }
            let readers = suites.map { "`vernier bench \($0)`" }.joined(separator: " and ")
            throw ValidationError("\(option) applies to \(readers) only; `vernier bench \(suite)` does not read it")
        }
    }
}

/// Options shared by every suite.
struct BenchmarkOptions {
    /// Run the long variants too.
    var full: Bool
    /// `storage`: the most worker processes of the parallel runs (`nil`: no parallel runs).
    var workers: Int? = nil
    /// `samplers`: the number of seeds (`nil`: 10); `pruning`: the number of spirals draws (`nil`: 25).
    var seeds: Int? = nil
    /// `samplers`: the samplers to run (`nil`: all).
    var only: Set<String>? = nil
}

/// A named group of benchmarks.
protocol BenchmarkSuite {
    /// The name used on the command line, e.g. `tensor`.
    static var name: String { get }
    /// One line saying what the suite measures.
    static var summary: String { get }
    /// Runs the suite and returns its figures.
    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord]
}

/// One benchmark figure, as written by `--json` (DESIGN.md, "Machine-readable outputs").
struct BenchmarkRecord: Codable, Equatable {
    /// Lower-case, `_`-separated, unit last: `matmul_1024_gflops`.
    var name: String
    /// The measured value.
    var value: Double
    /// The unit, e.g. `GFLOP/s`, `ns/element`, `µs`.
    var unit: String
    /// A reference figure to compare with (a peer or a target), printed but not written to JSON.
    var reference: Double? = nil
    /// What the reference is, e.g. `target ≥ 120` or `PyTorch 450`.
    var referenceLabel: String? = nil

    enum CodingKeys: String, CodingKey { case name, value, unit }

    /// Prints an aligned table of figures.
    static func printTable(_ records: [BenchmarkRecord]) {
        let width = max(24, records.map(\.name.count).max() ?? 0)
        for record in records {
            let name = record.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let value = String(format: "%12.4g", record.value)
            var line = "  \(name) \(value) \(record.unit)"
            if let label = record.referenceLabel { line += "   (\(label))" }
            print(line)
        }
    }

    /// Writes records as a JSON array.
    static func writeJSON(_ records: [BenchmarkRecord], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(records).write(to: URL(fileURLWithPath: path))
    }
}
