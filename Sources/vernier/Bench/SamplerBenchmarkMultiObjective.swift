import Foundation
import VernierTune

/// The multi-objective part of `vernier bench samplers`: random, NSGA-II and multi-objective TPE (its default
/// hypervolume-weighted good group, and Optuna 5.1's as `motpe_optuna`) on ZDT1, ZDT2
/// (10 parameters, 2 objectives) and DTLZ2 (12 parameters, 3 objectives), seeds 0…9 (`--seeds N`: 0…N−1), 200
/// evaluations per run, the protocol of `benchmarks/peers/optuna_multiobjective.py`:
/// - the hypervolume of all evaluated points after 200 evaluations against the reference point (1.1, 1.1) for
///   ZDT and (1.1, 1.1, 1.1) for DTLZ2 (``MultiObjectiveTestFunction/referencePoint``), and against the wide
///   reference point ZDT (1.1, 11), DTLZ2 (3.85, 3.85, 3.85) that every point lies inside
///   (``MultiObjectiveTestFunction/wideReferencePoint``), as median [q25, q75] over seeds;
/// - milliseconds per suggestion excluding the objective: (wall time of the run − time inside the objective) / 200.
enum SamplerBenchmarkMultiObjective {
    static let evaluations = 200

    static let samplers: [(name: String, make: @Sendable (UInt64) -> any Sampler)] = [
        ("random", { RandomSampler(seed: $0) }),
        ("nsga2", { NSGAIISampler(seed: $0) }),
        ("motpe", { TPESampler(seed: $0) }),
        // Optuna 5.1's good group (⌈0.1 n⌉, weight 1 each): the algorithm of the `optuna_tpe` peer row.
        ("motpe_optuna", { TPESampler(seed: $0, goodGroup: .optuna) }),
    ]

    /// The figures of one run.
    struct RunFigures {
        var hypervolume: Double
        var wideHypervolume: Double
        var milliseconds: Double
    }

    /// Runs one sampler on one function for 200 evaluations.
    static func runOnce(sampler: any Sampler, function: MultiObjectiveTestFunction) throws -> RunFigures {
        let study = try Study(
            name: "bench", directions: Array(repeating: .minimize, count: function.objectiveCount),
            storage: InMemoryStorage(), sampler: sampler)
        let names = (0..<function.dimension).map { "x\($0)" }
        var points: [[Double]] = []
        var objectiveNanoseconds: UInt64 = 0
        let start = DispatchTime.now().uptimeNanoseconds
        try study.optimizeObjectives(trials: evaluations) { trial in
            let x = try names.map { try trial.suggestFloat($0, in: 0...1) }
            let objectiveStart = DispatchTime.now().uptimeNanoseconds
            let values = function.evaluate(x)
            objectiveNanoseconds += DispatchTime.now().uptimeNanoseconds - objectiveStart
            points.append(values)
            return values
        }
        let wall = DispatchTime.now().uptimeNanoseconds - start
        precondition(points.count == evaluations, "bench samplers: expected \(evaluations) evaluations")
        return RunFigures(
            hypervolume: Hypervolume.of(points, reference: function.referencePoint),
            wideHypervolume: Hypervolume.of(points, reference: function.wideReferencePoint),
            milliseconds: Double(wall - objectiveNanoseconds) * 1e-6 / Double(evaluations))
    }

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        let seedCount = options.seeds ?? 10
        var records: [BenchmarkRecord] = []
        guard samplers.contains(where: { options.only?.contains($0.name) ?? true }) else { return [] }
        for function in MultiObjectiveTestFunction.allCases {
            print("")
            print(
                "#### \(function.rawValue) (\(function.dimension) parameters, \(function.objectiveCount) objectives, "
                    + "\(evaluations) evaluations, seeds 0…\(seedCount - 1); reference "
                    + "\(point(function.referencePoint)), wide \(point(function.wideReferencePoint)), "
                    + "front \(String(format: "%.4f", function.frontHypervolume)))")
            print("| sampler | hypervolume median [q25, q75] | wide hypervolume | ms/suggestion median |")
            print("|---|---|---|---|")
            for sampler in samplers where options.only?.contains(sampler.name) ?? true {
                let runs = try (UInt64(0)..<UInt64(seedCount)).map {
                    try runOnce(sampler: sampler.make($0), function: function)
                }
                let volume = SamplerBenchmark.quartiles(runs.map(\.hypervolume))
                let wide = SamplerBenchmark.quartiles(runs.map(\.wideHypervolume))
                let milliseconds = SamplerBenchmark.quartiles(runs.map(\.milliseconds))
                print(
                    "| vernier_\(sampler.name) | \(cell(volume)) | \(cell(wide)) | "
                        + String(format: "%.3g", milliseconds.median) + " |")
                let prefix = "\(sampler.name)_\(function.rawValue)"
                let peer = SamplerBenchmarkMultiObjectivePeers.bestHypervolume[function.rawValue]
                records += [
                    BenchmarkRecord(
                        name: "\(prefix)_hypervolume200_median", value: volume.median, unit: "hypervolume",
                        reference: peer, referenceLabel: peer.map { "Optuna's best median \($0)" }),
                    BenchmarkRecord(name: "\(prefix)_hypervolume200_q25", value: volume.q25, unit: "hypervolume"),
                    BenchmarkRecord(name: "\(prefix)_hypervolume200_q75", value: volume.q75, unit: "hypervolume"),
                    BenchmarkRecord(
                        name: "\(prefix)_wide_hypervolume200_median", value: wide.median, unit: "hypervolume"),
                    BenchmarkRecord(
                        name: "\(prefix)_ms_per_suggestion_200", value: milliseconds.median, unit: "ms"),
                ]
            }
            for line in SamplerBenchmarkMultiObjectivePeers.lines(function: function.rawValue) { print(line) }
        }
        return records
    }

    private static func cell(_ q: (q25: Double, median: Double, q75: Double)) -> String {
        String(format: "%.4f [%.4f, %.4f]", q.median, q.q25, q.q75)
    }

    private static func point(_ values: [Double]) -> String {
        "(" + values.map { String(format: "%g", $0) }.joined(separator: ", ") + ")"
    }
}
