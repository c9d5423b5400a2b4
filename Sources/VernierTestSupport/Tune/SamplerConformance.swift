import Foundation
import Testing
import VernierTune

/// Reusable checks for ``Sampler`` implementations: values inside their distributions (range, log, step,
/// choices), determinism by seed, resuming without repeats, and — for samplers with a point list — exhaustion
/// of the grid without repeats.
///
/// `makeSampler(seed)` must return a fresh sampler; two samplers with the same seed must behave identically.
///
/// ```swift
/// @Test func randomSamplerConforms() throws {
///     try SamplerConformance.run(trials: 40) { RandomSampler(seed: $0) }
/// }
/// ```
public enum SamplerConformance {
    /// A factory of samplers by seed.
    public typealias Factory = (UInt64) throws -> any Sampler

    /// Runs the value, determinism and resume checks.
    ///
    /// ```swift
    /// try SamplerConformance.run(trials: 30) { TPESampler(seed: $0) }
    /// ```
    public static func run(trials: Int = 30, makeSampler: Factory) throws {
        try valuesStayInDistributions(trials: trials, makeSampler: makeSampler)
        try sameSeedSameTrials(trials: trials, makeSampler: makeSampler)
        try resumeContinuesWithoutRepeats(trials: trials, makeSampler: makeSampler)
    }

    /// The mixed search space of the checks: every kind of distribution, a conditional parameter, and a smooth
    /// objective (so model-based samplers have something to learn).
    public static func mixedObjective(_ trial: Trial) throws -> Double {
        let x = try trial.suggestFloat("x", in: -3...3)
        let rate = try trial.suggestFloat("rate", in: 1e-4...1, log: true)
        let dropout = try trial.suggestFloat("dropout", in: 0...0.5, step: 0.1)
        let width = try trial.suggestInt("width", in: 1...64, log: true)
        let layers = try trial.suggestInt("layers", in: 1...4)
        let batch = try trial.suggestInt("batch", in: 16...128, step: 16)
        let activation = try trial.suggestCategorical("activation", ["relu", "tanh", "sigmoid"])
        var value = x * x + abs(log10(rate) + 2) + dropout + Double(layers) * 0.1 + Double(batch) / 1000
        value += Double(width).squareRoot() / 10 + (activation == "relu" ? 0 : 0.5)
        if layers > 2 { value += try trial.suggestFloat("extra", in: 0...1) }
        return value
    }

    static let expected: [String: Distribution] = {
        // Fixed, valid constants.
        [
            "x": .float(try! FloatDistribution(low: -3, high: 3)),
            "rate": .float(try! FloatDistribution(low: 1e-4, high: 1, log: true)),
            "dropout": .float(try! FloatDistribution(low: 0, high: 0.5, step: 0.1)),
            "width": .int(try! IntDistribution(low: 1, high: 64, log: true)),
            "layers": .int(try! IntDistribution(low: 1, high: 4)),
            "batch": .int(try! IntDistribution(low: 16, high: 128, step: 16)),
            "activation": .categorical(try! CategoricalDistribution(choices: ["relu", "tanh", "sigmoid"])),
            "extra": .float(try! FloatDistribution(low: 0, high: 1)),
        ]
    }()

    /// Every suggested value lies in its distribution; stepped values are on the grid; log values are positive;
    /// at least two distinct values are produced for each continuous parameter.
    public static func valuesStayInDistributions(trials: Int, makeSampler: Factory) throws {
        let study = try Study(
            name: "values", direction: .minimize, storage: InMemoryStorage(), sampler: try makeSampler(1))
        try study.optimize(trials: trials, objective: mixedObjective)
        let finished = try study.trials()
        #expect(finished.count == trials)
        #expect(finished.allSatisfy { $0.state == .complete }, "every trial completes")
        for trial in finished {
            for (name, value) in trial.parameters {
                let distribution = try #require(expected[name])
                #expect(trial.distributions[name] == distribution)
                #expect(distribution.containsInternal(value), "\(name) = \(value) outside \(distribution)")
            }
            let external = trial.externalParameters
            if let dropout = external["dropout"]?.doubleValue {
                #expect(abs(dropout * 10 - (dropout * 10).rounded()) < 1e-9, "dropout \(dropout) off its 0.1 grid")
            }
            if let batch = external["batch"]?.intValue { #expect(batch % 16 == 0) }
            if let rate = external["rate"]?.doubleValue { #expect(rate >= 1e-4 && rate <= 1) }
        }
        for name in ["x", "rate"] {
            #expect(Set(finished.compactMap { $0.parameters[name] }).count >= 2, "\(name) never varies")
        }
    }

    /// Two studies with samplers of the same seed suggest the same parameters in the same order.
    public static func sameSeedSameTrials(trials: Int, makeSampler: Factory) throws {
        func run() throws -> [[String: Double]] {
            let study = try Study(
                name: "determinism", direction: .minimize, storage: InMemoryStorage(), sampler: try makeSampler(7))
            try study.optimize(trials: trials, objective: mixedObjective)
            return try study.trials().map(\.parameters)
        }
        #expect(try run() == run())
    }

    /// A study stopped half-way and reopened (new `Study`, new sampler, same storage) keeps its trials, counts
    /// them toward the budget, and continues with new trial numbers.
    public static func resumeContinuesWithoutRepeats(trials: Int, makeSampler: Factory) throws {
        let storage = InMemoryStorage()
        let first = try Study(name: "resume", direction: .minimize, storage: storage, sampler: try makeSampler(3))
        try first.optimize(trials: trials / 2, objective: mixedObjective)
        let resumed = try Study(name: "resume", direction: .minimize, storage: storage, sampler: try makeSampler(3))
        let summary = try resumed.optimize(trials: trials, objective: mixedObjective)
        #expect(summary.trialsRun == trials - trials / 2)
        let numbers = try resumed.trials().map(\.number)
        #expect(numbers == Array(0..<trials))
    }

    /// For samplers with a point list (grid, one-at-a-time): a study runs every point exactly once and stops; a
    /// resumed study after a partial run evaluates only the remaining points. `expectedPoints` is the number of
    /// points; the objective suggests `space`.
    ///
    /// ```swift
    /// try SamplerConformance.pointListExhaustion(space: space, expectedPoints: 12) { try GridSampler(space: space) }
    /// ```
    public static func pointListExhaustion(
        space: SearchSpace, expectedPoints: Int, storage: any Storage = InMemoryStorage(),
        makeSampler: () throws -> any Sampler
    ) throws {
        let partial = max(1, expectedPoints / 3)
        let first = try Study(name: "points", direction: .minimize, storage: storage, sampler: try makeSampler())
        try first.optimize(trials: partial) { trial in Double(try space.suggest(in: trial).count) }
        #expect(try first.trials().filter { $0.state != .waiting }.count == partial)
        let resumed = try Study(name: "points", direction: .minimize, storage: storage, sampler: try makeSampler())
        let summary = try resumed.optimize { trial in Double(try space.suggest(in: trial).count) }
        #expect(summary.stopReason == .searchSpaceExhausted)
        #expect(summary.trialsRun == expectedPoints - partial)
        let finished = try resumed.trials(states: [.complete])
        #expect(finished.count == expectedPoints)
        let points = finished.map { trial in trial.externalParameters.sorted { $0.key < $1.key }.map { "\($0)" } }
        #expect(Set(points).count == expectedPoints, "a point was evaluated twice")
        #expect(try resumed.ask(maxTrials: nil) == nil, "the study must end when every point is claimed")
    }
}
