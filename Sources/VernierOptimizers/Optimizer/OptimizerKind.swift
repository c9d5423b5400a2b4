import VernierTensor

/// A choice of optimizer by name, for the command line and study files.
///
/// ```swift
/// let kind = try OptimizerKind(parsing: "nesterov")
/// var optimizer = kind.makeOptimizer(learningRate: 0.05)   // SGD, momentum 0.9, Nesterov
/// ```
public enum OptimizerKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Plain ``SGD``.
    case sgd
    /// ``SGD`` with momentum (0.9 unless given).
    case momentum
    /// ``SGD`` with Nesterov momentum (0.9 unless given).
    case nesterov
    /// ``RMSProp``.
    case rmsprop
    /// ``Adam``.
    case adam
    /// ``AdamW``.
    case adamw
    /// ``Adagrad``.
    case adagrad

    /// Parses "sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad" (case-insensitive).
    ///
    /// ```swift
    /// let kind = try OptimizerKind(parsing: "AdamW")
    /// ```
    public init(parsing text: String) throws(UnknownNameError) {
        let name = text.lowercased().replacingOccurrences(of: "_", with: "-")
        switch name {
        case "sgd", "gd", "gradient-descent": self = .sgd
        case "momentum", "sgd-momentum", "heavy-ball": self = .momentum
        case "nesterov", "sgd-nesterov", "nag": self = .nesterov
        case "rmsprop", "rms-prop": self = .rmsprop
        case "adam": self = .adam
        case "adamw", "adam-w": self = .adamw
        case "adagrad", "ada-grad": self = .adagrad
        default:
            throw UnknownNameError(kind: "optimizer", name: text, known: Self.allCases.map(\.rawValue))
        }
    }

    /// The name ("sgd", "adam", …).
    public var description: String { rawValue }

    /// A reasonable starting learning rate for this optimizer (PyTorch's default where it has one).
    public var defaultLearningRate: Float {
        switch self {
        case .sgd, .momentum, .nesterov: 0.01
        case .rmsprop, .adagrad: 0.01
        case .adam, .adamw: 0.001
        }
    }

    /// Creates the optimizer. `momentum` applies to `.momentum`, `.nesterov` and `.rmsprop` (where it
    /// defaults to none); `weightDecay` to all (decoupled for AdamW, whose default is 0.01).
    ///
    /// ```swift
    /// var optimizer = OptimizerKind.adam.makeOptimizer(learningRate: 3e-4)
    /// optimizer.update(&model, along: gradient)
    /// ```
    public func makeOptimizer(
        learningRate: Float? = nil, momentum: Float? = nil, weightDecay: Float? = nil
    )
        -> any Optimizer
    {
        settings(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay).makeOptimizer()
    }
}
