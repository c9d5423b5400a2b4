import Testing
import VernierNN
import VernierRandom
import VernierTensor
import VernierTraining

/// The CNN recipe: ReLU and 2×2 max pooling run inside the convolutions where the maps' sides are even, and a
/// separate pooling layer follows where they are not.
@Suite struct ModelRecipeTests {
    private func layers(height: Int, width: Int, activation: Activation = .relu) -> [any Layer] {
        var rng = Xoshiro256(seed: 5)
        let recipe = ModelRecipe.cnn(
            channels: 1, height: height, width: width, classes: 10, activation: activation, output: nil, dropout: 0)
        let model = recipe.build(using: &rng)
        let images = Tensor.randomNormal(shape: [2, height * width], using: &rng)
        #expect(model(images).shape == [2, 10])
        return (model as? Sequential)?.layers ?? []
    }

    @Test func evenMapsPoolInsideTheConvolutions() {
        let model = layers(height: 28, width: 28)
        let convolutions = model.compactMap { $0 as? Conv2D }
        #expect(convolutions.map(\.pooling) == [.max2x2, .max2x2])
        #expect(convolutions.map(\.activation) == [.relu, .relu])
        #expect(!model.contains { $0 is MaxPool2D })
    }

    /// 14×14 → 7×7: the second block's map (7×7) is odd, so it keeps a pooling layer (which floors to 3×3).
    @Test func oddMapsKeepAPoolingLayer() {
        let model = layers(height: 14, width: 14)
        #expect(model.compactMap { $0 as? Conv2D }.map(\.pooling) == [.max2x2, .none])
        #expect(model.filter { $0 is MaxPool2D }.count == 1)
    }

    @Test func otherActivationsPoolAsLayers() {
        let model = layers(height: 28, width: 28, activation: .tanh)
        #expect(model.compactMap { $0 as? Conv2D }.map(\.pooling) == [.none, .none])
        #expect(model.filter { $0 is MaxPool2D }.count == 2)
    }
}
