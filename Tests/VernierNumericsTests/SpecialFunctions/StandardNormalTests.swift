import Foundation
import Testing

@testable import VernierNumerics

/// References computed with mpmath at 60 digits (`log(ncdf(x))`, `exp(x²) erfc(x)`, `findroot`).
@Suite struct StandardNormalTests {
    static let logCDFReferences: [(Double, Double)] = [
        (-1, -1.8410216450092635058), (-4.99, -15.013181717689319926), (-5, -15.064998393988725736),
        (-5.01, -15.116911800640429965), (-7.5, -31.075890902890001243), (-10, -53.231285150512470578),
        (-20, -203.91715537109726394), (-40, -804.60844201375378817), (-100, -5005.5242086942050886),
        (-1000, -500007.82669481218431), (-1e5, -5000000012.4318639983), (0.5, -0.36894641528865639307),
        (3, -0.0013508099647481937988), (10, -7.619853024160526066e-24),
    ]

    @Test func logCDFMatchesHighPrecisionReferencesInBothTails() {
        for (x, expected) in Self.logCDFReferences {
            let value = StandardNormal.logCDF(x)
            #expect(abs(value - expected) <= 1e-13 * abs(expected), "logCDF(\(x)) = \(value), expected \(expected)")
        }
    }

    @Test func scaledComplementaryErrorFunctionMatchesReferences() {
        let references: [(Double, Double)] = [
            (0.5, 0.61569034419292587487), (4.99, 0.11091837045388812066), (5, 0.11070463773306862637),
            (5.01, 0.11049171315279297681), (7, 0.07980005432915293349), (9.99, 0.056196640706858821342),
            (10, 0.056140992743822585858), (30, 0.018795888861416751497), (1000, 0.0005641893014533876542),
        ]
        for (x, expected) in references {
            let value = scaledComplementaryErrorFunction(x)
            #expect(abs(value - expected) <= 1e-14 * expected, "erfcx(\(x)) = \(value), expected \(expected)")
        }
    }

    @Test func quantileInvertsTheDistributionFunctionFarIntoTheTails() {
        let references: [(Double, Double)] = [
            (-1000, -44.61574773196940302), (-100, -13.888476033003886317), (-0.1, 1.3096177994584931617),
        ]
        for (logP, expected) in references {
            let value = StandardNormal.quantile(logProbability: logP)
            #expect(abs(value - expected) <= 1e-13 * abs(expected), "quantile(log p = \(logP)) = \(value)")
        }
        #expect(abs(StandardNormal.quantile(0.975) - 1.9599639845400542355) < 1e-14)
        #expect(abs(StandardNormal.quantile(1e-10) + 6.3613409024040562047) < 1e-13)
        #expect(abs(StandardNormal.quantile(0.9999999999) - 6.3613409024040562047) < 1e-5)
        #expect(abs(StandardNormal.quantile(0.5)) < 1e-15)
        for x in stride(from: -30.0, through: 8, by: 0.7) {
            #expect(abs(StandardNormal.quantile(logProbability: StandardNormal.logCDF(x)) - x) < 1e-12 * max(1, abs(x)))
        }
    }

    @Test func logProbabilityOfAnIntervalIsAccurateInTheUpperTail() {
        // P(30 < Z < 31) ≈ φ(30)/30 (1 - 1/900) to leading order; compare with the mirrored lower-tail value.
        let upper = StandardNormal.logProbability(from: 30, to: 31)
        let mirrored = StandardNormal.logProbability(from: -31, to: -30)
        #expect(upper == mirrored)
        #expect(
            abs(
                upper - (StandardNormal.logCDF(-30) + log1mexp(StandardNormal.logCDF(-31) - StandardNormal.logCDF(-30)))
            ) < 1e-12)
        #expect(abs(StandardNormal.logProbability(from: -1, to: 1) - log(0.6826894921370859)) < 1e-14)
    }

    @Test func truncatedSamplesStayInsideTheirIntervalAndHaveTheRightMean() {
        var generator = SplitMixBits(seed: 4)
        var sum = 0.0
        let count = 4000
        for _ in 0..<count {
            let z = StandardNormal.sampleTruncated(from: 8, to: 9, using: &generator)
            #expect(z >= 8 && z <= 9)
            sum += z
        }
        // Mean of N(0,1) truncated to [8, 9]: (φ(8) - φ(9)) / (Φ(9) - Φ(8)) = 8.1211... (mpmath).
        #expect(abs(sum / Double(count) - 8.121_176) < 0.01)
        for _ in 0..<100 {
            let z = StandardNormal.sampleTruncated(from: -40, to: -39.5, using: &generator)
            #expect(z >= -40 && z <= -39.5)
        }
    }

    @Test func logSumExpAndFriendsAvoidOverflowAndCancellation() {
        #expect(abs(logSumExp([1000, 1000]) - (1000 + log(2))) < 1e-12)
        #expect(logSumExp([]) == -.infinity)
        #expect(abs(log1mexp(-1e-20) - log(1e-20)) < 1e-12)
        #expect(abs(log1mexp(-50) + exp(-50)) < 1e-35)
        #expect(log1pexp(800) == 800)
        #expect(abs(logAddExp(-1000, -1000) - (-1000 + log(2))) < 1e-12)
    }
}
