import Foundation
import VernierNumerics
import VernierTune

/// `vernier bench samplers`: sampler quality and overhead on Branin, Hartmann6 and Rosenbrock-5, with the
/// protocol of `shared/peers/hpo_peers.py` (see `shared/reference/hpo-peers.md`, section 4):
/// seeds 0…9, 100 evaluations per run in one process, simple regret (best value − known optimum, with the
/// script's rounded optima 0.397887, −3.32237 and 0) read at 50 and 100 evaluations as median and quartiles over
/// seeds, and milliseconds per suggestion excluding the objective — (wall time to the end of evaluation k − time
/// inside the objective) / k for k = 50 and 100, and the marginal cost of evaluations 51–100.
/// `--seeds N` runs seeds 0…N−1 instead (same figure names), for medians that ten seeds cannot pin down; the peer
/// rows stay the ten-seed figures. `--only cmaes,tpe` runs only the named samplers. Then the multi-objective
/// functions (``SamplerBenchmarkMultiObjective``: random, `nsga2`, `motpe` on ZDT1, ZDT2, DTLZ2).
enum SamplerBenchmark: BenchmarkSuite {
    static let name = "samplers"
    static let summary =
        "random, Sobol, TPE, GP, CMA-ES on Branin / Hartmann6 / Rosenbrock-5: regret and ms per suggestion; "
        + "random, NSGA-II, MO-TPE on ZDT1 / ZDT2 / DTLZ2: hypervolume"

    /// One benchmark function: name, bounds, optimum as rounded in the peer script, and the function.
    struct Function: Sendable {
        var name: String
        var bounds: [ClosedRange<Double>]
        var optimum: Double
        var evaluate: @Sendable ([Double]) -> Double
    }

    static let functions: [Function] = [
        Function(name: "branin", bounds: [-5...10, 0...15], optimum: 0.397887) { TestFunction.branin.evaluate($0) },
        Function(name: "hartmann6", bounds: Array(repeating: 0...1, count: 6), optimum: -3.32237) {
            TestFunction.hartmann6.evaluate($0)
        },
        Function(name: "rosenbrock5", bounds: Array(repeating: -5...10, count: 5), optimum: 0) {
            TestFunction.rosenbrock.evaluate($0)
        },
    ]

    static let samplers: [(name: String, make: @Sendable (UInt64) -> any Sampler)] = [
        ("random", { RandomSampler(seed: $0) }),
        ("sobol", { SobolSampler(seed: $0) }),
        ("tpe", { TPESampler(seed: $0) }),
        ("gp", { GPSampler(seed: $0) }),
        ("cmaes", { CMAESSampler(seed: $0) }),
    ]

    /// The figures of one run.
    struct RunFigures {
        var regret50: Double
        var regret100: Double
        var milliseconds50: Double
        var milliseconds100: Double
        var marginalMilliseconds: Double
        /// Thread CPU time per suggestion over the 100 evaluations (objective excluded): what the wall time
        /// would be on an idle core, robust when other processes share the machine.
        var cpuMilliseconds100: Double
    }

