import Testing
import VernierTensor

@testable import VernierOptimizers

/// Adam and AdamW update a whole model with one kernel over every parameter (in two halves at the same time from
/// `AdamMoments.splitThreshold` elements): the same bits as updating the parameters one by one.
@Suite struct AdamWholeModelTests {
    /// Parameter sizes whose boundaries fall inside vectors, with a total above the split threshold (and one
    /// below it).
    static let models: [[Int]] = [[40_001, 1, 25_003, 7, 541], [3, 17, 101]]

    private func tensors(_ sizes: [Int], seed: UInt32) -> [Tensor] {
        var state = seed
        return sizes.map { count in
            Tensor(
                shape: [count],
                scalars: (0..<count).map { _ in
                    state = state &* 1_664_525 &+ 1_013_904_223
                    return Float(state >> 8) / Float(1 << 24) * 2 - 1
                })
        }
    }

    @Test func theFirstModelIsLargeEnoughToSplit() {
        #expect(Self.models[0].reduce(0, +) >= AdamMoments.splitThreshold)
        #expect(Self.models[1].reduce(0, +) < AdamMoments.splitThreshold)
    }

    @Test(arguments: models)
    func wholeModelUpdateEqualsTheUpdateOfEachParameter(sizes: [Int]) {
        let gradients = (0..<2).map { tensors(sizes, seed: 10 + UInt32($0)) }
        func bits(_ parameters: [Tensor]) -> [[UInt32]] { parameters.map { $0.scalars.map(\.bitPattern) } }
        func wholeModel(_ optimizer: inout some Optimizer) -> [[UInt32]] {
            var parameters = tensors(sizes, seed: 1)
            for gradient in gradients { optimizer.update(&parameters, along: gradient) }
            return bits(parameters)
        }
        func oneByOne(_ optimizer: inout some FlatUpdatingOptimizer) -> [[UInt32]] {
            var parameters = tensors(sizes, seed: 1)
            for gradient in gradients {
                optimizer.beginFlatStep()
                for index in parameters.indices {
                    parameters[index].withUnsafeMutableBufferPointer { p in
                        gradient[index].withUnsafeBufferPointer { g in
                            optimizer.updateFlat(parameter: index, p, gradient: g)
                        }
                    }
                }
            }
            return bits(parameters)
        }
        var adam = (Adam(learningRate: 0.01, weightDecay: 0.01), Adam(learningRate: 0.01, weightDecay: 0.01))
        let adamBits = wholeModel(&adam.0)
        #expect(adamBits == oneByOne(&adam.1))
        #expect(adamBits != bits(tensors(sizes, seed: 1)))
        var adamW = (AdamW(learningRate: 0.01), AdamW(learningRate: 0.01))
        #expect(wholeModel(&adamW.0) == oneByOne(&adamW.1))
    }
}
