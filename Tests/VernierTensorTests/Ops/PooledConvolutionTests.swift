import Testing
import VernierTestSupport

@testable import VernierTensor

/// Convolutions with 2×2 max pooling fused (`conv2d(…, pooling: .max2x2)`): the values and gradients of
/// `maxPool2d(act(conv2d(…)), kernelSize: 2)`, bit for bit, on the direct single-channel kernel and on the
/// unfolding path, and gradients that match finite differences.
@Suite struct PooledConvolutionTests {
    /// A single-channel 3×3 "same" geometry (the direct kernel, width 12: a last vector that overlaps) and a
    /// two-channel one (unfolding and `sgemm`, chunks of several images).
    static let shapes: [([Int], [Int])] = [([3, 1, 6, 12], [5, 1, 3, 3]), ([3, 2, 6, 4], [3, 2, 3, 3])]

    @Test(arguments: shapes)
    func equalsTheUnfusedComposition(input: [Int], kernel: [Int]) {
        // Rounded values make ties inside pooling windows; ReLU adds windows of zeros.
        let x = Tensor(
            shape: input, scalars: TestTensors.uniform(input, seed: 61).scalars.map { ($0 * 4).rounded() / 4 })
        let w = Tensor(
            shape: kernel, scalars: TestTensors.uniform(kernel, seed: 62).scalars.map { ($0 * 4).rounded() / 4 })
        let b = TestTensors.uniform([kernel[0]], seed: 63)
        let pooledShape = [input[0], kernel[0], input[2] / 2, input[3] / 2]
        let cotangent = TestTensors.uniform(pooledShape, seed: 64)
        for activation in [FusedActivation.relu, .identity] {
            for inputs in [[x, w, b], [w, b]] {
                func run(_ fused: Bool) -> [[UInt32]] {
                    let result = valueAndGradient(at: inputs) { p in
                        let (image, weight, bias) = p.count == 3 ? (p[0], p[1], p[2]) : (x, p[0], p[1])
                        let y =
                            fused
                            ? conv2d(image, weight, bias: bias, padding: 1, activation: activation, pooling: .max2x2)
                            : maxPool2d(
                                conv2d(image, weight, bias: bias, padding: 1, activation: activation), kernelSize: 2)
                        #expect(y.shape == pooledShape)
                        return (y * cotangent).sum()
                    }
                    return [[result.value.item.bitPattern]] + result.gradients.map { $0.scalars.map(\.bitPattern) }
                }
                #expect(run(true) == run(false), "\(input) ⋆ \(kernel), \(activation), \(inputs.count) inputs")
            }
        }
        let evaluated = conv2d(x, w, bias: b, padding: 1, activation: .relu, pooling: .max2x2)
        let reference = maxPool2d(conv2d(x, w, bias: b, padding: 1, activation: .relu), kernelSize: 2)
        #expect(evaluated.scalars.map(\.bitPattern) == reference.scalars.map(\.bitPattern))
        #expect(evaluated.scalars.contains { $0 > 0 })
    }

    /// Without a backward pass to follow (evaluation) the plain pooling kernel runs: no winner bytes, the same
    /// pooled values bit for bit, a NaN included.
    @Test(arguments: shapes)
    func evaluationWritesNoWinners(input: [Int], kernel: [Int]) {
        var scalars = TestTensors.uniform(input, seed: 65).scalars.map { ($0 * 4).rounded() / 4 }
        scalars[5] = .nan
        let x = Tensor(shape: input, scalars: scalars)
        let w = TestTensors.uniform(kernel, seed: 66)
        let b = TestTensors.uniform([kernel[0]], seed: 67)
        let g = ConvolutionGeometry(
            batch: input[0], channels: input[1], height: input[2], width: input[3], kernelHeight: 3, kernelWidth: 3,
            stride: 1, padding: 1)
        for activation in [FusedActivation.relu, .identity] {
            let recorded = Kernels.conv2dMaxPool(x, w, bias: b, activation: activation, g, recordingWinners: true)
            let skipped = Kernels.conv2dMaxPool(x, w, bias: b, activation: activation, g, recordingWinners: false)
            #expect(recorded.winners != nil && skipped.winners == nil)
            #expect(skipped.output.scalars.map(\.bitPattern) == recorded.output.scalars.map(\.bitPattern))
            #expect(skipped.output.scalars.contains { $0.isNaN })
        }
    }

    /// Finite differences move each pre-activation by at most 0.01 (step 1e-2, factors at most 1), so inputs whose
    /// pre-activations are all 0.0125 away from ReLU's kink and whose two largest values in every window are 0.025
    /// apart keep every winner and every mask.
    /// Small enough that some seed keeps every pre-activation away from the kinks.
    @Test(arguments: [([1, 1, 4, 8], [2, 1, 3, 3]), ([2, 2, 4, 4], [2, 2, 3, 3])])
    func gradientsMatchFiniteDifferences(input: [Int], kernel: [Int]) {
        var found: (Tensor, Tensor, Tensor)?
        for seed in UInt64(0)..<4000 where found == nil {
            let x = TestTensors.uniform(input, seed: 70 &+ 3 &* seed)
            let w = TestTensors.uniform(kernel, seed: 71 &+ 3 &* seed)
            let b = TestTensors.uniform([kernel[0]], seed: 72 &+ 3 &* seed)
            if Self.isAwayFromKinks(conv2d(x, w, bias: b, padding: 1)) { found = (x, w, b) }
        }
        guard let (x, w, b) = found else {
            Issue.record("no seed keeps \(input) ⋆ \(kernel) away from the kinks")
            return
        }
        let check = checkGradient(
            of: { p in conv2d(p[0], p[1], bias: p[2], padding: 1, activation: .relu, pooling: .max2x2) },
            at: [x, w, b])
        #expect(check.passed, "\(input) ⋆ \(kernel): \(check)")
        let constantInput = checkGradient(
            of: { p in conv2d(x, p[0], bias: p[1], padding: 1, activation: .relu, pooling: .max2x2) }, at: [w, b])
        #expect(constantInput.passed, "\(input) ⋆ \(kernel): \(constantInput)")
    }

    private static func isAwayFromKinks(_ pre: Tensor) -> Bool {
        let (planes, height, width) = (pre.shape[0] * pre.shape[1], pre.shape[2], pre.shape[3])
        let values = pre.scalars
        guard values.allSatisfy({ Swift.abs($0) > 0.0125 }) else { return false }
        for p in 0..<planes {
            for y in stride(from: 0, to: height, by: 2) {
                for x in stride(from: 0, to: width, by: 2) {
                    let base = p * height * width + y * width + x
                    let window = [base, base + 1, base + width, base + width + 1].map { Swift.max(values[$0], 0) }
                        .sorted(by: >)
                    if window[0] > 0 && window[0] - window[1] <= 0.025 { return false }
                }
            }
        }
        return true
    }
}
