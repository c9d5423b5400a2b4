import Foundation
import Testing
import VernierTestSupport
import VernierTune

@Suite struct TPESamplerTests {
    @Test func conformsToTheSamplerContract() throws {
        try SamplerConformance.run(trials: 40) { TPESampler(seed: $0) }
        try SamplerConformance.run(trials: 30) { TPESampler(seed: $0, multivariate: false, constantLiar: false) }
    }

    @Test func beatsRandomSearchOnBraninWithFortyEvaluations() throws {
        var tpe: [Double] = []
        var random: [Double] = []
        for seed in UInt64(0)..<5 {
            tpe.append(try braninRegret(sampler: TPESampler(seed: seed), trials: 40))
            random.append(try braninRegret(sampler: RandomSampler(seed: seed), trials: 40))
        }
        #expect(median(tpe) < median(random), "TPE median regret \(median(tpe)), random \(median(random))")
    }

    @Test func conditionalParametersUseTheIndependentFallback() throws {
        let study = try Study(
            name: "conditional", direction: .minimize, storage: InMemoryStorage(), sampler: TPESampler(seed: 5))
        try study.optimize(trials: 40) { trial in
            let model = try trial.suggestCategorical("model", ["linear", "tree"])
            if model == "linear" {
                let alpha = try trial.suggestFloat("alpha", in: 1e-3...10, log: true)
                return abs(log10(alpha))
            }
            let depth = try trial.suggestInt("depth", in: 1...10)
            return Double(abs(depth - 3)) + 0.5
        }
        let late = try study.trials().suffix(20)
        // The good branch ("linear", alpha near 1) is found and exploited.
        let linear = late.filter { $0.externalParameters["model"] == .string("linear") }
        #expect(linear.count >= 10)
        #expect(try study.bestValue() < 0.2)
    }

    @Test func runningTrialsAreAvoidedByTheConstantLiar() throws {
        let study = try Study(
            name: "liar", direction: .minimize, storage: InMemoryStorage(), sampler: TPESampler(seed: 6))
        try study.optimize(trials: 12) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            let y = try trial.suggestFloat("y", in: 0...1)
            return x + y
        }
        var pending: [[Double]] = []
        for _ in 0..<3 {
            let trial = try study.ask()
            pending.append([try trial.suggestFloat("x", in: 0...1), try trial.suggestFloat("y", in: 0...1)])
        }
        #expect(Set(pending).count == 3)
    }

    @Test func sameSeedGivesTheSameTrialsAndAnotherSeedDoesNot() throws {
        func values(seed: UInt64) throws -> [Double] {
            let study = try Study(
                name: "seeded", direction: .minimize, storage: InMemoryStorage(), sampler: TPESampler(seed: seed))
            try study.optimize(trials: 25) { trial in
                let x = try trial.suggestFloat("x", in: -2...2)
                let n = try trial.suggestInt("n", in: 0...20, step: 5)
                return x * x + Double(n)
            }
            return try study.trials().compactMap(\.value)
        }
        #expect(try values(seed: 1) == values(seed: 1))
        #expect(try values(seed: 1) != values(seed: 2))
    }
}
