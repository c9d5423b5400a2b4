import Foundation
import Testing
import VernierTestSupport
import VernierTune

@Suite struct GPSamplerTests {
    /// A GP sampler small enough for debug-mode tests.
    static func quick(_ seed: UInt64) -> GPSampler {
        GPSampler(seed: seed, startupTrials: 5, candidateCount: 256, localSearchCount: 3)
    }

    @Test func conformsToTheSamplerContract() throws {
        try SamplerConformance.run(trials: 20) { Self.quick($0) }
    }

    @Test func beatsRandomSearchOnBraninWithFortyEvaluations() throws {
        var gp: [Double] = []
        var random: [Double] = []
        for seed in UInt64(0)..<5 {
            gp.append(try braninRegret(sampler: GPSampler(seed: seed, candidateCount: 512), trials: 40))
            random.append(try braninRegret(sampler: RandomSampler(seed: seed), trials: 40))
        }
        #expect(median(gp) < median(random) / 10, "GP median regret \(median(gp)), random \(median(random))")
    }

    @Test func outputWarpingHelpsOnAHeavyTailedObjective() throws {
        // Rosenbrock on [-5, 10]² spans six orders of magnitude; the Yeo–Johnson warp keeps the huge values from
        // flattening the process around the valley.
        func best(warping: Bool, seed: UInt64) throws -> Double {
            let sampler = GPSampler(
                seed: seed, startupTrials: 8, candidateCount: 256, localSearchCount: 4, outputWarping: warping)
            let study = try Study(name: "r", direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
            try study.optimize(trials: 25) { trial in
                let x = try trial.suggestFloat("x", in: -5...10)
                let y = try trial.suggestFloat("y", in: -5...10)
                return TestFunction.rosenbrock.evaluate([x, y])
            }
            return try study.bestValue()
        }
        let seeds = UInt64(0)..<6
        let warped = try seeds.map { try best(warping: true, seed: $0) }
        let plain = try seeds.map { try best(warping: false, seed: $0) }
        #expect(median(warped) < median(plain) / 2, "warped \(warped), plain \(plain)")
    }

    @Test func proposalsAreValidForIntegerStepLogAndCategoricalParameters() throws {
        let study = try Study(name: "mixed", direction: .maximize, storage: InMemoryStorage(), sampler: Self.quick(2))
        try study.optimize(trials: 15) { trial in
            let units = try trial.suggestInt("units", in: 8...128, step: 8)
            let rate = try trial.suggestFloat("rate", in: 1e-4...1e-1, log: true)
            let depth = try trial.suggestInt("depth", in: 1...64, log: true)
            let kind = try trial.suggestCategorical("kind", ["a", "b", "c"])
            return -abs(Double(units) - 64) / 64 - abs(log10(rate) + 2) - Double(depth) / 64
                + (kind == "b" ? 1 : 0)
        }
        let trials = try study.trials()
        for trial in trials {
            let parameters = trial.externalParameters
            #expect(parameters["units"]!.intValue! % 8 == 0)
            #expect((1...64).contains(parameters["depth"]!.intValue!))
            #expect((1e-4...1e-1).contains(parameters["rate"]!.doubleValue!))
        }
        // Model-based trials store the fitted hyperparameters for the next fit's warm start.
        #expect(trials.suffix(10).allSatisfy { $0.systemAttributes["gp:log_hyperparameters"] != nil })
    }

    @Test func runningTrialsAreFantasizedSoParallelProposalsDiffer() throws {
        let study = try Study(
            name: "parallel", direction: .minimize, storage: InMemoryStorage(), sampler: Self.quick(4))
        func suggest(_ trial: Trial) throws -> [Double] {
            [try trial.suggestFloat("x0", in: -5...10), try trial.suggestFloat("x1", in: 0...15)]
        }
        try study.optimize(trials: 8) { trial in TestFunction.branin.evaluate(try suggest(trial)) }
        let a = try suggest(try study.ask())
        let b = try suggest(try study.ask())
        let distance = max(abs(a[0] - b[0]) / 15, abs(a[1] - b[1]) / 15)
        #expect(distance > 1e-3, "two pending proposals coincide: \(a), \(b)")
    }
}
