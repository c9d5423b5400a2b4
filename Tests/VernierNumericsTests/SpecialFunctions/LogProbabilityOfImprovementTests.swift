import Foundation
import Testing
import VernierNumerics

@Suite struct LogProbabilityOfImprovementTests {
    @Test func isTheLogOfTheNormalTailAboveTheThreshold() {
        // P(f ≥ t) = Φ((μ − t)/σ): here z = (0.5 − 1)/0.25 = −2, Φ(−2) = 0.022750131948179207.
        let value = logProbabilityOfImprovement(mean: 0.5, standardDeviation: 0.25, threshold: 1)
        #expect(abs(value - log(0.022_750_131_948_179_207)) < 1e-13)
        #expect(abs(logProbabilityOfImprovement(mean: 3, standardDeviation: 2, threshold: 3) - log(0.5)) < 1e-15)
    }

    @Test func staysFiniteWhereTheProbabilityUnderflows() {
        // Φ(−40) underflows nowhere near: log Φ(−40) = −804.6084420137538.
        let value = logProbabilityOfImprovement(mean: 0, standardDeviation: 1, threshold: 40)
        #expect(abs(value - -804.608_442_013_753_8) < 1e-9)
    }

    @Test func gradientMatchesCentralDifferences() {
        for (mean, sd, threshold) in [(0.2, 0.5, 1.0), (-3.0, 0.3, 1.0), (2.0, 1.5, -1.0), (0.0, 0.01, 0.5)] {
            let (value, dMean, dSD) = logProbabilityOfImprovementWithGradient(
                mean: mean, standardDeviation: sd, threshold: threshold)
            #expect(value == logProbabilityOfImprovement(mean: mean, standardDeviation: sd, threshold: threshold))
            let h = 1e-6 * sd
            let numericMean =
                (logProbabilityOfImprovement(mean: mean + h, standardDeviation: sd, threshold: threshold)
                    - logProbabilityOfImprovement(mean: mean - h, standardDeviation: sd, threshold: threshold))
                / (2 * h)
            let numericSD =
                (logProbabilityOfImprovement(mean: mean, standardDeviation: sd + h, threshold: threshold)
                    - logProbabilityOfImprovement(mean: mean, standardDeviation: sd - h, threshold: threshold))
                / (2 * h)
            #expect(abs(dMean - numericMean) <= 1e-5 * max(1, abs(numericMean)), "∂/∂μ at \(mean), \(sd)")
            #expect(abs(dSD - numericSD) <= 1e-5 * max(1, abs(numericSD)), "∂/∂σ at \(mean), \(sd)")
        }
    }
}
