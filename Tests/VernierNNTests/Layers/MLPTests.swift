import Testing
import VernierNN
import VernierRandom
import VernierTensor

@Suite struct MLPTests {
    @Test func buildsLinearLayersOfTheGivenSizes() {
        var rng = Xoshiro256(seed: 1)
        let model = MLP(sizes: [2, 10, 7, 1], activation: .relu, output: .sigmoid, using: &rng)
        #expect(model.sizes == [2, 10, 7, 1])
        #expect(model.parameters.map(\.shape) == [[2, 10], [10], [10, 7], [7], [7, 1], [1]])
        let y = model(Tensor.randomNormal(shape: [5, 2], using: &rng))
        #expect(y.shape == [5, 1])
        #expect(y.scalars.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func forwardMatchesItsSequentialForm() {
        var rng = Xoshiro256(seed: 8)
        let model = MLP(sizes: [3, 6, 2], activation: .tanh, output: .none, using: &rng)
        let x = Tensor.randomNormal(shape: [4, 3], using: &rng)
        let manual = model.linears[1](tanh(model.linears[0](x)))
        #expect(model(x) == manual)
        #expect(model.sequential(x) == manual)
        #expect(model.sequential.parameters == model.parameters)
    }

    @Test func seededInitializationIsBitIdentical() {
        var a = Xoshiro256(seed: 99)
        var b = Xoshiro256(seed: 99)
        let first = MLP(sizes: [4, 8, 3], activation: .gelu, using: &a)
        let second = MLP(sizes: [4, 8, 3], activation: .gelu, using: &b)
        #expect(first.parameters == second.parameters)
        var c = Xoshiro256(seed: 100)
        #expect(MLP(sizes: [4, 8, 3], using: &c).parameters != first.parameters)
    }

    @Test func dropoutActsOnlyInTraining() {
        var rng = Xoshiro256(seed: 3)
        let model = MLP(sizes: [4, 64, 2], activation: .relu, dropout: 0.5, using: &rng)
        let x = Tensor.randomNormal(shape: [3, 4], using: &rng)
        var evaluation = ForwardContext.evaluation
        #expect(model(x, context: &evaluation) == model(x))
        var training = ForwardContext(isTraining: true, seed: 1)
        #expect(model(x, context: &training) != model(x))
    }
}
