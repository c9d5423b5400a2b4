import Testing
import VernierNN
import VernierRandom
import VernierTensor

@Suite struct ConvolutionLayerTests {
    @Test func convolutionShapesAndPyTorchDefaultInitialization() {
        var rng = Xoshiro256(seed: 12)
        let conv = Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, using: &rng)
        #expect(conv.weight.shape == [4, 2, 3, 3])
        #expect(conv.bias?.shape == [4])
        let bound = 1 / Float(18).squareRoot()
        #expect(conv.parameters.allSatisfy { $0.scalars.allSatisfy { Swift.abs($0) <= bound } })
        let y = conv(Tensor.zeros([5, 2, 9, 9]))
        #expect(y.shape == [5, 4, 5, 5])
    }

    @Test func smallConvolutionNetworkComposes() {
        var rng = Xoshiro256(seed: 13)
        let model = Sequential(
            Conv2D(inputChannels: 1, outputChannels: 3, kernelSize: 3, padding: 1, using: &rng), ReLU(),
            MaxPool2D(kernelSize: 2), AvgPool2D(kernelSize: 2), Flatten(),
            Linear(inputSize: 3 * 2 * 2, outputSize: 5, using: &rng))
        let x = Tensor.randomNormal(shape: [2, 1, 8, 8], using: &rng)
        #expect(model(x).shape == [2, 5])
        let (_, gradient) = valueAndGradient(at: model) { model in model(x).sum() }
        #expect(gradient.parameters.map(\.shape) == [[3, 1, 3, 3], [3], [12, 5], [5]])
    }

    /// `pooling: .max2x2` gives what a following `MaxPool2D(kernelSize: 2)` gives, values and gradients.
    @Test func fusedPoolingEqualsAPoolingLayer() {
        var rng = Xoshiro256(seed: 14)
        let fused = Conv2D(
            inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, activation: .relu, pooling: .max2x2,
            using: &rng)
        var plain = fused
        plain.pooling = .none
        let layered = Sequential(plain, MaxPool2D(kernelSize: 2))
        let x = Tensor.randomNormal(shape: [2, 2, 6, 8], using: &rng)
        #expect(fused(x).shape == [2, 3, 3, 4])
        #expect(fused(x).scalars == layered(x).scalars)
        let (_, fusedGradient) = valueAndGradient(at: fused) { $0(x).sum() }
        let (_, layeredGradient) = valueAndGradient(at: layered) { $0(x).sum() }
        #expect(fusedGradient.parameters.map(\.scalars) == layeredGradient.parameters.map(\.scalars))
        #expect(fusedGradient.parameters[0].scalars.contains { $0 != 0 })
    }

    @Test func poolingAndFlatten() {
        let x = Tensor(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 6])
        #expect(MaxPool2D(kernelSize: 2)(x).scalars == [5, 8])
        #expect(AvgPool2D(kernelSize: 2)(x).scalars == [3.25, 4])
        #expect(Flatten()(Tensor.zeros([3, 2, 2, 2])).shape == [3, 8])
    }
}
