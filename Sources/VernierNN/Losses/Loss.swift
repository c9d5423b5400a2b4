import VernierTensor

/// A choice of loss function, by value: parsed from command-line names and applied to a model output and a
/// target.
///
/// ```swift
/// let loss = try Loss(parsing: "cross-entropy")
/// let value = loss(model(x), labels)     // crossEntropy(logits:labels:)
/// ```
public enum Loss: Sendable, Hashable, CustomStringConvertible {
    /// ``meanSquaredError(predicted:expected:reduction:)`` ("mse").
    case meanSquaredError
    /// ``meanAbsoluteError(predicted:expected:reduction:)`` ("mae").
    case meanAbsoluteError
    /// ``huberLoss(predicted:expected:delta:reduction:)`` ("huber", "huber:0.5").
    case huber(delta: Float)
    /// ``binaryCrossEntropy(probabilities:labels:reduction:)`` ("bce"): the output is a probability.
    case binaryCrossEntropy
    /// ``binaryCrossEntropy(logits:labels:reduction:)`` ("bce-logits"): the output is a logit.
    case binaryCrossEntropyWithLogits
    /// ``crossEntropy(logits:labels:reduction:)`` ("cross-entropy"): logits and class indices.
    case crossEntropy
    /// ``negativeLogLikelihood(logProbabilities:labels:reduction:)`` ("nll"): log-probabilities and class
    /// indices.
    case negativeLogLikelihood

    /// The names ``init(parsing:)`` accepts.
    public static let names = ["mse", "mae", "huber", "bce", "bce-logits", "cross-entropy", "nll"]

    /// Parses a name: "mse", "mae", "huber" (or "huber:DELTA"), "bce", "bce-logits", "cross-entropy", "nll"
    /// (case-insensitive; a few long forms such as "mean-squared-error" are accepted too).
    ///
    /// ```swift
    /// let loss = try Loss(parsing: "bce-logits")
    /// ```
    public init(parsing text: String) throws(UnknownNameError) {
        let parts = text.normalizedName.split(separator: ":", maxSplits: 1).map(String.init)
        let error = UnknownNameError(kind: "loss", name: text, known: Self.names)
        if parts.count > 1 {
            guard parts[0] == "huber", let delta = Float(parts[1]), delta > 0 else { throw error }
            self = .huber(delta: delta)
            return
        }
        switch parts.first ?? "" {
        case "mse", "mean-squared-error", "l2": self = .meanSquaredError
        case "mae", "mean-absolute-error", "l1": self = .meanAbsoluteError
        case "huber": self = .huber(delta: 1)
        case "bce", "binary-cross-entropy": self = .binaryCrossEntropy
        case "bce-logits", "bce-with-logits", "binary-cross-entropy-with-logits": self = .binaryCrossEntropyWithLogits
        case "cross-entropy", "ce", "crossentropy": self = .crossEntropy
        case "nll", "negative-log-likelihood": self = .negativeLogLikelihood
        default: throw error
        }
    }

    /// The canonical name.
    public var description: String {
        switch self {
        case .meanSquaredError: "mse"
        case .meanAbsoluteError: "mae"
        case .huber(let delta): delta == 1 ? "huber" : "huber:\(delta)"
        case .binaryCrossEntropy: "bce"
        case .binaryCrossEntropyWithLogits: "bce-logits"
        case .crossEntropy: "cross-entropy"
        case .negativeLogLikelihood: "nll"
        }
    }

    /// Whether the target is a vector of class indices (cross-entropy, NLL) rather than a tensor shaped like
    /// the output.
    public var takesClassIndices: Bool {
        self == .crossEntropy || self == .negativeLogLikelihood
    }

    /// Applies the loss to a model output and a target.
    ///
    /// ```swift
    /// let value = Loss.meanSquaredError(prediction, target)
    /// ```
    public func callAsFunction(_ output: Tensor, _ target: Tensor, reduction: LossReduction = .mean) -> Tensor {
        switch self {
        case .meanSquaredError:
            VernierNN.meanSquaredError(predicted: output, expected: target, reduction: reduction)
        case .meanAbsoluteError:
            VernierNN.meanAbsoluteError(predicted: output, expected: target, reduction: reduction)
        case .huber(let delta):
            huberLoss(predicted: output, expected: target, delta: delta, reduction: reduction)
        case .binaryCrossEntropy:
            VernierNN.binaryCrossEntropy(probabilities: output, labels: target, reduction: reduction)
        case .binaryCrossEntropyWithLogits:
            VernierNN.binaryCrossEntropy(logits: output, labels: target, reduction: reduction)
        case .crossEntropy:
            VernierNN.crossEntropy(logits: output, labels: target, reduction: reduction)
        case .negativeLogLikelihood:
            VernierNN.negativeLogLikelihood(logProbabilities: output, labels: target, reduction: reduction)
        }
    }
}
