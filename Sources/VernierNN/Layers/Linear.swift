import VernierRandom
import VernierTensor

/// A fully connected layer `y = x · W + b`.
///
/// The weight is stored as `[inputSize, outputSize]`, so the forward pass is a single matrix product with no
/// transpose (VernierTensor's fused `linear` primitive: one `sgemm` onto the pre-filled bias). PyTorch's `nn.Linear` stores the transpose (`[out, in]`); transpose when loading PyTorch
/// weights. Initialization is PyTorch's default: weight and bias uniform in ±1/√inputSize.
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let layer = Linear(inputSize: 3, outputSize: 2, using: &rng)
/// let y = layer(Tensor.ones([5, 3]))    // shape [5, 2]
/// ```
public struct Linear: Layer {
    /// The weight matrix, shape `[inputSize, outputSize]`.
    public var weight: Tensor
    /// The bias, shape `[outputSize]`, or `nil` for a layer without bias.
    public var bias: Tensor?

    /// Creates a layer with PyTorch's default initialization (or `weightInitializer` for the weight; the
    /// bias, when present, always uses PyTorch's default).
    ///
    /// ```swift
    /// let layer = Linear(inputSize: 784, outputSize: 128, weightInitializer: .heNormal(), using: &rng)
    /// ```
    public init(
        inputSize: Int, outputSize: Int, bias: Bool = true, weightInitializer: Initializer = .pytorchDefault,
        using generator: inout some RandomNumberGenerator
    ) {
        precondition(
            inputSize > 0 && outputSize > 0,
            "Linear: sizes must be positive, got inputSize \(inputSize), outputSize \(outputSize)")
        weight = weightInitializer.tensor(
            shape: [inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, using: &generator)
        self.bias =
            bias
            ? Initializer.pytorchDefault.tensor(
                shape: [outputSize], fanIn: inputSize, fanOut: outputSize, using: &generator) : nil
    }

    /// Creates a layer from explicit weights (`[inputSize, outputSize]`) and an optional bias.
    ///
    /// ```swift
    /// let layer = Linear(weight: Tensor([[1, 0], [0, 1]]), bias: Tensor([0, 0]))
    /// ```
    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.rank == 2, "Linear: weight must be [inputSize, outputSize], got \(weight.shape)")
        if let bias {
            precondition(
                bias.shape == [weight.shape[1]],
                "Linear: bias shape \(bias.shape) does not match weight \(weight.shape)")
        }
        self.weight = weight
        self.bias = bias
    }

    /// The number of input features.
    public var inputSize: Int { weight.shape[0] }
    /// The number of output features.
    public var outputSize: Int { weight.shape[1] }

    /// `input · weight + bias`, for input of shape `[batch, inputSize]` (or `[..., inputSize]`).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(
            input.shape.last == inputSize,
            "Linear: input shape \(input.shape) does not end in inputSize \(inputSize)")
        return VernierTensor.linear(input, weight: weight, bias: bias)
    }

    /// Visits the weight, then the bias.
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        try body(&weight)
        if bias != nil { try body(&bias!) }
    }
}
