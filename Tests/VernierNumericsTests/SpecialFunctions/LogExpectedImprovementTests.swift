import Foundation
import Testing

@testable import VernierNumerics

@Suite struct LogExpectedImprovementTests {
    /// log h(z) = log(φ(z) + zΦ(z)) from mpmath at 60 digits.
    static let references: [(Double, Double)] = [
        (40, 3.6888794541139363029), (9, 2.1972245773362193828), (8.01, 2.0806907610802678618),
        (7.99, 2.0781907597781833093), (5, 1.6094379231264313851), (1, 0.080026218849306940029),
        (0, -0.91893853320467274178), (-0.5, -1.6205162643873199193), (-0.999, -2.4832171154475854429),
        (-1, -2.4851210257126413368), (-1.001, -2.4870256579553894227), (-3, -7.8696860596030285171),
        (-9.999, -55.542928143895927807), (-10, -55.553122036122355927), (-10.001, -55.563316909963881776),
        (-20, -206.91783850942509785), (-50, -1258.7441828684608531), (-200, -20011.515648259739324),
        (-1e4, -50000019.339619307157), (-1e8, -5000000000000037.7603),
    ]

    @Test func matchesHighPrecisionValuesFromTheBodyToTheFarTail() {
        for (z, expected) in Self.references {
            let value = logExpectedImprovement(mean: z, standardDeviation: 1, best: 0)
            let tolerance = 2e-13 * max(1, abs(expected))
            #expect(abs(value - expected) <= tolerance, "log EI at z = \(z): \(value), expected \(expected)")
        }
    }

    @Test func scalesWithTheStandardDeviation() {
        // EI(μ, σ, best) = σ h((μ - best)/σ), here z = -3.
        let value = logExpectedImprovement(mean: 1, standardDeviation: 0.25, best: 1.75)
        #expect(abs(value - (-7.8696860596030285171 + log(0.25))) < 1e-13)
    }

    @Test func gradientMatchesFiniteDifferences() {
        for (mean, sd) in [(0.3, 0.7), (-2.0, 0.5), (-30.0, 1.5), (4.0, 0.2), (-0.7, 1.0)] {
            let best = 0.1
            let (_, dMean, dSD) = logExpectedImprovementWithGradient(mean: mean, standardDeviation: sd, best: best)
            let h = 1e-6
            let numericMean =
                (logExpectedImprovement(mean: mean + h, standardDeviation: sd, best: best)
                    - logExpectedImprovement(mean: mean - h, standardDeviation: sd, best: best)) / (2 * h)
            let numericSD =
                (logExpectedImprovement(mean: mean, standardDeviation: sd + h, best: best)
                    - logExpectedImprovement(mean: mean, standardDeviation: sd - h, best: best)) / (2 * h)
            #expect(abs(dMean - numericMean) < 1e-5 * max(1, abs(numericMean)))
            #expect(abs(dSD - numericSD) < 1e-5 * max(1, abs(numericSD)))
        }
    }

    @Test func isMonotoneInTheMeanWhereExpectedImprovementUnderflows() {
        var previous = -Double.infinity
        for mean in stride(from: -60.0, through: -38, by: 0.5) {
            let value = logExpectedImprovement(mean: mean, standardDeviation: 1, best: 0)
            #expect(value.isFinite && value > previous)
            previous = value
        }
    }
}
