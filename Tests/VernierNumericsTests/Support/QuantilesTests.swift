import Testing
import VernierNumerics

@Suite("Quantiles")
struct QuantilesTests {
    @Test("median: middle value, mean of the middle two, NaN when empty")
    func median() {
        #expect(Quantiles.median([0.9, 0.7, 0.8]) == 0.8)
        #expect(Quantiles.median([3, 1, 2, 10]) == 2.5)
        #expect(Quantiles.median([5]) == 5)
        #expect(Quantiles.median([]).isNaN)
    }

    @Test("percentiles agree with NumPy's default (linear) percentile")
    func numpyAgreement() {
        // numpy.percentile([4, 1, 3, 2], [25, 50, 75]) == [1.75, 2.5, 3.25]
        #expect(Quantiles.percentiles([4, 1, 3, 2], [25, 50, 75]) == [1.75, 2.5, 3.25])
        #expect(Quantiles.percentile([10, 20, 30], 75) == 25)
        #expect(Quantiles.percentile([1, 2, 3, 4, 5], 25) == 2)
        // numpy.percentile([0.3, -1, 7, 2.5, 9, 4], [0, 10, 90, 100]) == [-1, -0.35, 8, 9]
        let q = Quantiles.percentiles([0.3, -1, 7, 2.5, 9, 4], [0, 10, 90, 100])
        for (value, expected) in zip(q, [-1, -0.35, 8, 9]) { #expect(abs(value - expected) < 1e-12) }
        #expect(Quantiles.percentile([], 50).isNaN)
    }
}
