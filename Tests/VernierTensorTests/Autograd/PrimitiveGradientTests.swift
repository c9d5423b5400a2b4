import Testing
import VernierTensor
import VernierTestSupport

/// A finite-difference check of every differentiable primitive (see `checkGradient(of:at:)`), including
/// broadcasting and tensors used more than once.
@Suite struct PrimitiveGradientTests {
    static let u = TestTensors.uniform([3, 4], seed: 1)
    static let positive = TestTensors.uniform([3, 4], in: 0.5...2, seed: 2)
    static let broadcastShapes: [([Int], [Int])] = [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], [3, 1]), ([3, 4], []), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]),
        ([4], [2, 3, 4]), ([2, 1, 4], [3, 1]),
    ]

    static func expectGradient(
        _ inputs: [Tensor], _ function: @escaping ([Tensor]) -> Tensor,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let check = checkGradient(of: function, at: inputs)
        #expect(check.passed, "\(check)", sourceLocation: sourceLocation)
    }

    @Test(arguments: broadcastShapes)
    func broadcastingArithmetic(_ shapeA: [Int], _ shapeB: [Int]) {
        let a = TestTensors.uniform(shapeA, seed: 3)
        let b = TestTensors.uniform(shapeB, seed: 4)
        // Divisors away from zero: magnitudes in [0.5, 1.5].
        let divisor =
            TestTensors.uniform(shapeB, in: 0.5...1.5, seed: 5) * b.greater(Tensor(0)) * 2 - 1
            * TestTensors.uniform(shapeB, in: 0.5...1.5, seed: 5)
        Self.expectGradient([a, b]) { $0[0] + $0[1] }
        Self.expectGradient([a, b]) { $0[0] - $0[1] }
        Self.expectGradient([a, b]) { $0[0] * $0[1] }
        Self.expectGradient([a, divisor]) { $0[0] / $0[1] }
        Self.expectGradient([b, a]) { $0[0] - $0[1] }
    }

    @Test func scalarArithmetic() {
        Self.expectGradient([Self.u]) { -$0[0] }
        Self.expectGradient([Self.u]) { $0[0] + 1.5 }
        Self.expectGradient([Self.u]) { 2 - $0[0] }
        Self.expectGradient([Self.u]) { $0[0] * -0.75 }
        Self.expectGradient([Self.u]) { $0[0] / 4 }
        Self.expectGradient([Self.positive]) { 2 / $0[0] }
    }

    @Test func elementwiseFunctions() {
        Self.expectGradient([Self.u]) { exp($0[0]) }
        Self.expectGradient([Self.positive]) { log($0[0]) }
        Self.expectGradient([Self.positive]) { sqrt($0[0]) }
        Self.expectGradient([Self.u]) { square($0[0]) }
        Self.expectGradient([Self.u]) { pow($0[0], 3) }
        Self.expectGradient([Self.positive]) { pow($0[0], -1.5) }
        Self.expectGradient([Self.u]) { sigmoid($0[0] * 3) }
        Self.expectGradient([Self.u]) { tanh($0[0] * 2) }
    }

    @Test func powerWithTensorExponent() {
        let exponents = TestTensors.uniform([4], in: -1.5...1.5, seed: 6)
        Self.expectGradient([Self.positive, exponents]) { pow($0[0], $0[1]) }
        Self.expectGradient([Self.positive]) { pow($0[0], exponents) }
    }

    @Test func kinkedFunctionsAwayFromKinks() {
        let x = TestTensors.distinct([4, 5])
        Self.expectGradient([x]) { abs($0[0]) }
        Self.expectGradient([x]) { relu($0[0]) }
        Self.expectGradient([x]) { clamp($0[0], min: -0.6, max: 0.3) }
        // Offset by half the gap so that no pair of elements ties.
        let y = TestTensors.distinct([4, 5], seed: 9) + 0.05
        Self.expectGradient([x, y]) { maximum($0[0], $0[1]) }
        Self.expectGradient([x, y]) { minimum($0[0], $0[1]) }
        let row = TestTensors.distinct([5], seed: 10) + 0.05
        Self.expectGradient([x, row]) { maximum($0[0], $0[1]) }
        Self.expectGradient([x, row]) { minimum($0[0], $0[1]) }
    }

    @Test func reductions() {
        let x = TestTensors.uniform([2, 3, 4], seed: 7)
        Self.expectGradient([x]) { $0[0].sum() }
        Self.expectGradient([x]) { $0[0].mean() }
        for axes in [[0], [1], [2], [0, 2], [-1]] {
            Self.expectGradient([x]) { $0[0].sum(alongAxes: axes) }
            Self.expectGradient([x]) { $0[0].sum(alongAxes: axes, keepingDimensions: true) }
            Self.expectGradient([x]) { $0[0].mean(alongAxes: axes) }
        }
        for axis in [0, 1, 2] {
            Self.expectGradient([x]) { $0[0].logSumExp(alongAxis: axis) }
            Self.expectGradient([x]) { $0[0].logSumExp(alongAxis: axis, keepingDimensions: true) }
        }
    }

    @Test func maxima() {
        let x = TestTensors.distinct([2, 3, 4])
        for axis in [0, 1, 2, -1] {
            Self.expectGradient([x]) { $0[0].max(alongAxis: axis) }
            Self.expectGradient([x]) { $0[0].max(alongAxis: axis, keepingDimensions: true) }
        }
        Self.expectGradient([x]) { $0[0].max() }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matrixProducts(_ transposeA: Bool, _ transposeB: Bool) {
        let a = TestTensors.uniform(transposeA ? [4, 3] : [3, 4], seed: 11)
        let b = TestTensors.uniform(transposeB ? [5, 4] : [4, 5], seed: 12)
        Self.expectGradient([a, b]) { matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
        let batchA = TestTensors.uniform(transposeA ? [2, 4, 3] : [2, 3, 4], seed: 13)
        let batchB = TestTensors.uniform(transposeB ? [2, 5, 4] : [2, 4, 5], seed: 14)
        Self.expectGradient([batchA, batchB]) { matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
        Self.expectGradient([batchA, b]) { matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
        Self.expectGradient([a, batchB]) { matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    @Test func shaping() {
        let x = TestTensors.uniform([2, 3, 4], seed: 15)
        Self.expectGradient([x]) {
            $0[0].reshaped(to: [6, -1]) * Tensor(shape: [6, 4], scalars: (0..<24).map(Float.init))
        }
        Self.expectGradient([x]) { $0[0].transposed(permutation: [2, 0, 1]) }
        Self.expectGradient([x]) { $0[0].transposed() }
        Self.expectGradient([TestTensors.uniform([3, 1], seed: 16)]) { $0[0].broadcast(to: [2, 3, 4]) }
        Self.expectGradient([x]) { $0[0].expandingShape(at: 1) }
        Self.expectGradient([TestTensors.uniform([3, 1, 2], seed: 17)]) { $0[0].squeezingShape() }
        Self.expectGradient([x]) { $0[0].slice(1..<3, alongAxis: 1) }
        Self.expectGradient([x]) { $0[0][1..<2] }
        let y = TestTensors.uniform([2, 2, 4], seed: 18)
        Self.expectGradient([x, y]) { concatenate([$0[0], $0[1]], alongAxis: 1) }
        Self.expectGradient([x, x * 2]) { stack([$0[0], $0[1]], alongAxis: 2) }
    }

    @Test func indexing() {
        let x = TestTensors.uniform([3, 4, 2], seed: 19)
        Self.expectGradient([x]) { $0[0].gathering(atIndices: [2, 0, 2, 1], alongAxis: 1) }
        Self.expectGradient([x]) { $0[0].gathering(atIndices: [1, 1], alongAxis: 0) }
        let m = TestTensors.uniform([4, 5], seed: 20)
        Self.expectGradient([m]) { $0[0].picking(indices: [1, 4, 0, 4]) }
    }

    @Test func tensorUsedTwice() {
        let x = TestTensors.uniform([3, 4], seed: 21)
        Self.expectGradient([x]) { $0[0] * $0[0] + $0[0] }
        Self.expectGradient([x]) { $0[0] / ($0[0].sum(alongAxes: [1], keepingDimensions: true) + 10) }
        Self.expectGradient([x]) { matmul($0[0], $0[0], transposeB: true) }
        Self.expectGradient([x]) { x in exp(x[0]) * sigmoid(x[0]) - x[0].mean(alongAxes: [0]) }
        // Exact value: d/dx (x² + 3x) = 2x + 3.
        let g = gradient(at: Tensor([1, -2])) { x in (x * x + 3 * x).sum() }
        #expect(g.scalars == [5, -1])
    }

    @Test func composedNetwork() {
        let x = TestTensors.uniform([6, 3], seed: 22)
        let w1 = TestTensors.uniform([3, 5], seed: 23)
        let b1 = TestTensors.uniform([5], seed: 24)
        let w2 = TestTensors.uniform([5, 2], seed: 25)
        Self.expectGradient([w1, b1, w2]) { p in
            let hidden = tanh(linear(x, weight: p[0], bias: p[1]))
            let logits = hidden.matmul(p[2])
            return logits - logits.logSumExp(alongAxis: 1, keepingDimensions: true)
        }
    }
}
