import Testing
import VernierOptimizers
import VernierTensor

@Suite struct GradientClippingTests {
    @Test func globalNormCoversEveryTensor() {
        let gradient = [Tensor([3, 0]), Tensor([4])]
        #expect(globalNorm(of: gradient) == 5)
    }

    @Test func clippingByNormScalesOnlyLargeGradients() {
        var large = [Tensor([3, 0]), Tensor([4])]
        let norm = clipByGlobalNorm(&large, maxNorm: 1)
        #expect(norm == 5)
        expectClose(Tensor(large.flatMap(\.scalars)), [0.6, 0, 0.8], relative: 1e-5, "clipped")
        var small = [Tensor([0.3, 0.4])]
        clipByGlobalNorm(&small, maxNorm: 1)
        #expect(small[0].scalars == [0.3, 0.4])
    }

    @Test func clippingByValueLimitsEachElement() {
        var gradient = Tensor([-3, -0.2, 0.1, 7])
        clipByValue(&gradient, limit: 1)
        #expect(gradient.scalars == [-1, -0.2, 0.1, 1])
    }
}
