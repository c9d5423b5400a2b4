import Testing
import VernierTensor
import VernierTestSupport

/// The finite-difference helper itself: it passes correct gradients and catches a wrong one.
@Suite struct GradientCheckTests {
    @Test func passesCorrectGradient() {
        let check = checkGradient(of: { exp($0) * 2 }, at: Tensor([0.5, -1, 2]))
        #expect(check.passed)
        #expect(check.elementCount == 3)
        #expect(check.maximumScaledError <= 1)
    }

    @Test func catchesWrongGradientAndNamesTheElement() {
        // x · detached(x) has tape gradient x but true derivative 2x: largest error at the largest |x|.
        let x = Tensor([0.1, -3, 0.5])
        let check = checkGradient(of: { $0 * $0.detached() }, at: x)
        #expect(!check.passed)
        #expect(check.worstInput == 0)
        #expect(check.worstElement == 1)
        // The output is contracted with a fixed cotangent, so compare the ratio: numeric = 2 · analytic.
        #expect(Swift.abs(check.worstNumeric / check.worstAnalytic - 2) < 1e-2)
        #expect(check.description.contains("FAILED"))
    }

    @Test func reportsWhichInput() {
        let a = Tensor([1, 2])
        let b = Tensor([3, 4])
        let check = checkGradient(of: { p in p[0] + p[1] * p[1].detached() }, at: [a, b])
        #expect(!check.passed)
        #expect(check.worstInput == 1)
    }
}