    /// CPU time of the calling thread, in nanoseconds.
    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Runs one sampler on one function for 100 evaluations.
    static func runOnce(sampler: any Sampler, function: Function) throws -> RunFigures {
        let study = try Study(name: "bench", direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
        var values: [Double] = []
        var objectiveSeconds = 0.0
        var cumulativeObjective: [Double] = []
        var exitTimes: [Double] = []
        let names = (0..<function.bounds.count).map { "x\($0)" }
        var objectiveCPU: UInt64 = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let startCPU = threadCPUNanoseconds()
        try study.optimize(trials: 100) { trial in
            let x = try zip(names, function.bounds).map { name, bound in try trial.suggestFloat(name, in: bound) }
            let objectiveStartCPU = threadCPUNanoseconds()
            let objectiveStart = DispatchTime.now().uptimeNanoseconds
            let value = function.evaluate(x)
            let objectiveEnd = DispatchTime.now().uptimeNanoseconds
            objectiveCPU += threadCPUNanoseconds() - objectiveStartCPU
            objectiveSeconds += Double(objectiveEnd - objectiveStart) * 1e-9
            values.append(value)
            cumulativeObjective.append(objectiveSeconds)
            exitTimes.append(Double(objectiveEnd - start) * 1e-9)
            return value
        }
        let totalCPU = threadCPUNanoseconds() - startCPU
        precondition(values.count == 100, "bench samplers: expected 100 evaluations, got \(values.count)")
        func bestRegret(_ k: Int) -> Double { values.prefix(k).min()! - function.optimum }
        func overhead(_ k: Int) -> Double { 1000 * (exitTimes[k - 1] - cumulativeObjective[k - 1]) / Double(k) }
        let marginal =
            1000 * ((exitTimes[99] - exitTimes[49]) - (cumulativeObjective[99] - cumulativeObjective[49])) / 50
        return RunFigures(
            regret50: bestRegret(50), regret100: bestRegret(100), milliseconds50: overhead(50),
            milliseconds100: overhead(100), marginalMilliseconds: marginal,
            cpuMilliseconds100: Double(totalCPU - objectiveCPU) * 1e-6 / 100)
    }

    /// Median and quartiles (linear interpolation, as NumPy's default percentile).
    static func quartiles(_ values: [Double]) -> (q25: Double, median: Double, q75: Double) {
        let q = Quantiles.percentiles(values, [25, 50, 75])
        return (q[0], q[1], q[2])
    }

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        var records: [BenchmarkRecord] = []
        let seedCount = options.seeds ?? 10
        if seedCount != 10 {
            print("Seeds 0…\(seedCount - 1) (\(seedCount) runs per row); the peer rows are the 10-seed figures.")
        }
        let anyOneObjective = samplers.contains { options.only?.contains($0.name) ?? true }
        for function in functions where anyOneObjective {
            print("")
            print("#### \(function.name)")
            print(SamplerBenchmarkTable.header)
            var cpuCells: [String] = []
            for sampler in samplers where options.only?.contains(sampler.name) ?? true {
                var runs: [RunFigures] = []
                for seed in UInt64(0)..<UInt64(seedCount) {
                    runs.append(try runOnce(sampler: sampler.make(seed), function: function))
                }
                let regret50 = quartiles(runs.map(\.regret50))
                let regret100 = quartiles(runs.map(\.regret100))
                let milliseconds50 = quartiles(runs.map(\.milliseconds50))
                let milliseconds100 = quartiles(runs.map(\.milliseconds100))
                let marginal = quartiles(runs.map(\.marginalMilliseconds))
                let cpu = quartiles(runs.map(\.cpuMilliseconds100))
                cpuCells.append("\(sampler.name) \(String(format: "%.3g", cpu.median))")
                print(
                    SamplerBenchmarkTable.row(
                        label: "vernier_\(sampler.name)", regret50: regret50, regret100: regret100,
                        milliseconds50: milliseconds50.median, milliseconds100: milliseconds100,
                        marginal: marginal.median))
                let prefix = "\(sampler.name)_\(function.name)"
                let target = SamplerBenchmarkTable.targets["\(sampler.name)_\(function.name)"]
                records += [
                    BenchmarkRecord(
                        name: "\(prefix)_regret50_median", value: regret50.median, unit: "regret"),
                    BenchmarkRecord(
                        name: "\(prefix)_regret100_median", value: regret100.median, unit: "regret",
                        reference: target?.regret, referenceLabel: target.map { "target ≤ \($0.regret)" }),
                    BenchmarkRecord(
                        name: "\(prefix)_regret100_q25", value: regret100.q25, unit: "regret"),
                    BenchmarkRecord(
                        name: "\(prefix)_regret100_q75", value: regret100.q75, unit: "regret"),
                    BenchmarkRecord(
                        name: "\(prefix)_ms_per_suggestion_50", value: milliseconds50.median, unit: "ms"),
                    BenchmarkRecord(
                        name: "\(prefix)_ms_per_suggestion_100", value: milliseconds100.median, unit: "ms",
                        reference: target?.milliseconds,
                        referenceLabel: target?.milliseconds.map { "target ≤ \($0) ms" }),
                    BenchmarkRecord(
                        name: "\(prefix)_ms_per_suggestion_51_100", value: marginal.median, unit: "ms"),
                    BenchmarkRecord(
                        name: "\(prefix)_cpu_ms_per_suggestion_100", value: cpu.median, unit: "ms"),
                ]
            }
            for peer in SamplerBenchmarkTable.peers where peer.function == function.name {
                print(peer.line)
            }
            print("")
            print("Thread CPU ms/suggestion (100-evaluation run, median): " + cpuCells.joined(separator: ", "))
        }
        records += try SamplerBenchmarkMultiObjective.run(options: options)
        if options.full {
            records += try SamplerScalingBenchmark.run()
            records += try SamplerVariantsBenchmark.run()
        }
        print("")
        return records
    }
}
