import VernierRandom
import VernierTensor

/// A multilayer perceptron: ``Linear`` layers of the given sizes with an activation after each hidden layer
/// and an optional one after the output layer.
///
/// `MLP(sizes: [2, 10, 1], activation: .relu, output: .sigmoid, using: &rng)` is
/// `Linear(2→10) → ReLU → Linear(10→1) → Sigmoid`. Pass `output: .none` for raw logits (to use with
/// ``binaryCrossEntropy(logits:labels:reduction:)`` or ``crossEntropy(logits:labels:reduction:)``).
/// With `dropout > 0`, a ``Dropout`` follows each hidden activation (active only in training forwards).
///
/// ```swift
/// var rng = Xoshiro256(seed: 1)
/// let model = MLP(sizes: [2, 32, 32, 3], activation: .gelu, output: .none, using: &rng)
/// let logits = model(x)    // [batch, 3]
/// ```
public struct MLP: Layer {
    /// The linear layers, input to output.
    public var linears: [Linear]
    /// The activation after each hidden layer.
    public var activation: Activation
    /// The activation after the last layer, or `nil` for none.
    public var output: Activation?
    /// The dropout probability after each hidden activation (0: none).
    public var dropout: Float

    /// Creates a perceptron with layer widths `sizes` (input first, output last; at least two entries).
    ///
    /// ```swift
    /// let model = MLP(sizes: [4, 16, 3], activation: .tanh, output: .none, using: &rng)
    /// ```
    public init(
        sizes: [Int], activation: Activation = .relu, output: Activation? = nil, dropout: Float = 0,
        weightInitializer: Initializer = .pytorchDefault, using generator: inout some RandomNumberGenerator
    ) {
        precondition(sizes.count >= 2, "MLP: sizes needs at least an input and an output size, got \(sizes)")
        precondition(dropout >= 0 && dropout < 1, "MLP: dropout must be in [0, 1), got \(dropout)")
        var linears: [Linear] = []
        for (input, output) in zip(sizes, sizes.dropFirst()) {
            linears.append(
                Linear(inputSize: input, outputSize: output, weightInitializer: weightInitializer, using: &generator))
        }
        self.linears = linears
        self.activation = activation
        self.output = output
        self.dropout = dropout
    }

    /// The layer widths, input first.
    public var sizes: [Int] { [linears[0].inputSize] + linears.map(\.outputSize) }

    /// The evaluation forward.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var context = ForwardContext.evaluation
        return callAsFunction(input, context: &context)
    }

    /// The forward in the mode of `context` (dropout active only in training).
    public func callAsFunction(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        var x = input
        for (index, linear) in linears.enumerated() {
            x = linear(x)
            if index < linears.count - 1 {
                x = activation(x)
                if dropout > 0 && context.isTraining {
                    x = Dropout(probability: dropout)(x, context: &context)
                }
            } else if let output {
                x = output(x)
            }
        }
        return x
    }

    /// Visits each linear layer's weight and bias, input to output.
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        for index in linears.indices { try linears[index].updateParameters(body) }
    }

    /// The same network as a ``Sequential`` of layers (sharing no storage with later updates).
    ///
    /// ```swift
    /// let layers = model.sequential.layers.count
    /// ```
    public var sequential: Sequential {
        var layers: [any Layer] = []
        for (index, linear) in linears.enumerated() {
            layers.append(linear)
            if index < linears.count - 1 {
                layers.append(activation.layer)
                if dropout > 0 { layers.append(Dropout(probability: dropout)) }
            } else if let output {
                layers.append(output.layer)
            }
        }
        return Sequential(layers)
    }
}
