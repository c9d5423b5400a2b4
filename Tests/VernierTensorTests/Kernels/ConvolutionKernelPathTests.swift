import CVernierKernels
import Testing
import VernierTensor
import VernierTestSupport

/// The C kernels of the convolution network (2×2 max pooling forward and backward, bias + ReLU, the ReLU mask,
/// the direct single-channel convolution, pooling with winners)
/// give the same bits on every instruction-set path, vector body and scalar tail alike.
@Suite(.serialized)
struct ConvolutionKernelPathTests {
    private func onEveryPath<T>(_ body: () -> T) -> [T] { KernelPaths.onEveryPath(body) }

    /// Width 20: two 8-column vector steps and a 4-column tail per row pair; ties and a NaN included.
    @Test func maxPoolingIsBitIdenticalOnEveryPath() {
        var scalars = TestTensors.uniform([3, 4, 6, 20], seed: 41).scalars.map { ($0 * 3).rounded() }
        scalars[17] = .nan
        scalars[400] = .nan
        let x = Tensor(shape: [3, 4, 6, 20], scalars: scalars)
        let cotangent = TestTensors.uniform([3, 4, 3, 10], seed: 42)
        let results = onEveryPath { () -> [[Float]] in
            let (value, gradient) = valueAndGradient(at: x) { x in (maxPool2d(x, kernelSize: 2) * cotangent).sum() }
            return [maxPool2d(x, kernelSize: 2).scalars, [value.item], gradient.scalars]
        }
        #expect(results.count >= 2)
        for result in results.dropFirst() {
            #expect(result.map { $0.map(\.bitPattern) } == results[0].map { $0.map(\.bitPattern) })
        }
        #expect(results[0][0].contains { $0.isNaN } && results[0][2].contains { $0 != 0 })
    }

    /// 35 positions per plane: four 8-lane steps and a 3-element tail.
    @Test func convolutionReLUIsBitIdenticalOnEveryPath() {
        let x = TestTensors.uniform([2, 3, 5, 7], seed: 43)
        let w = TestTensors.uniform([4, 3, 3, 3], seed: 44)
        let b = TestTensors.uniform([4], seed: 45)
        let cotangent = TestTensors.uniform([2, 4, 5, 7], seed: 46)
        let results = onEveryPath { () -> [[Float]] in
            let output = conv2d(x, w, bias: b, padding: 1, activation: .relu)
            let gradients = valueAndGradient(at: [x, w, b]) { p in
                (conv2d(p[0], p[1], bias: p[2], padding: 1, activation: .relu) * cotangent).sum()
            }.gradients
            return [output.scalars] + gradients.map(\.scalars)
        }
        for result in results.dropFirst() {
            #expect(result.map { $0.map(\.bitPattern) } == results[0].map { $0.map(\.bitPattern) })
        }
        #expect(results[0][0].contains(0) && results[0][0].contains { $0 > 0 })
    }

    /// The direct single-channel 3×3 kernels: width 11 (a last vector that overlaps), five output channels (a
    /// block of four and one more), weight and bias gradients with a constant input.
    @Test func singleChannelConvolutionIsBitIdenticalOnEveryPath() {
        let x = TestTensors.uniform([3, 1, 6, 11], seed: 47)
        let w = TestTensors.uniform([5, 1, 3, 3], seed: 48)
        let b = TestTensors.uniform([5], seed: 49)
        let cotangent = TestTensors.uniform([3, 5, 6, 11], seed: 50)
        let results = onEveryPath { () -> [[Float]] in
            let output = conv2d(x, w, bias: b, padding: 1, activation: .relu)
            let gradients = valueAndGradient(at: [w, b]) { p in
                (conv2d(x, p[0], bias: p[1], padding: 1, activation: .relu) * cotangent).sum()
            }.gradients
            return [output.scalars] + gradients.map(\.scalars)
        }
        #expect(results.count >= 2)
        for result in results.dropFirst() {
            #expect(result.map { $0.map(\.bitPattern) } == results[0].map { $0.map(\.bitPattern) })
        }
        #expect(results[0][0].contains(0) && results[0][1].contains { $0 != 0 })
    }

    /// Pooling with winners and its scatter, fused into convolutions: width 20 (two 8-column steps and a 4-column
    /// tail per row pair), rounded values for ties.
    @Test func pooledConvolutionIsBitIdenticalOnEveryPath() {
        let x = Tensor(
            shape: [2, 2, 6, 20],
            scalars: TestTensors.uniform([2, 2, 6, 20], seed: 57).scalars.map { ($0 * 4).rounded() / 4 })
        let w = TestTensors.uniform([3, 2, 3, 3], seed: 58)
        let cotangent = TestTensors.uniform([2, 3, 3, 10], seed: 59)
        let results = onEveryPath { () -> [[Float]] in
            let result = valueAndGradient(at: [x, w]) { p in
                (conv2d(p[0], p[1], bias: nil, padding: 1, activation: .relu, pooling: .max2x2) * cotangent).sum()
            }
            return [[result.value.item]] + result.gradients.map(\.scalars)
        }
        #expect(results.count >= 2)
        for result in results.dropFirst() {
            #expect(result.map { $0.map(\.bitPattern) } == results[0].map { $0.map(\.bitPattern) })
        }
        #expect(results[0][1].contains { $0 != 0 })
    }
}
