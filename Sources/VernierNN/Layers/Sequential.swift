import VernierTensor

/// Layers applied one after another; parameters and state are visited layer by layer, in order.
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let model = Sequential(
///     Linear(inputSize: 2, outputSize: 16, using: &rng), ReLU(),
///     Linear(inputSize: 16, outputSize: 1, using: &rng))
/// let y = model(x)
/// ```
public struct Sequential: Layer {
    /// The layers, applied first to last.
    public var layers: [any Layer]

    /// Creates a model from an array of layers.
    ///
    /// ```swift
    /// let model = Sequential([Flatten(), Linear(inputSize: 784, outputSize: 10, using: &rng)])
    /// ```
    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    /// Creates a model from layers listed as arguments.
    ///
    /// ```swift
    /// let model = Sequential(Linear(inputSize: 4, outputSize: 3, using: &rng), Tanh())
    /// ```
    public init(_ layers: any Layer...) {
        self.layers = layers
    }

    /// Applies every layer's evaluation forward in order.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var x = input
        for layer in layers { x = layer.callAsFunction(x) }
        return x
    }

    /// Applies every layer's forward in the mode of `context`, in order.
    public func callAsFunction(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        var x = input
        for layer in layers { x = layer.callAsFunction(x, context: &context) }
        return x
    }

    /// Visits the parameters of each layer in order.
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        for index in layers.indices { try layers[index].updateParameters(body) }
    }

    /// Visits the state tensors of each layer in order.
    public mutating func updateState(_ body: (LayerStateKey, inout Tensor) throws -> Void) rethrows {
        for index in layers.indices { try layers[index].updateState(body) }
    }
}
