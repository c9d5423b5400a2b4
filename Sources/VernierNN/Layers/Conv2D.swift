import VernierRandom
import VernierTensor

/// A 2-D convolution (cross-correlation, as in PyTorch's `nn.Conv2d`) over images `[batch, channels, height,
/// width]`, with square kernels, a stride and zero padding.
///
/// The weight is stored as PyTorch stores it, `[outputChannels, inputChannels, kernelSize, kernelSize]`, and
/// initialized like PyTorch: weight and bias uniform in ±1/√(inputChannels·kernelSize²). An `activation` (ReLU)
/// is applied in the same pass as the bias: `Conv2D(…, activation: .relu)` computes what `Conv2D(…)` followed by
/// `ReLU()` computes, without the separate tensor and tape node; `pooling: .max2x2` then pools as a following
/// `MaxPool2D(kernelSize: 2)` would, without ever writing the unpooled output.
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let conv = Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, using: &rng)
/// let features = conv(Tensor.zeros([4, 1, 28, 28]))   // [4, 8, 28, 28]
/// ```
public struct Conv2D: Layer {
    /// The kernels, shape `[outputChannels, inputChannels, kernelSize, kernelSize]`.
    public var weight: Tensor
    /// The bias, shape `[outputChannels]`, or `nil`.
    public var bias: Tensor?
    /// The step between windows.
    public var stride: Int
    /// The zero padding added on each side of the height and width.
    public var padding: Int
    /// The activation applied to the output in the same pass as the bias.
    public var activation: FusedActivation
    /// The pooling applied after the activation (2×2 max pooling needs an even output height and width).
    public var pooling: FusedPooling

    /// Creates a layer with PyTorch's default initialization (or `weightInitializer` for the kernels).
    ///
    /// ```swift
    /// let conv = Conv2D(inputChannels: 3, outputChannels: 16, kernelSize: 5, stride: 2, using: &rng)
    /// ```
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true, activation: FusedActivation = .identity, pooling: FusedPooling = .none,
        weightInitializer: Initializer = .pytorchDefault, using generator: inout some RandomNumberGenerator
    ) {
        precondition(
            inputChannels > 0 && outputChannels > 0 && kernelSize > 0,
            "Conv2D: channels and kernel size must be positive")
        precondition(stride > 0 && padding >= 0, "Conv2D: stride must be positive and padding non-negative")
        let fanIn = inputChannels * kernelSize * kernelSize
        let fanOut = outputChannels * kernelSize * kernelSize
        weight = weightInitializer.tensor(
            shape: [outputChannels, inputChannels, kernelSize, kernelSize], fanIn: fanIn, fanOut: fanOut,
            using: &generator)
        self.bias =
            bias
            ? Initializer.pytorchDefault.tensor(
                shape: [outputChannels], fanIn: fanIn, fanOut: fanOut, using: &generator) : nil
        self.stride = stride
        self.padding = padding
        self.activation = activation
        self.pooling = pooling
    }

    /// Creates a layer from explicit kernels `[out, in, k, k]` and an optional bias `[out]`.
    ///
    /// ```swift
    /// let conv = Conv2D(weight: Tensor.ones([1, 1, 2, 2]), bias: nil)
    /// ```
    public init(
        weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, activation: FusedActivation = .identity,
        pooling: FusedPooling = .none
    ) {
        precondition(
            weight.rank == 4 && weight.shape[2] == weight.shape[3],
            "Conv2D: weight must be [out, in, k, k], got \(weight.shape)")
        if let bias {
            precondition(bias.shape == [weight.shape[0]], "Conv2D: bias shape \(bias.shape) ≠ [\(weight.shape[0])]")
        }
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
        self.activation = activation
        self.pooling = pooling
    }

    /// The number of input channels.
    public var inputChannels: Int { weight.shape[1] }
    /// The number of output channels.
    public var outputChannels: Int { weight.shape[0] }
    /// The kernel height and width.
    public var kernelSize: Int { weight.shape[2] }

    /// Convolves `input` `[batch, inputChannels, height, width]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(
            input.rank == 4 && input.shape[1] == inputChannels,
            "Conv2D: input must be [batch, \(inputChannels), height, width], got \(input.shape)")
        return conv2d(
            input, weight, bias: bias, stride: stride, padding: padding, activation: activation, pooling: pooling)
    }

    /// Visits the kernels, then the bias.
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        try body(&weight)
        if bias != nil { try body(&bias!) }
    }
}
