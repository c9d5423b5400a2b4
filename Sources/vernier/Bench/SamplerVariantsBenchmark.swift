import Foundation
import VernierRandom
import VernierTune

/// Behaviour on a noisy objective and on a mixed integer / stepped / categorical space (issue 6), run by
/// `vernier bench samplers --full`, seeds 0…9, 100 evaluations, median regret at 100:
/// - `noisy_branin`: Branin + N(0, 0.1²) noise (a fixed stream per seed); the regret is the noise-free Branin
///   value at the trial with the best *observed* value, minus the optimum — what a user would pick.
/// - `mixed_hartmann6`: Hartmann6 with x₀…x₃ floats, x₄ on a 0.1 grid (`step`), x₅ a categorical of
///   {0, 0.2, 0.4, 0.6, 0.8, 1}; regret against the continuous optimum −3.32237, so the grid restriction leaves a
///   floor of 0.091 (at x₄ = 0.3, x₅ = 0.6).
enum SamplerVariantsBenchmark {
    /// One run: the regret at 100 evaluations.
    static func regret(variant: String, sampler: any Sampler, seed: UInt64) throws -> Double {
        let study = try Study(name: variant, direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
        var noise = Xoshiro256(seed: 1000 &+ seed)
        var best: (observed: Double, truth: Double) = (.infinity, .infinity)
        try study.optimize(trials: 100) { trial in
            let truth: Double
            var observed: Double
            if variant == "noisy_branin" {
                let x = try trial.suggestFloat("x0", in: -5...10)
                let y = try trial.suggestFloat("x1", in: 0...15)
                truth = TestFunction.branin.evaluate([x, y]) - 0.397887
                observed = truth + 0.1 * noise.nextNormal()
            } else {
                var x = try (0..<4).map { try trial.suggestFloat("x\($0)", in: 0...1) }
                x.append(try trial.suggestFloat("x4", in: 0...1, step: 0.1))
                x.append(try trial.suggestCategorical("x5", [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]))
                truth = TestFunction.hartmann6.evaluate(x) + 3.32237
                observed = truth
            }
            if observed < best.observed { best = (observed, truth) }
            return observed
        }
        return best.truth
    }

    /// Prints the table and returns `<sampler>_<variant>_regret100_median` records.
    static func run() throws -> [BenchmarkRecord] {
        print("")
        print("#### noisy objective and mixed space (seeds 0…9, 100 evaluations; median [q25, q75] regret@100)")
        print("| sampler | noisy_branin | mixed_hartmann6 |")
        print("|---|---|---|")
        var records: [BenchmarkRecord] = []
        let samplers: [(String, @Sendable (UInt64) -> any Sampler)] = [
            ("random", { RandomSampler(seed: $0) }), ("tpe", { TPESampler(seed: $0) }),
            ("gp", { GPSampler(seed: $0) }),
        ]
        for (name, make) in samplers {
            var cells: [String] = []
            for variant in ["noisy_branin", "mixed_hartmann6"] {
                let regrets = try (UInt64(0)..<10).map { try regret(variant: variant, sampler: make($0), seed: $0) }
                let q = SamplerBenchmark.quartiles(regrets)
                cells.append(String(format: "%.3g [%.3g, %.3g]", q.median, q.q25, q.q75))
                records.append(
                    BenchmarkRecord(name: "\(name)_\(variant)_regret100_median", value: q.median, unit: "regret"))
            }
            print("| vernier_\(name) | " + cells.joined(separator: " | ") + " |")
        }
        return records
    }
}
