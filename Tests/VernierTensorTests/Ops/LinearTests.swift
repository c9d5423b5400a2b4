import Testing
import VernierTensor
import VernierTestSupport

@Suite struct LinearTests {
    @Test func matchesMatmulPlusBias() {
        let x = TestTensors.uniform([5, 3], seed: 1)
        let w = TestTensors.uniform([3, 4], seed: 2)
        let b = TestTensors.uniform([4], seed: 3)
        #expect(isClose(linear(x, weight: w, bias: b).scalars, (x.matmul(w) + b).scalars))
        #expect(isClose(linear(x, weight: w, bias: nil).scalars, x.matmul(w).scalars))
    }

    @Test func handComputed() {
        let x = Tensor([[1, 2]])
        let w = Tensor([[1, 0, -1], [2, 1, 0]])
        #expect(linear(x, weight: w, bias: Tensor([0.5, 0.5, 0.5])).scalars == [5.5, 2.5, -0.5])
    }

    @Test func leadingAxesAreRows() {
        let x = TestTensors.uniform([2, 3, 4], seed: 4)
        let w = TestTensors.uniform([4, 2], seed: 5)
        let y = linear(x, weight: w, bias: nil)
        #expect(y.shape == [2, 3, 2])
        #expect(isClose(y.scalars, x.reshaped(to: [6, 4]).matmul(w).scalars))
    }

    @Test func gradients() {
        let x = TestTensors.uniform([5, 3], seed: 6)
        let w = TestTensors.uniform([3, 4], seed: 7)
        let b = TestTensors.uniform([4], seed: 8)
        let all = checkGradient(of: { p in linear(p[0], weight: p[1], bias: p[2]) }, at: [x, w, b])
        #expect(all.passed, "\(all)")
        let noBias = checkGradient(of: { p in linear(p[0], weight: p[1], bias: nil) }, at: [x, w])
        #expect(noBias.passed, "\(noBias)")
        let weightOnly = checkGradient(of: { w in linear(x, weight: w, bias: b) }, at: w)
        #expect(weightOnly.passed, "\(weightOnly)")
    }

    @Test func shapeMessages() {
        #expect(
            ShapeCheck.linear(input: [10, 2], weight: [3, 4], bias: nil)
                == "linear: input [10, 2] has 2 features but weight [3, 4] expects 3")
        #expect(
            ShapeCheck.linear(input: [10, 3], weight: [3, 4], bias: [3]) == "linear: bias must have shape [4], got [3]")
        #expect(ShapeCheck.linear(input: [10, 3], weight: [3, 4], bias: [4]) == nil)
    }
}
