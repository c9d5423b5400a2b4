import VernierTensor

/// Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR
/// 2019), exactly as PyTorch's `torch.optim.AdamW`: θ ← θ·(1 − learningRate·weightDecay), then the Adam step on
/// the raw gradient.
///
/// ```swift
/// var optimizer = AdamW(learningRate: 1e-3, weightDecay: 0.01)
/// optimizer.update(&model, along: gradient)
/// ```
public struct AdamW: Optimizer, Sendable {
    var adam: Adam
    /// The decoupled weight decay (PyTorch's default 0.01).
    public var weightDecay: Float

    /// Creates the optimizer with PyTorch's defaults.
    ///
    /// ```swift
    /// var optimizer = AdamW(learningRate: 3e-4, weightDecay: 0.05)
    /// ```
    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0.01
    ) {
        adam = Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        self.weightDecay = weightDecay
    }

    /// The step size.
    public var learningRate: Float {
        get { adam.learningRate }
        set { adam.learningRate = newValue }
    }
    /// The decay of the first-moment estimate.
    public var beta1: Float { adam.beta1 }
    /// The decay of the second-moment estimate.
    public var beta2: Float { adam.beta2 }
    /// Added to the denominator for numerical stability.
    public var epsilon: Float { adam.epsilon }
    /// The number of updates applied so far.
    public var step: Int { adam.step }

    /// Applies one step to every parameter.
    public mutating func update<Model: ParameterContainer>(_ model: inout Model, along gradient: Model) {
        adam.step += 1
        adam.adamStep(&model, along: gradient, l2Decay: 0, decoupledDecay: weightDecay, name: "AdamW")
    }
}
