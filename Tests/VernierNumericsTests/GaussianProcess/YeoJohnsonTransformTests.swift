import Foundation
import Testing

@testable import VernierNumerics

@Suite struct YeoJohnsonTransformTests {
    @Test func heavyRightTailIsCompressedAndOrderKept() {
        // Rosenbrock-like losses: most moderate, a few orders of magnitude larger.
        let values = (1...40).map { Double($0 * $0 * $0) } + [1e5, 3e5, 1e6]
        let warp = YeoJohnsonTransform(fittedTo: values)
        #expect(warp.lambda < 1)
        let warped = warp.transform(values)
        for i in 1..<values.count where values[i] > values[i - 1] { #expect(warped[i] > warped[i - 1]) }
        // The largest gap shrinks relative to the spread of the bulk.
        let rawRatio = (values.max()! - values[39]) / (values[39] - values[0])
        let warpedRatio = (warped.max()! - warped[39]) / (warped[39] - warped[0])
        #expect(warpedRatio < rawRatio / 10)
    }

    @Test func lambdaStaysInsideTheRangeAndIdentityWhenGaussian() {
        // Symmetric, light-tailed values: the fit has nothing to gain, λ stays at (or near) 1.
        let symmetric = (0..<50).map { i -> Double in
            let u = (Double(i) + 0.5) / 50
            return StandardNormal.quantile(u)
        }
        let warp = YeoJohnsonTransform(fittedTo: symmetric, lambdaRange: -2...1)
        #expect(warp.lambda <= 1)
        #expect(warp.lambda > 0.8)
        let skewed = (1...30).map { exp(Double($0) / 3) }
        let capped = YeoJohnsonTransform(fittedTo: skewed, lambdaRange: -2...1)
        #expect((-2...1).contains(capped.lambda))
    }

    @Test func fewDistinctValuesGiveTheStandardizedIdentity() {
        let warp = YeoJohnsonTransform(fittedTo: [2, 4, 4, 2])
        #expect(warp.lambda == 1)
        let warped = warp.transform([2, 4])
        #expect(abs(warped[0] + 1) < 1e-12)
        #expect(abs(warped[1] - 1) < 1e-12)
    }

    @Test func psiIsContinuousAtZeroAndAtTheLogarithmicExponents() {
        for lambda in [-1.5, 0, 0.5, 1, 2] {
            #expect(
                abs(YeoJohnsonTransform.psi(1e-9, lambda: lambda) - YeoJohnsonTransform.psi(-1e-9, lambda: lambda))
                    < 1e-8)
        }
        #expect(abs(YeoJohnsonTransform.psi(3, lambda: 1e-13) - log(4)) < 1e-9)
        #expect(abs(YeoJohnsonTransform.psi(-3, lambda: 2 - 1e-13) + log(4)) < 1e-9)
    }
}
