import Testing
import VernierNN
import VernierRandom
import VernierTensor

@Suite struct SequentialTests {
    @Test func visitsParametersOfEveryLayerInOrder() {
        var rng = Xoshiro256(seed: 2)
        let first = Linear(inputSize: 2, outputSize: 4, using: &rng)
        let second = Linear(inputSize: 4, outputSize: 3, using: &rng)
        let model = Sequential(first, ReLU(), second, Tanh())
        let parameters = model.parameters
        #expect(parameters.map(\.shape) == [[2, 4], [4], [4, 3], [3]])
        #expect(parameters[0] == first.weight)
        #expect(parameters[1] == first.bias!)
        #expect(parameters[2] == second.weight)
        #expect(parameters[3] == second.bias!)
    }

    @Test func forwardComposesLayers() {
        var rng = Xoshiro256(seed: 3)
        let first = Linear(inputSize: 2, outputSize: 4, using: &rng)
        let second = Linear(inputSize: 4, outputSize: 1, using: &rng)
        let model = Sequential([first, ReLU(), second])
        let x = Tensor([[0.5, -1], [2, 0.25]])
        #expect(model(x) == second(relu(first(x))))
        var context = ForwardContext(isTraining: true, seed: 0)
        #expect(model(x, context: &context) == model(x))
    }

    @Test func updateParametersWritesBackIntoLayers() {
        var rng = Xoshiro256(seed: 4)
        var model = Sequential(Linear(inputSize: 2, outputSize: 2, using: &rng), Sigmoid())
        model.updateParameters { $0 = Tensor.zeros(like: $0) }
        #expect(model(Tensor([[1, 2]])).scalars == [0.5, 0.5])
    }

    @Test func gradientIsShapedLikeTheModel() {
        var rng = Xoshiro256(seed: 6)
        let model = Sequential(
            Linear(inputSize: 3, outputSize: 5, using: &rng), GELU(), Linear(inputSize: 5, outputSize: 2, using: &rng))
        let x = Tensor.randomNormal(shape: [7, 3], using: &rng)
        let (loss, gradient) = valueAndGradient(at: model) { m in m(x).mean() }
        #expect(loss.item.isFinite)
        #expect(gradient.parameters.map(\.shape) == model.parameters.map(\.shape))
        #expect(gradient.parameters.allSatisfy { $0.scalars.contains { $0 != 0 } })
    }
}
