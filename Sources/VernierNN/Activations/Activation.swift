import VernierTensor

/// A choice of activation function, by value: used by ``MLP`` and parsed from command-line names.
///
/// ```swift
/// let hidden = try Activation(parsing: "leaky-relu")    // .leakyReLU(negativeSlope: 0.01)
/// let y = hidden(x)
/// let layer = Activation.gelu.layer                       // GELU()
/// ```
public enum Activation: Sendable, Hashable, CustomStringConvertible {
    /// ``relu(_:)``.
    case relu
    /// ``leakyReLU(_:negativeSlope:)``.
    case leakyReLU(negativeSlope: Float)
    /// ``elu(_:alpha:)``.
    case elu(alpha: Float)
    /// ``gelu(_:)`` (exact).
    case gelu
    /// ``silu(_:)``.
    case silu
    /// The logistic sigmoid.
    case sigmoid
    /// The hyperbolic tangent.
    case tanh
    /// ``softplus(_:threshold:)``.
    case softplus
    /// ``softmax(_:alongAxis:)`` along the last axis.
    case softmax
    /// ``logSoftmax(_:alongAxis:)`` along the last axis.
    case logSoftmax
    /// The identity (no activation).
    case identity

    /// The names ``init(parsing:)`` accepts (besides the aliases "linear", "none", "swish").
    public static let names = [
        "relu", "leaky-relu", "elu", "gelu", "silu", "sigmoid", "tanh", "softplus", "softmax", "log-softmax",
        "identity",
    ]

    /// Parses a name such as "relu", "leaky-relu", "gelu" (case-insensitive, `_` or `-`). "leaky-relu" and
    /// "elu" accept a parameter after a colon: "leaky-relu:0.2", "elu:0.5".
    ///
    /// ```swift
    /// let activation = try Activation(parsing: "tanh")
    /// ```
    public init(parsing text: String) throws(UnknownNameError) {
        let parts = text.normalizedName.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let parameter = parts.count > 1 ? Float(parts[1]) : nil
        if parts.count > 1 && parameter == nil {
            throw UnknownNameError(kind: "activation", name: text, known: Self.names)
        }
        switch name {
        case "relu": self = .relu
        case "leaky-relu", "leakyrelu": self = .leakyReLU(negativeSlope: parameter ?? 0.01)
        case "elu": self = .elu(alpha: parameter ?? 1)
        case "gelu": self = .gelu
        case "silu", "swish": self = .silu
        case "sigmoid", "logistic": self = .sigmoid
        case "tanh": self = .tanh
        case "softplus": self = .softplus
        case "softmax": self = .softmax
        case "log-softmax", "logsoftmax": self = .logSoftmax
        case "identity", "linear", "none": self = .identity
        default: throw UnknownNameError(kind: "activation", name: text, known: Self.names)
        }
        if parameter != nil, !(name.hasPrefix("leaky") || name == "elu") {
            throw UnknownNameError(kind: "activation", name: text, known: Self.names)
        }
    }

    /// The canonical name ("leaky-relu:0.2" when the parameter is not the default).
    public var description: String {
        switch self {
        case .relu: "relu"
        case .leakyReLU(let slope): slope == 0.01 ? "leaky-relu" : "leaky-relu:\(slope)"
        case .elu(let alpha): alpha == 1 ? "elu" : "elu:\(alpha)"
        case .gelu: "gelu"
        case .silu: "silu"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softplus: "softplus"
        case .softmax: "softmax"
        case .logSoftmax: "log-softmax"
        case .identity: "identity"
        }
    }

    /// Applies the activation.
    ///
    /// ```swift
    /// let y = Activation.relu(x)
    /// ```
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: VernierTensor.relu(x)
        case .leakyReLU(let slope): VernierNN.leakyReLU(x, negativeSlope: slope)
        case .elu(let alpha): VernierNN.elu(x, alpha: alpha)
        case .gelu: VernierNN.gelu(x)
        case .silu: VernierNN.silu(x)
        case .sigmoid: VernierTensor.sigmoid(x)
        case .tanh: VernierTensor.tanh(x)
        case .softplus: VernierNN.softplus(x)
        case .softmax: VernierNN.softmax(x, alongAxis: -1)
        case .logSoftmax: VernierNN.logSoftmax(x, alongAxis: -1)
        case .identity: x
        }
    }

    /// The activation as a layer (``ReLU``, ``GELU``, …).
    ///
    /// ```swift
    /// let model = Sequential(linear, Activation.tanh.layer)
    /// ```
    public var layer: any Layer {
        switch self {
        case .relu: ReLU()
        case .leakyReLU(let slope): LeakyReLU(negativeSlope: slope)
        case .elu(let alpha): ELU(alpha: alpha)
        case .gelu: GELU()
        case .silu: SiLU()
        case .sigmoid: Sigmoid()
        case .tanh: Tanh()
        case .softplus: Softplus()
        case .softmax: Softmax()
        case .logSoftmax: LogSoftmax()
        case .identity: Identity()
        }
    }

    /// The recommended gain for weight initialization before this activation (PyTorch's
    /// `calculate_gain`): √2 for ReLU, 5/3 for tanh, √(2/(1+slope²)) for leaky ReLU, 1 otherwise.
    public var initializationGain: Float {
        switch self {
        case .relu: Float(2).squareRoot()
        case .leakyReLU(let slope): (2 / (1 + slope * slope)).squareRoot()
        case .tanh: 5.0 / 3.0
        default: 1
        }
    }
}
