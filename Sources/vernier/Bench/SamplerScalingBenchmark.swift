import Foundation
import VernierNumerics
import VernierTune

/// How the cost of one suggestion grows with the number of finished trials (issue 6 asks up to n = 500), run by
/// `vernier bench samplers --full`. For each size n, a Hartmann6 study gets n random trials (``RandomSampler``,
/// seed 0), then the model-based sampler resumes it and makes `suggestions` more; the figure is the median wall
/// time of those suggestions after the first (the first has no warm start for the GP hyperparameters, the others
/// do, as in a long study), objective excluded. A random history is not an optimization history, but the work per
/// suggestion (fit on n points, acquisition or Parzen scoring) is the same shape.
enum SamplerScalingBenchmark {
    /// The study sizes reported.
    static let sizes = [100, 200, 300, 400, 500]
    /// Suggestions timed per size (the first is discarded).
    static let suggestions = 6

    /// The median milliseconds per suggestion of `sampler` on a study holding `size` random trials.
    static func milliseconds(sampler: any Sampler, size: Int) throws -> Double {
        let storage = InMemoryStorage()
        func objective(_ trial: Trial) throws -> Double {
            TestFunction.hartmann6.evaluate(try (0..<6).map { try trial.suggestFloat("x\($0)", in: 0...1) })
        }
        try Study(name: "scaling", direction: .minimize, storage: storage, sampler: RandomSampler(seed: 0))
            .optimize(trials: size, objective: objective)
        let study = try Study(name: "scaling", direction: .minimize, storage: storage, sampler: sampler)
        var times: [Double] = []
        for index in 0..<suggestions {
            let start = DispatchTime.now().uptimeNanoseconds
            var objectiveNanoseconds: UInt64 = 0
            // `trials` is the study-wide total.
            try study.optimize(trials: size + index + 1) { trial in
                let x = try (0..<6).map { try trial.suggestFloat("x\($0)", in: 0...1) }
                let objectiveStart = DispatchTime.now().uptimeNanoseconds
                let value = TestFunction.hartmann6.evaluate(x)
                objectiveNanoseconds = DispatchTime.now().uptimeNanoseconds - objectiveStart
                return value
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start - objectiveNanoseconds) * 1e-6)
        }
        return Quantiles.median(Array(times.dropFirst()))
    }

    /// Prints the table and returns `<sampler>_hartmann6_ms_per_suggestion_at_<n>` records.
    static func run() throws -> [BenchmarkRecord] {
        print("")
        print("#### cost growth (Hartmann6; n random trials, then the median of \(suggestions - 1) suggestions)")
        print("| sampler | " + sizes.map { "n = \($0)" }.joined(separator: " | ") + " |")
        print("|---|" + sizes.map { _ in "---|" }.joined())
        var records: [BenchmarkRecord] = []
        let samplers: [(String, any Sampler)] = [("tpe", TPESampler(seed: 0)), ("gp", GPSampler(seed: 0))]
        for (name, sampler) in samplers {
            var cells: [String] = []
            for size in sizes {
                let median = try milliseconds(sampler: sampler, size: size)
                cells.append(String(format: "%.3g", median))
                records.append(
                    BenchmarkRecord(name: "\(name)_hartmann6_ms_per_suggestion_at_\(size)", value: median, unit: "ms"))
            }
            print("| vernier_\(name) | " + cells.joined(separator: " | ") + " |")
        }
        return records
    }
}
