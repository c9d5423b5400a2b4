/// One member (one trial) of a ``VectorizedMLPTrainer`` run: the seed that draws its initial weights and its
/// batch order, and its own optimizer hyperparameters.
///
/// ```swift
/// let members = [0.1, 0.01, 0.001].map { VectorizedMember(seed: 7, learningRate: Float($0)) }
/// ```
public struct VectorizedMember: Sendable, Hashable {
    /// Seeds the member's generator exactly as `Xoshiro256(seed:)` before `MLP(...)` and `Trainer.fit`.
    public var seed: UInt64
    /// The step size.
    public var learningRate: Float
    /// SGD / RMSProp momentum (ignored by Adam).
    public var momentum: Float
    /// SGD / Adam / RMSProp L2 weight decay added to the gradient (PyTorch's `weight_decay`).
    public var weightDecay: Float

    /// Creates a member.
    ///
    /// ```swift
    /// let member = VectorizedMember(seed: 3, learningRate: 0.05, momentum: 0.9)
    /// ```
    public init(seed: UInt64, learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.seed = seed
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }
}

/// The update rule shared by every member of a vectorized run (the hyperparameters are per member).
///
/// ```swift
/// let rule = VectorizedOptimizer.adam()
/// ```
public enum VectorizedOptimizer: Sendable, Hashable {
    /// PyTorch's `torch.optim.SGD` (no dampening, no Nesterov), as ``SGD``.
    case sgd
    /// PyTorch's `torch.optim.Adam` with L2 weight decay, as ``Adam``.
    case adam(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8)
    /// PyTorch's `torch.optim.RMSprop` (not centered; the member's momentum), as ``RMSProp``.
    case rmsprop(alpha: Float = 0.99, epsilon: Float = 1e-8)
}

/// Why a vectorized run cannot be set up.
public enum VectorizedTrainingError: Error, Equatable, CustomStringConvertible {
    /// A part of the configuration the fused step does not implement (the sequential ``Trainer`` does).
    case unsupported(String)
    /// The data set does not match the network's input or output width.
    case dataShape(String)

    /// The message, naming the unsupported part.
    public var description: String {
        switch self {
        case .unsupported(let what): "vectorized training: unsupported \(what) (use Trainer)"
        case .dataShape(let what): "vectorized training: \(what)"
        }
    }
}
