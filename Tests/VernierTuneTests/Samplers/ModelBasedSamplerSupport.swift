import Foundation
import VernierNumerics
import VernierTune

/// Runs `sampler` on Branin for `trials` evaluations and returns the simple regret (best value − optimum).
func braninRegret(sampler: any Sampler, trials: Int) throws -> Double {
    let study = try Study(name: "branin", direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
    try study.optimize(trials: trials) { trial in
        let x = try trial.suggestFloat("x0", in: -5...10)
        let y = try trial.suggestFloat("x1", in: 0...15)
        return TestFunction.branin.evaluate([x, y])
    }
    return try study.bestValue() - TestFunction.branin.minimum
}

/// The median of a non-empty array.
func median(_ values: [Double]) -> Double { Quantiles.median(values) }
