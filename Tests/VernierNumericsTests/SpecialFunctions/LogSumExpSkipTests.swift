import Foundation
import Testing

@testable import VernierNumerics

/// `logSumExp` skips terms too small to change the partial sum; the result must equal adding every term.
@Suite struct LogSumExpSkipTests {
    @Test func skippingNegligibleTermsGivesTheSameBits() {
        var generator = SplitMixBits(seed: 21)
        for trial in 0..<2000 {
            let count = 1 + trial % 97
            // Spreads from a few units to thousands, so that some terms are skipped and some are not, and the
            // largest term lands anywhere in the order.
            let spread = [3.0, 30, 45, 80, 800, 5000][trial % 6]
            let values = (0..<count).map { _ in -spread * generator.unitUniform() }
            let maximum = values.max()!
            var sum = 0.0
            for value in values { sum += exp(value - maximum) }
            #expect(logSumExp(values) == maximum + log(sum), "trial \(trial)")
        }
        #expect(logSumExp([0, -38.5, -39, 1e-300]) == log(1 + exp(-38.5) + exp(-39) + exp(1e-300)))
    }
}
