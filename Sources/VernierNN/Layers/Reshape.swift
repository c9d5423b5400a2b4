import VernierTensor

/// Reshapes each sample of a batch (flat image rows `[B, C·H·W]` to `[B, C, H, W]`), keeping the batch axis.
///
/// ```swift
/// let model = Sequential(Reshape(shape: [1, 28, 28]), conv, ReLU(), MaxPool2D(kernelSize: 2), Flatten(), linear)
/// ```
public struct Reshape: ParameterlessLayer {
    /// The shape of one sample (the axes after the batch axis).
    public var shape: [Int]

    /// Creates the layer.
    public init(shape: [Int]) {
        self.shape = shape
    }

    /// Reshapes `input` to `[batch] + shape`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.reshaped(to: [input.shape[0]] + shape)
    }
}
