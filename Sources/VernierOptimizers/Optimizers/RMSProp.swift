import VernierTensor

/// RMSProp (Tieleman and Hinton, Coursera lecture 6.5, 2012; centered variant from Graves, "Generating
/// Sequences With Recurrent Neural Networks", 2013), exactly as PyTorch's `torch.optim.RMSprop`:
///
/// ```text
/// g ← ∇ + weightDecay·θ
/// s ← αs + (1 − α)g²
/// d ← √(s − ḡ²) + ε with ḡ ← lerp(ḡ, g, 1 − α) (centered), else √s + ε
/// b ← momentum·b + g/d,  θ ← θ − learningRate·b     (momentum > 0)
/// θ ← θ − learningRate·g/d                            (otherwise)
/// ```
///
/// ```swift
/// var optimizer = RMSProp(learningRate: 0.01, centered: true)
/// optimizer.update(&model, along: gradient)
/// ```
public struct RMSProp: Optimizer, Sendable {
    /// The step size.
    public var learningRate: Float
    /// The smoothing constant of the squared-gradient average.
    public var alpha: Float
    /// Added to the denominator for numerical stability.
    public var epsilon: Float
    /// The momentum factor (0: none).
    public var momentum: Float
    /// Whether to normalize by the estimated variance instead of the raw second moment.
    public var centered: Bool
    /// The L2 penalty added to the gradient.
    public var weightDecay: Float
    var squareAverages = ParameterSlots()
    var gradientAverages = ParameterSlots()
    var momentumBuffers = ParameterSlots()

    /// Creates the optimizer with PyTorch's defaults.
    ///
    /// ```swift
    /// var optimizer = RMSProp(learningRate: 1e-3, alpha: 0.9, momentum: 0.9)
    /// ```
    public init(
        learningRate: Float = 1e-2, alpha: Float = 0.99, epsilon: Float = 1e-8, momentum: Float = 0,
        centered: Bool = false, weightDecay: Float = 0
    ) {
        precondition(learningRate >= 0, "RMSProp: learningRate must be non-negative, got \(learningRate)")
        precondition(alpha >= 0 && alpha < 1, "RMSProp: alpha must be in [0, 1), got \(alpha)")
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.centered = centered
        self.weightDecay = weightDecay
    }

    /// Applies one step to every parameter.
    public mutating func update<Model: ParameterContainer>(_ model: inout Model, along gradient: Model) {
        forEachParameter(of: &model, along: gradient, optimizer: "RMSProp") { index, parameter, gradient in
            updateFlat(parameter: index, parameter, gradient: gradient)
        }
    }
}
