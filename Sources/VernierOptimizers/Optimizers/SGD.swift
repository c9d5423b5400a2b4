import VernierTensor

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
/// exactly as PyTorch's `torch.optim.SGD`:
///
/// ```text
/// g ← ∇ + weightDecay·θ
/// b ← g on the first step, else momentum·b + (1 − dampening)·g        (when momentum ≠ 0)
/// g ← g + momentum·b (Nesterov) or b                                   (when momentum ≠ 0)
/// θ ← θ − learningRate·g
/// ```
/// (Sutskever et al., "On the importance of initialization and momentum in deep learning", ICML 2013.)
///
/// ```swift
/// var optimizer = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
/// optimizer.update(&model, along: gradient)
/// ```
public struct SGD: Optimizer, Sendable {
    /// The step size.
    public var learningRate: Float
    /// The momentum factor (0: plain gradient descent).
    public var momentum: Float
    /// The dampening of the momentum's new gradient term.
    public var dampening: Float
    /// Whether to use Nesterov momentum.
    public var nesterov: Bool
    /// The L2 penalty added to the gradient.
    public var weightDecay: Float
    var momentumBuffers = ParameterSlots()

    /// Creates the optimizer.
    ///
    /// ```swift
    /// var optimizer = SGD(learningRate: 0.01, momentum: 0.9)
    /// ```
    public init(
        learningRate: Float, momentum: Float = 0, dampening: Float = 0, nesterov: Bool = false,
        weightDecay: Float = 0
    ) {
        precondition(learningRate >= 0, "SGD: learningRate must be non-negative, got \(learningRate)")
        precondition(momentum >= 0, "SGD: momentum must be non-negative, got \(momentum)")
        precondition(
            !nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs momentum > 0 and no dampening")
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    /// Applies one step to every parameter.
    public mutating func update<Model: ParameterContainer>(_ model: inout Model, along gradient: Model) {
        forEachParameter(of: &model, along: gradient, optimizer: "SGD") { index, parameter, gradient in
            updateFlat(parameter: index, parameter, gradient: gradient)
        }
    }
}
