import VernierTensor

/// ``relu(_:)`` as a layer.
///
/// ```swift
/// let model = Sequential(Linear(inputSize: 2, outputSize: 8, using: &rng), ReLU())
/// ```
public struct ReLU: ParameterlessLayer {
    /// Creates the layer.
    public init() {}
    /// Applies `relu` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { relu(input) }
}

/// ``leakyReLU(_:negativeSlope:)`` as a layer.
///
/// ```swift
/// let layer = LeakyReLU(negativeSlope: 0.2)
/// ```
public struct LeakyReLU: ParameterlessLayer {
    /// The slope for negative inputs.
    public var negativeSlope: Float
    /// Creates the layer (PyTorch's default slope 0.01).
    public init(negativeSlope: Float = 0.01) { self.negativeSlope = negativeSlope }
    /// Applies `leakyReLU` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { leakyReLU(input, negativeSlope: negativeSlope) }
}

/// ``elu(_:alpha:)`` as a layer.
///
/// ```swift
/// let layer = ELU(alpha: 1)
/// ```
public struct ELU: ParameterlessLayer {
    /// The saturation value for negative inputs is `-alpha`.
    public var alpha: Float
    /// Creates the layer (default alpha 1).
    public init(alpha: Float = 1) { self.alpha = alpha }
    /// Applies `elu` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { elu(input, alpha: alpha) }
}

/// ``gelu(_:)`` (exact erf form) as a layer.
///
/// ```swift
/// let layer = GELU()
/// ```
public struct GELU: ParameterlessLayer {
    /// Creates the layer.
    public init() {}
    /// Applies `gelu` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { gelu(input) }
}

/// ``silu(_:)`` as a layer.
///
/// ```swift
/// let layer = SiLU()
/// ```
public struct SiLU: ParameterlessLayer {
    /// Creates the layer.
    public init() {}
    /// Applies `silu` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { silu(input) }
}

/// The logistic sigmoid as a layer.
///
/// ```swift
/// let layer = Sigmoid()
/// ```
public struct Sigmoid: ParameterlessLayer {
    /// Creates the layer.
    public init() {}
    /// Applies `sigmoid` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { sigmoid(input) }
}

/// The hyperbolic tangent as a layer.
///
/// ```swift
/// let layer = Tanh()
/// ```
public struct Tanh: ParameterlessLayer {
    /// Creates the layer.
    public init() {}
    /// Applies `tanh` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { tanh(input) }
}

/// ``softplus(_:threshold:)`` as a layer.
///
/// ```swift
/// let layer = Softplus()
/// ```
public struct Softplus: ParameterlessLayer {
    /// Above this input the function is the identity (PyTorch's default 20).
    public var threshold: Float
    /// Creates the layer.
    public init(threshold: Float = 20) { self.threshold = threshold }
    /// Applies `softplus` element-wise.
    public func callAsFunction(_ input: Tensor) -> Tensor { softplus(input, threshold: threshold) }
}

/// ``softmax(_:alongAxis:)`` as a layer.
///
/// ```swift
/// let layer = Softmax(alongAxis: 1)
/// ```
public struct Softmax: ParameterlessLayer {
    /// The axis whose slices are normalized.
    public var axis: Int
    /// Creates the layer (default: the last axis).
    public init(alongAxis axis: Int = -1) { self.axis = axis }
    /// Applies `softmax` along `axis`.
    public func callAsFunction(_ input: Tensor) -> Tensor { softmax(input, alongAxis: axis) }
}

/// ``logSoftmax(_:alongAxis:)`` as a layer.
///
/// ```swift
/// let layer = LogSoftmax(alongAxis: 1)
/// ```
public struct LogSoftmax: ParameterlessLayer {
    /// The axis whose slices are normalized.
    public var axis: Int
    /// Creates the layer (default: the last axis).
    public init(alongAxis axis: Int = -1) { self.axis = axis }
    /// Applies `logSoftmax` along `axis`.
    public func callAsFunction(_ input: Tensor) -> Tensor { logSoftmax(input, alongAxis: axis) }
}

/// The identity, as a layer (a placeholder where an activation is optional).
///
/// ```swift
/// let layer = Identity()
/// ```
public struct Identity: ParameterlessLayer {
    /// Creates the layer.
    public init() {}
    /// Returns the input unchanged.
    public func callAsFunction(_ input: Tensor) -> Tensor { input }
}
