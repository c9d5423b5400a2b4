import Foundation
import Testing

@testable import VernierNumerics

@Suite struct CMAEvolutionStateTests {
    /// Runs the strategy directly on `f` for `generations` generations; returns the best loss.
    static func minimize(
        _ f: ([Double]) -> Double, dimension n: Int, generations: Int, seed: UInt64 = 1
    ) -> (best: Double, state: CMAEvolutionState) {
        var state = CMAEvolutionState(mean: Array(repeating: 3, count: n), sigma: 2)
        var generator = SplitMixBits(seed: seed)
        func normal() -> Double {
            let u1 = 1 - generator.unitUniform()
            let u2 = generator.unitUniform()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        var best = Double.infinity
        for _ in 0..<generations {
            let evaluated = (0..<state.populationSize).map { _ -> (point: [Double], loss: Double) in
                let x = state.candidate(standardNormal: (0..<n).map { _ in normal() })
                return (x, f(x))
            }
            best = min(best, evaluated.map(\.loss).min()!)
            state.tell(evaluated)
        }
        return (best, state)
    }

    @Test func usesTheTutorialDefaults() {
        let state = CMAEvolutionState(mean: Array(repeating: 0.5, count: 5), sigma: 0.2)
        #expect(state.populationSize == 8)
        #expect(state.parentCount == 4)
        #expect(abs(state.weights.prefix(4).reduce(0, +) - 1) < 1e-12)
        #expect(state.weights.suffix(4).allSatisfy { $0 < 0 })
        #expect(zip(state.weights, state.weights.dropFirst()).allSatisfy { $0 > $1 })
        #expect(CMAEvolutionState.defaultPopulationSize(dimension: 6) == 9)
        #expect(CMAEvolutionState.defaultPopulationSize(dimension: 10) == 10)
        #expect(state.rankOneLearningRate + state.rankMuLearningRate <= 1)
    }

    @Test func convergesOnTheSphere() {
        let (best, state) = Self.minimize({ $0.reduce(0) { $0 + $1 * $1 } }, dimension: 5, generations: 150)
        #expect(best < 1e-10, "best \(best)")
        #expect(state.sigma < 1e-3)
    }

    @Test func learnsTheShapeOfAnIllConditionedEllipsoid() {
        // f(x) = Σ 10^(6 i/(n−1)) x_i²: C must learn a condition number near 10⁶.
        let n = 4
        let ellipsoid: ([Double]) -> Double = { x in
            (0..<n).reduce(0) { $0 + pow(10, 6 * Double($1) / Double(n - 1)) * x[$1] * x[$1] }
        }
        let (best, state) = Self.minimize(ellipsoid, dimension: n, generations: 400)
        #expect(best < 1e-8, "best \(best)")
        #expect(state.conditionNumber > 1e4, "condition \(state.conditionNumber)")
    }
}
