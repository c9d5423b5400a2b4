/// An optimizer and its hyperparameters as one value: the vocabulary every training engine consumes (the tape
/// ``Optimizer``s through ``makeOptimizer()``, the fused step, grouped runs and the CUDA trainer read the cases
/// directly); ``Name`` is the rule's name as settings and study files write it. Defaults are PyTorch's `torch.optim` defaults, except where a case says otherwise.
///
/// ```swift
/// let settings = OptimizerSettings.adam(learningRate: 1e-3, weightDecay: 1e-4)
/// var optimizer = settings.makeOptimizer()       // an Adam
/// let faster = settings.with(learningRate: 0.01) // same rule, another step size
/// ```
public enum OptimizerSettings: Sendable, Hashable, CustomStringConvertible {
    /// ``SGD``: plain, with (heavy-ball or Nesterov) momentum, and L2 weight decay added to the gradient.
    case sgd(learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0)
    /// ``RMSProp`` (not centered), with optional momentum and L2 weight decay.
    case rmsprop(
        learningRate: Float, alpha: Float = 0.99, epsilon: Float = 1e-8, momentum: Float = 0, weightDecay: Float = 0)
    /// ``Adam`` with L2 weight decay added to the gradient.
    case adam(
        learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0)
    /// ``AdamW``: Adam with decoupled weight decay (default 0.01).
    case adamW(
        learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0.01)
    /// ``Adagrad`` with L2 weight decay.
    case adagrad(learningRate: Float, weightDecay: Float = 0)

    /// The step size.
    public var learningRate: Float {
        switch self {
        case .sgd(let rate, _, _, _), .rmsprop(let rate, _, _, _, _), .adam(let rate, _, _, _, _),
            .adamW(let rate, _, _, _, _), .adagrad(let rate, _):
            rate
        }
    }

    /// The weight decay (L2 added to the gradient; decoupled for AdamW).
    public var weightDecay: Float {
        switch self {
        case .sgd(_, _, _, let decay), .rmsprop(_, _, _, _, let decay), .adam(_, _, _, _, let decay),
            .adamW(_, _, _, _, let decay), .adagrad(_, let decay):
            decay
        }
    }

    /// The update rule's name: `momentum` / `nesterov` for SGD with momentum, else the case's name (the names
    /// ``Name`` parses).
    public var name: Name {
        switch self {
        case .sgd(_, let momentum, let nesterov, _): nesterov ? .nesterov : momentum == 0 ? .sgd : .momentum
        case .rmsprop: .rmsprop
        case .adam: .adam
        case .adamW: .adamw
        case .adagrad: .adagrad
        }
    }

    /// The same rule and hyperparameters with another step size.
    ///
    /// ```swift
    /// OptimizerSettings.sgd(learningRate: 0.1, momentum: 0.9).with(learningRate: 0.01)
    /// ```
    public func with(learningRate rate: Float) -> OptimizerSettings {
        switch self {
        case .sgd(_, let momentum, let nesterov, let decay):
            .sgd(learningRate: rate, momentum: momentum, nesterov: nesterov, weightDecay: decay)
        case .rmsprop(_, let alpha, let epsilon, let momentum, let decay):
            .rmsprop(learningRate: rate, alpha: alpha, epsilon: epsilon, momentum: momentum, weightDecay: decay)
        case .adam(_, let beta1, let beta2, let epsilon, let decay):
            .adam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: decay)
        case .adamW(_, let beta1, let beta2, let epsilon, let decay):
            .adamW(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: decay)
        case .adagrad(_, let decay): .adagrad(learningRate: rate, weightDecay: decay)
        }
    }

    /// A fresh optimizer (no state yet) with these settings.
    public func makeOptimizer() -> any Optimizer { makeFlatOptimizer() ?? makeAdagrad() }

    /// A fresh optimizer that can also update flat buffers (the fused step's), or `nil` for Adagrad, which
    /// cannot.
    public func makeFlatOptimizer() -> (any FlatUpdatingOptimizer)? {
        switch self {
        case .sgd(let rate, let momentum, let nesterov, let decay):
            SGD(learningRate: rate, momentum: momentum, nesterov: nesterov, weightDecay: decay)
        case .rmsprop(let rate, let alpha, let epsilon, let momentum, let decay):
            RMSProp(learningRate: rate, alpha: alpha, epsilon: epsilon, momentum: momentum, weightDecay: decay)
        case .adam(let rate, let beta1, let beta2, let epsilon, let decay):
            Adam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: decay)
        case .adamW(let rate, let beta1, let beta2, let epsilon, let decay):
            AdamW(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: decay)
        case .adagrad: nil
        }
    }

    private func makeAdagrad() -> any Optimizer {
        Adagrad(learningRate: learningRate, weightDecay: weightDecay)
    }

    /// The rule's name with its hyperparameters, e.g. `adam(lr 0.001, weight decay 0.0001)`.
    public var description: String {
        var parts = ["lr \(learningRate)"]
        switch self {
        case .sgd(_, let momentum, _, _) where momentum != 0: parts.append("momentum \(momentum)")
        case .rmsprop(_, _, _, let momentum, _) where momentum != 0: parts.append("momentum \(momentum)")
        default: break
        }
        if weightDecay != 0 { parts.append("weight decay \(weightDecay)") }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}
