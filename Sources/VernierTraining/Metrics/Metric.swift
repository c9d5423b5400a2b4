import VernierNN

/// A quality measure computed from model outputs and targets, besides the loss.
///
/// `accuracy` adapts to the output: one column means binary classification (a probability thresholded at ½, or
/// a logit at 0 when the loss takes logits), several columns mean multi-class (argmax, against class indices or
/// one-hot rows).
///
/// ```swift
/// let trainer = Trainer(loss: .crossEntropy, batchSize: 16, epochs: 50, metrics: [.accuracy])
/// ```
public enum Metric: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The fraction of correctly classified samples.
    case accuracy
    /// The mean squared error between output and target.
    case meanSquaredError = "mse"
    /// The mean absolute error between output and target.
    case meanAbsoluteError = "mae"

    /// The short name used in histories and summaries ("accuracy", "mse", "mae").
    public var description: String { rawValue }

    /// The metrics that make sense for a loss: accuracy for classification losses, MSE for regression losses.
    ///
    /// ```swift
    /// Metric.defaults(for: .crossEntropy)   // [.accuracy]
    /// ```
    public static func defaults(for loss: Loss) -> [Metric] {
        switch loss {
        case .binaryCrossEntropy, .binaryCrossEntropyWithLogits, .crossEntropy, .negativeLogLikelihood: [.accuracy]
        case .meanSquaredError, .meanAbsoluteError, .huber: [.meanSquaredError]
        }
    }
}
