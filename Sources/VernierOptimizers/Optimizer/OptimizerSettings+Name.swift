import VernierTensor

extension OptimizerSettings {
    /// The name of an update rule, for the command line and study files: what a setting such as `optimizer=nesterov`
    /// says before the hyperparameters are known. ``settings(learningRate:momentum:weightDecay:)`` turns it into
    /// the settings it stands for.
    ///
    /// ```swift
    /// let name = try OptimizerSettings.Name(parsing: "nesterov")
    /// var optimizer = name.settings(learningRate: 0.05).makeOptimizer()   // SGD, momentum 0.9, Nesterov
    /// ```
    public enum Name: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
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
        /// let name = try OptimizerSettings.Name(parsing: "AdamW")
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
    }
}

extension OptimizerSettings.Name {
    /// The settings this name stands for: `momentum` applies to `.momentum` and `.nesterov` (0.9 unless given)
    /// and `.rmsprop` (none unless given); `weightDecay` to all (decoupled for AdamW, whose default is 0.01);
    /// `learningRate` defaults to ``defaultLearningRate``.
    ///
    /// ```swift
    /// OptimizerSettings.Name.nesterov.settings(learningRate: 0.05)   // .sgd(lr 0.05, momentum 0.9, nesterov)
    /// ```
    public func settings(
        learningRate: Float? = nil, momentum: Float? = nil, weightDecay: Float? = nil
    ) -> OptimizerSettings {
        let rate = learningRate ?? defaultLearningRate
        switch self {
        case .sgd: return .sgd(learningRate: rate, momentum: momentum ?? 0, weightDecay: weightDecay ?? 0)
        case .momentum: return .sgd(learningRate: rate, momentum: momentum ?? 0.9, weightDecay: weightDecay ?? 0)
        case .nesterov:
            return .sgd(learningRate: rate, momentum: momentum ?? 0.9, nesterov: true, weightDecay: weightDecay ?? 0)
        case .rmsprop: return .rmsprop(learningRate: rate, momentum: momentum ?? 0, weightDecay: weightDecay ?? 0)
        case .adam: return .adam(learningRate: rate, weightDecay: weightDecay ?? 0)
        case .adamw: return .adamW(learningRate: rate, weightDecay: weightDecay ?? 0.01)
        case .adagrad: return .adagrad(learningRate: rate, weightDecay: weightDecay ?? 0)
        }
    }
}
