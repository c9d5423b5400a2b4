import VernierTensor

/// Batch normalization (Ioffe and Szegedy, "Batch Normalization: Accelerating Deep Network Training by
/// Reducing Internal Covariate Shift", ICML 2015) over axis 1 of `[N, C]` or `[N, C, H, W]` (any rank ≥ 2),
/// matching PyTorch's `BatchNorm1d`/`BatchNorm2d`.
///
/// Training forwards normalize with the batch mean and the biased batch variance, and update the running
/// averages with momentum 0.1 (the running variance uses the unbiased batch variance); evaluation forwards use
/// the running averages. Running averages are state, not parameters: a training forward records them in its
/// ``ForwardContext`` and ``Layer/applyStateUpdates(from:)`` writes them back (see
/// ``valueAndGradient(at:context:_:)``).
///
/// ```swift
/// var norm = BatchNorm(featureCount: 16)
/// var context = ForwardContext(isTraining: true)
/// let (loss, gradient) = valueAndGradient(at: &norm, context: &context) { norm, context in
///     norm(x, context: &context).sum()
/// }
/// ```
public struct BatchNorm: Layer {
    /// The learned per-channel scale (γ), initially ones.
    public var scale: Tensor
    /// The learned per-channel offset (β), initially zeros.
    public var offset: Tensor
    /// The running mean used in evaluation, initially zeros.
    public var runningMean: Tensor
    /// The running (unbiased) variance used in evaluation, initially ones.
    public var runningVariance: Tensor
    /// The weight of the current batch in the running averages.
    public var momentum: Float
    /// Added to the variance before the square root.
    public var epsilon: Float
    /// The identity shared by copies of this layer (keys its running statistics in a ``ForwardContext``).
    public let identity: LayerIdentity

    /// Creates a layer for `featureCount` channels.
    ///
    /// ```swift
    /// let norm = BatchNorm(featureCount: 32, momentum: 0.1, epsilon: 1e-5)
    /// ```
    public init(featureCount: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        precondition(featureCount > 0, "BatchNorm: featureCount must be positive, got \(featureCount)")
        precondition(momentum >= 0 && momentum <= 1, "BatchNorm: momentum must be in [0, 1], got \(momentum)")
        scale = Tensor.ones([featureCount])
        offset = Tensor.zeros([featureCount])
        runningMean = Tensor.zeros([featureCount])
        runningVariance = Tensor.ones([featureCount])
        self.momentum = momentum
        self.epsilon = epsilon
        identity = LayerIdentity()
    }

    /// The number of channels.
    public var featureCount: Int { scale.count }

    private var meanKey: LayerStateKey { LayerStateKey(owner: identity, slot: 0) }
    private var varianceKey: LayerStateKey { LayerStateKey(owner: identity, slot: 1) }

    /// Evaluation: normalizes with the running statistics.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        normalize(input, mean: runningMean, variance: runningVariance)
    }

    /// Training: normalizes with the batch statistics and records the updated running statistics in
    /// `context`. Evaluation: as ``callAsFunction(_:)``, using the latest statistics recorded in `context`.
    public func callAsFunction(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        let currentMean = context.recordedState(for: meanKey) ?? runningMean
        let currentVariance = context.recordedState(for: varianceKey) ?? runningVariance
        guard context.isTraining else {
            return normalize(input, mean: currentMean, variance: currentVariance)
        }
        let (axes, shape) = broadcastLayout(of: input)
        let perChannel = input.count / featureCount
        precondition(perChannel > 1, "BatchNorm: training needs more than one value per channel, got \(input.shape)")
        let mean = input.mean(alongAxes: axes, keepingDimensions: true)
        let centered = input - mean
        let variance = square(centered).mean(alongAxes: axes, keepingDimensions: true)
        let normalized = centered / sqrt(variance + epsilon)
        let output = normalized * scale.reshaped(to: shape) + offset.reshaped(to: shape)

        let batchMean = mean.detached().reshaped(to: [featureCount])
        let unbiased = variance.detached().reshaped(to: [featureCount]) * (Float(perChannel) / Float(perChannel - 1))
        context.record((1 - momentum) * currentMean + momentum * batchMean, for: meanKey)
        context.record((1 - momentum) * currentVariance + momentum * unbiased, for: varianceKey)
        return output
    }

    private func normalize(_ input: Tensor, mean: Tensor, variance: Tensor) -> Tensor {
        let (_, shape) = broadcastLayout(of: input)
        let factor = scale / sqrt(variance + epsilon)
        return (input - mean.reshaped(to: shape)) * factor.reshaped(to: shape) + offset.reshaped(to: shape)
    }

    /// The axes reduced (all but 1) and the shape `[1, C, 1, …]` that broadcasts a per-channel vector.
    private func broadcastLayout(of input: Tensor) -> (axes: [Int], shape: [Int]) {
        precondition(
            input.rank >= 2 && input.shape[1] == featureCount,
            "BatchNorm: input must be [batch, \(featureCount), …], got \(input.shape)")
        var shape = [Int](repeating: 1, count: input.rank)
        shape[1] = featureCount
        return ([0] + Array(2..<input.rank), shape)
    }

    /// Visits the scale, then the offset (PyTorch's `weight`, `bias`).
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        try body(&scale)
        try body(&offset)
    }

    /// Visits the running mean (slot 0), then the running variance (slot 1).
    public mutating func updateState(_ body: (LayerStateKey, inout Tensor) throws -> Void) rethrows {
        try body(meanKey, &runningMean)
        try body(varianceKey, &runningVariance)
    }
}
