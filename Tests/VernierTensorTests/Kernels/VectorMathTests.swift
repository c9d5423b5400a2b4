import Foundation
import Testing
import VernierTensor

/// The SIMD exp/log/tanh/sigmoid kernels against double-precision Foundation, in units in the last place.
@Suite struct VectorMathTests {
    /// The error of `actual` in ulps of the correctly rounded `Float(expected)`.
    static func ulps(_ actual: Float, _ expected: Double) -> Double {
        let rounded = Float(expected)
        if actual == rounded { return 0 }
        let ulp = Double(rounded == 0 ? Float.leastNonzeroMagnitude : rounded.ulp)
        return Swift.abs(Double(actual) - expected) / ulp
    }

    /// A dense grid over `range`, with a length that leaves a scalar tail (not a multiple of 8).
    static func grid(_ range: ClosedRange<Double>, count: Int = 20_003) -> [Float] {
        (0..<count).map {
            Float(range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1))
        }
    }

    static func maximumError(
        _ values: [Float], _ function: (Tensor) -> Tensor, _ reference: (Double) -> Double
    )
        -> Double
    {
        let results = function(Tensor(values)).scalars
        return zip(values, results).map { ulps($1, reference(Double($0))) }.max() ?? 0
    }

    @Test func expWithinTwoUlps() {
        #expect(Self.maximumError(Self.grid(-87...88), exp, Foundation.exp) <= 2)
        #expect(Self.maximumError(Self.grid(-1...1), exp, Foundation.exp) <= 2)
    }

    @Test func logWithinTwoUlps() {
        #expect(Self.maximumError(Self.grid(1e-6...10), log, Foundation.log) <= 2)
        #expect(Self.maximumError(Self.grid(0.5...2), log, Foundation.log) <= 2)
        #expect(Self.maximumError(Self.grid(1...1e30), log, Foundation.log) <= 2)
    }

    @Test func tanhAndSigmoidWithinFewUlps() {
        #expect(Self.maximumError(Self.grid(-10...10), tanh, Foundation.tanh) <= 3)
        #expect(Self.maximumError(Self.grid(-0.01...0.01), tanh, Foundation.tanh) <= 3)
        #expect(Self.maximumError(Self.grid(-30...30), sigmoid) { 1 / (1 + Foundation.exp(-$0)) } <= 3)
    }

    @Test func specialValues() {
        let special: [Float] = [0, -0, .infinity, -.infinity, .nan, 100, -100, 1e-40, -1]
        let e = exp(Tensor(special)).scalars
        #expect(e[0] == 1 && e[1] == 1 && e[2] == .infinity && e[3] == 0 && e[4].isNaN)
        #expect(e[5] == .infinity && e[6] == 0)
        let l = log(Tensor(special)).scalars
        #expect(l[0] == -.infinity && l[2] == .infinity && l[4].isNaN && l[8].isNaN)
        #expect(ulpsClose(l[7], Foundation.log(1e-40)))
        let t = tanh(Tensor(special)).scalars
        #expect(t[2] == 1 && t[3] == -1 && t[4].isNaN && t[5] == 1 && t[6] == -1 && t[0] == 0)
        let s = sigmoid(Tensor(special)).scalars
        #expect(s[0] == 0.5 && s[2] == 1 && s[3] == 0 && s[4].isNaN && s[5] == 1 && s[6] < 1e-40)
    }

    private func ulpsClose(_ actual: Float, _ expected: Double) -> Bool { Self.ulps(actual, expected) <= 2 }
}
