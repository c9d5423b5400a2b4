import VernierTensor

/// A mini-batch: the features and targets of some samples, stacked along the first axis.
///
/// ```swift
/// for batch in loader.epoch() {
///     let output = model(batch.features)          // [batch.count, ...]
///     let loss = Loss.meanSquaredError(output, batch.targets)
/// }
/// ```
public struct Batch: Sendable {
    /// The features, shape `[count] + featureShape`.
    public var features: Tensor
    /// The targets, shape `[count] + targetShape`.
    public var targets: Tensor

    /// Creates a batch from stacked features and targets.
    ///
    /// ```swift
    /// let batch = Batch(features: Tensor([[1, 2]]), targets: Tensor([0]))
    /// ```
    public init(features: Tensor, targets: Tensor) {
        precondition(
            features.rank >= 1 && targets.rank >= 1 && features.shape[0] == targets.shape[0],
            "Batch: features \(features.shape) and targets \(targets.shape) must have the same first dimension")
        self.features = features
        self.targets = targets
    }

    /// The number of samples.
    public var count: Int { features.shape[0] }
}
