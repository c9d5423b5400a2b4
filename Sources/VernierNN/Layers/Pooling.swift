import VernierTensor

/// The maximum of each `kernelSize × kernelSize` window over images `[batch, channels, height, width]`
/// (PyTorch's `nn.MaxPool2d` without padding or dilation).
///
/// ```swift
/// let pooled = MaxPool2D(kernelSize: 2)(features)   // halves height and width
/// ```
public struct MaxPool2D: ParameterlessLayer {
    /// The window height and width.
    public var kernelSize: Int
    /// The step between windows (default: the kernel size, non-overlapping).
    public var stride: Int

    /// Creates the layer.
    public init(kernelSize: Int, stride: Int? = nil) {
        precondition(kernelSize > 0 && (stride ?? 1) > 0, "MaxPool2D: kernel size and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    /// Pools `input` `[batch, channels, height, width]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        maxPool2d(input, kernelSize: kernelSize, stride: stride)
    }
}

/// The mean of each `kernelSize × kernelSize` window over images `[batch, channels, height, width]`
/// (PyTorch's `nn.AvgPool2d` without padding).
///
/// ```swift
/// let pooled = AvgPool2D(kernelSize: 2)(features)
/// ```
public struct AvgPool2D: ParameterlessLayer {
    /// The window height and width.
    public var kernelSize: Int
    /// The step between windows (default: the kernel size, non-overlapping).
    public var stride: Int

    /// Creates the layer.
    public init(kernelSize: Int, stride: Int? = nil) {
        precondition(kernelSize > 0 && (stride ?? 1) > 0, "AvgPool2D: kernel size and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    /// Pools `input` `[batch, channels, height, width]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        avgPool2d(input, kernelSize: kernelSize, stride: stride)
    }
}

/// Flattens every axis after the first: `[batch, d1, d2, …]` → `[batch, d1·d2·…]`.
///
/// ```swift
/// let model = Sequential(conv, ReLU(), MaxPool2D(kernelSize: 2), Flatten(), linear)
/// ```
public struct Flatten: ParameterlessLayer {
    /// Creates the layer.
    public init() {}

    /// Reshapes `input` to `[batch, -1]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1, "Flatten: input must have a batch axis, got a scalar")
        return input.reshaped(to: [input.shape[0], input.count / Swift.max(input.shape[0], 1)])
    }
}
