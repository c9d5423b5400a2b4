import VernierNN
import VernierRandom
import VernierTensor

/// The architecture of a model to train, as typed values: what a ``TrainingRecipe`` builds.
///
/// ```swift
/// let recipe = ModelRecipe.mlp(sizes: [2, 32, 32, 1], activation: .tanh, output: nil, dropout: 0)
/// var rng = Xoshiro256(seed: 1)
/// let model = recipe.build(using: &rng)   // an MLP
/// ```
public enum ModelRecipe: Sendable, Hashable {
    /// An ``MLP`` of `sizes` (input first) with `activation` between layers, `output` after the last and dropout
    /// after each hidden layer.
    case mlp(sizes: [Int], activation: Activation, output: Activation?, dropout: Float)
    /// The small image CNN: two blocks of a 3×3 convolution (16, then 32 channels, padding 1), `activation`
    /// and 2×2 max pooling (ReLU, and the pooling where the map's sides are even, fused into the convolution), then
    /// a 128-unit dense layer with `activation`, optional dropout, and a dense layer to `classes` outputs followed
    /// by `output`.
    case cnn(
        channels: Int, height: Int, width: Int, classes: Int, activation: Activation, output: Activation?,
        dropout: Float)

    /// The hidden activation.
    public var activation: Activation {
        switch self {
        case .mlp(_, let activation, _, _), .cnn(_, _, _, _, let activation, _, _): activation
        }
    }

    /// The output activation (`nil`: none).
    public var output: Activation? {
        switch self {
        case .mlp(_, _, let output, _), .cnn(_, _, _, _, _, let output, _): output
        }
    }

    /// The dropout probability.
    public var dropout: Float {
        switch self {
        case .mlp(_, _, _, let dropout), .cnn(_, _, _, _, _, _, let dropout): dropout
        }
    }

    /// The model, its weights drawn from `generator` (an ``MLP`` draws as `MLP(sizes:…, using:)`).
    public func build(using generator: inout Xoshiro256) -> any Layer {
        switch self {
        case .mlp(let sizes, let activation, let output, let dropout):
            return MLP(sizes: sizes, activation: activation, output: output, dropout: dropout, using: &generator)
        case .cnn(let channels, let height, let width, let classes, let activation, let output, let dropout):
            // ReLU, and the pooling after it where the map's sides are even, run inside the convolution (one pass
            // with the bias); other activations are layers of their own, between the convolution and the pooling.
            let fused: FusedActivation = activation == .relu ? .relu : .identity
            var layers: [any Layer] = [Reshape(shape: [channels, height, width])]
            for (block, (inputs, outputs)) in [(channels, 16), (16, 32)].enumerated() {
                let (mapHeight, mapWidth) = (height >> block, width >> block)
                let poolsInside = fused == .relu && mapHeight % 2 == 0 && mapWidth % 2 == 0
                layers.append(
                    Conv2D(
                        inputChannels: inputs, outputChannels: outputs, kernelSize: 3, padding: 1, activation: fused,
                        pooling: poolsInside ? .max2x2 : .none, using: &generator))
                if fused == .identity { layers.append(activation.layer) }
                if !poolsInside { layers.append(MaxPool2D(kernelSize: 2)) }
            }
            layers += [
                Flatten(),
                Linear(inputSize: 32 * (height / 4) * (width / 4), outputSize: 128, using: &generator),
                activation.layer,
            ]
            if dropout > 0 { layers.append(Dropout(probability: dropout)) }
            layers.append(Linear(inputSize: 128, outputSize: classes, using: &generator))
            if let output { layers.append(output.layer) }
            return Sequential(layers)
        }
    }
}
