import Testing
import VernierNN
import VernierRandom
import VernierTensor

@Suite struct LinearTests {
    @Test func forwardIsInputTimesWeightPlusBias() {
        let layer = Linear(weight: Tensor([[1, 2], [3, 4], [5, 6]]), bias: Tensor([0.5, -0.5]))
        let y = layer(Tensor([[1, 0, -1], [2, 1, 0]]))
        #expect(y.shape == [2, 2])
        #expect(y.scalars == [-3.5, -4.5, 5.5, 7.5])
    }

    @Test func initializationFollowsPyTorchBoundsAndIsSeeded() {
        var first = Xoshiro256(seed: 11)
        var second = Xoshiro256(seed: 11)
        let a = Linear(inputSize: 16, outputSize: 8, using: &first)
        let b = Linear(inputSize: 16, outputSize: 8, using: &second)
        #expect(a.weight.shape == [16, 8])
        #expect(a.bias?.shape == [8])
        #expect(a.weight.scalars == b.weight.scalars)
        #expect(a.bias?.scalars == b.bias?.scalars)
        let bound: Float = 0.25
        #expect(a.weight.scalars.allSatisfy { Swift.abs($0) <= bound })
        #expect(a.bias!.scalars.allSatisfy { Swift.abs($0) <= bound })
        // Not degenerate: values spread over the interval.
        #expect((a.weight.scalars.max() ?? 0) > 0.15 && (a.weight.scalars.min() ?? 0) < -0.15)
    }

    @Test func parametersAreWeightThenBias() {
        var rng = Xoshiro256(seed: 1)
        let layer = Linear(inputSize: 3, outputSize: 2, using: &rng)
        #expect(layer.parameters.map(\.shape) == [[3, 2], [2]])
        #expect(layer.parameterCount == 8)
        let noBias = Linear(inputSize: 3, outputSize: 2, bias: false, using: &rng)
        #expect(noBias.parameters.map(\.shape) == [[3, 2]])
    }

    @Test func gradientMatchesFiniteDifferences() {
        var rng = Xoshiro256(seed: 5)
        let layer = Linear(inputSize: 3, outputSize: 2, using: &rng)
        let x = Tensor.randomNormal(shape: [4, 3], using: &rng)
        let (_, gradient) = valueAndGradient(at: layer) { layer in square(layer(x)).sum() }
        // d/dW Σ(xW+b)² = 2xᵀ(xW+b); d/db = 2·Σ rows.
        let y = layer(x)
        let expectedWeight = (2 * x.transposed().matmul(y)).scalars
        let expectedBias = (2 * y.sum(alongAxes: [0])).scalars
        expectClose(gradient.weight, expectedWeight, shape: [3, 2], relative: 1e-5, "dW")
        expectClose(gradient.bias!, expectedBias, shape: [2], relative: 1e-5, "db")
    }
}
