import Testing
import VernierTestSupport

@testable import VernierTensor

/// The direct kernels of single-channel 3×3 "same" convolutions (the CNN's first layer): forward values against
/// the loop reference, weight and bias gradients against finite differences, and the geometries they take.
@Suite struct DirectConvolutionTests {
    /// Widths 8 (one vector per row), 11 (a last vector overlapping the first by five columns) and 20 (three
    /// vectors, the last overlapping by four); 5 output channels (a block of four and one more).
    static let shapes: [[Int]] = [[3, 1, 5, 8], [2, 1, 6, 11], [2, 1, 4, 20]]

    /// A batch of two 28-row images: channels, width, kernel size, stride, padding.
    private static func geometry(_ c: Int, _ w: Int, _ k: Int, _ s: Int, _ p: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(
            batch: 2, channels: c, height: 28, width: w, kernelHeight: k, kernelWidth: k, stride: s, padding: p)
    }

    @Test func takesOnlySingleChannelSameGeometries() {
        #expect(Self.geometry(1, 28, 3, 1, 1).usesDirectSingleChannel)
        #expect(Self.geometry(1, 8, 3, 1, 1).usesDirectSingleChannel)
        #expect(!Self.geometry(1, 7, 3, 1, 1).usesDirectSingleChannel)
        #expect(!Self.geometry(2, 28, 3, 1, 1).usesDirectSingleChannel)
        #expect(!Self.geometry(1, 28, 5, 1, 2).usesDirectSingleChannel)
        #expect(!Self.geometry(1, 28, 3, 2, 1).usesDirectSingleChannel)
        #expect(!Self.geometry(1, 28, 3, 1, 0).usesDirectSingleChannel)
    }

    @Test(arguments: shapes)
    func forwardMatchesDirectLoop(input: [Int]) {
        let x = TestTensors.uniform(input, seed: 51)
        let w = TestTensors.uniform([5, 1, 3, 3], seed: 52)
        let b = TestTensors.uniform([5], seed: 53)
        let expected = ConvolutionTests.reference(x, w, b, stride: 1, padding: 1)
        #expect(isClose(conv2d(x, w, bias: b, padding: 1).scalars, expected, tolerance: 1e-5))
        let rectified = conv2d(x, w, bias: b, padding: 1, activation: .relu)
        #expect(isClose(rectified.scalars, expected.map { Swift.max($0, 0) }, tolerance: 1e-5))
        #expect(rectified.scalars.contains(0) && rectified.scalars.contains { $0 > 0 })
        let noBias = ConvolutionTests.reference(x, w, nil, stride: 1, padding: 1)
        #expect(isClose(conv2d(x, w, bias: nil, padding: 1).scalars, noBias, tolerance: 1e-5))
    }

    /// The input is a constant (images are), so the weight and bias gradients come from the direct kernel. Two
    /// output channels and few rows, so that some seed keeps every pre-activation away from ReLU's kink.
    @Test(arguments: [[2, 1, 3, 8], [1, 1, 4, 11], [1, 1, 2, 20]])
    func weightAndBiasGradientsMatchFiniteDifferences(input: [Int]) {
        let (x, w, b) = ConvolutionTests.awayFromKink(
            input: input, kernel: [2, 1, 3, 3], stride: 1, padding: 1, seed: 54)
        let rectified = checkGradient(
            of: { p in conv2d(x, p[0], bias: p[1], padding: 1, activation: .relu) }, at: [w, b!])
        #expect(rectified.passed, "\(input): \(rectified)")
        let linear = checkGradient(of: { p in conv2d(x, p[0], bias: p[1], padding: 1) }, at: [w, b!])
        #expect(linear.passed, "\(input): \(linear)")
        let (nx, nw, _) = ConvolutionTests.awayFromKink(
            input: input, kernel: [2, 1, 3, 3], bias: false, stride: 1, padding: 1, seed: 54)
        let noBias = checkGradient(of: { w in conv2d(nx, w, bias: nil, padding: 1, activation: .relu) }, at: nw)
        #expect(noBias.passed, "\(input): \(noBias)")
    }

    /// With the input's gradient asked for too, the gradients take the unfolding path; they agree with the direct
    /// kernel's weight and bias gradients.
    @Test func inputGradientPathAgreesWithDirectKernel() {
        let (x, w, b) = ConvolutionTests.awayFromKink(
            input: [2, 1, 3, 11], kernel: [2, 1, 3, 3], stride: 1, padding: 1, seed: 55)
        let all = checkGradient(
            of: { p in conv2d(p[0], p[1], bias: p[2], padding: 1, activation: .relu) }, at: [x, w, b!])
        #expect(all.passed, "\(all)")
        let cotangent = TestTensors.uniform([2, 2, 3, 11], seed: 56)
        let unfolded = valueAndGradient(at: [x, w, b!]) { p in
            (conv2d(p[0], p[1], bias: p[2], padding: 1, activation: .relu) * cotangent).sum()
        }.gradients
        let direct = valueAndGradient(at: [w, b!]) { p in
            (conv2d(x, p[0], bias: p[1], padding: 1, activation: .relu) * cotangent).sum()
        }.gradients
        #expect(isClose(direct[0].scalars, unfolded[1].scalars, tolerance: 1e-5))
        #expect(isClose(direct[1].scalars, unfolded[2].scalars, tolerance: 1e-5))
    }
}
