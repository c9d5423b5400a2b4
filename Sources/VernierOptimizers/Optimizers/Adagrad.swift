import VernierTensor

/// Adagrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
/// Optimization", JMLR 2011), exactly as PyTorch's `torch.optim.Adagrad`:
///
/// ```text
/// g ← ∇ + weightDecay·θ
/// η ← learningRate / (1 + (t − 1)·learningRateDecay)
/// s ← s + g²
/// θ ← θ − η·g / (√s + ε)
/// ```
///
/// ```swift
/// var optimizer = Adagrad(learningRate: 0.1)
/// optimizer.update(&model, along: gradient)
/// ```
public struct Adagrad: Optimizer, Sendable {
    /// The step size.
    public var learningRate: Float
    /// The decay of the step size with the number of steps.
    public var learningRateDecay: Float
    /// The L2 penalty added to the gradient.
    public var weightDecay: Float
    /// The starting value of the squared-gradient sums.
    public var initialAccumulatorValue: Float
    /// Added to the denominator for numerical stability.
    public var epsilon: Float
    /// The number of updates applied so far.
    public private(set) var step = 0
    private var sums = ParameterSlots()

    /// Creates the optimizer with PyTorch's defaults.
    ///
    /// ```swift
    /// var optimizer = Adagrad(learningRate: 0.05, initialAccumulatorValue: 0.1)
    /// ```
    public init(
        learningRate: Float = 1e-2, learningRateDecay: Float = 0, weightDecay: Float = 0,
        initialAccumulatorValue: Float = 0, epsilon: Float = 1e-10
    ) {
        precondition(learningRate >= 0, "Adagrad: learningRate must be non-negative, got \(learningRate)")
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
    }

    /// Applies one step to every parameter.
    public mutating func update<Model: ParameterContainer>(_ model: inout Model, along gradient: Model) {
        step += 1
        let rate = learningRate / (1 + Float(step - 1) * learningRateDecay)
        let (decay, eps, initial) = (weightDecay, epsilon, initialAccumulatorValue)
        var sums = self.sums
        self.sums = ParameterSlots()
        defer { self.sums = sums }
        forEachParameter(of: &model, along: gradient, optimizer: "Adagrad") { index, parameter, gradient in
            sums.withBuffer(index, count: parameter.count, initialValue: initial) { s in
                UpdateKernels.adagrad(parameter, gradient, s, rate: rate, decay: decay, epsilon: eps)
            }
        }
    }
}
