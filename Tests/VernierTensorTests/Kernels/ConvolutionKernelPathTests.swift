import CVernierKernels
import Testing
import VernierTensor

/// The C kernels of the convolution network (2×2 max pooling forward and backward, bias + ReLU, the ReLU mask)
/// give the same bits on every instruction-set path, vector body and scalar tail alike.
@Suite(.serialized)
struct ConvolutionKernelPathTests {
    private func onEveryPath<T>(_ body: () -> T) -> [T] {
        defer { vernier_kernels_limit_isa(-1) }
        return (0...vernier_kernels_isa()).map { isa in
            vernier_kernels_limit_isa(Int32(isa))
            return body()
        }
    }

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
}
