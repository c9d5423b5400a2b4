import VernierTensor

// Loss functions, each matching PyTorch's definition and default reduction (mean).

/// Mean squared error `(predicted − expected)²` (PyTorch's `MSELoss`).
///
/// ```swift
/// let loss = meanSquaredError(predicted: model(x), expected: y)
/// ```
public func meanSquaredError(predicted: Tensor, expected: Tensor, reduction: LossReduction = .mean) -> Tensor {
    checkSameShape(predicted, expected, loss: "meanSquaredError")
    return reduction.apply(square(predicted - expected))
}

/// Mean absolute error `|predicted − expected|` (PyTorch's `L1Loss`).
///
/// ```swift
/// let loss = meanAbsoluteError(predicted: model(x), expected: y)
/// ```
public func meanAbsoluteError(predicted: Tensor, expected: Tensor, reduction: LossReduction = .mean) -> Tensor {
    checkSameShape(predicted, expected, loss: "meanAbsoluteError")
    return reduction.apply(abs(predicted - expected))
}

/// Huber loss: `½d²` where `|d| < delta`, `delta · (|d| − ½delta)` elsewhere, with `d = predicted − expected`
/// (PyTorch's `HuberLoss`, default delta 1).
///
/// ```swift
/// let loss = huberLoss(predicted: model(x), expected: y, delta: 1)
/// ```
public func huberLoss(
    predicted: Tensor, expected: Tensor, delta: Float = 1, reduction: LossReduction = .mean
) -> Tensor {
    checkSameShape(predicted, expected, loss: "huberLoss")
    precondition(delta > 0, "huberLoss: delta must be positive, got \(delta)")
    let difference = predicted - expected
    let magnitude = abs(difference)
    let inside = magnitude.less(Tensor(delta))
    let quadratic = 0.5 * square(difference)
    let linear = delta * (magnitude - 0.5 * delta)
    return reduction.apply(inside * quadratic + (1 - inside) * linear)
}

/// Binary cross-entropy of probabilities: `−(y·log p + (1 − y)·log(1 − p))`, with each logarithm clamped at
/// −100 as PyTorch's `BCELoss` does (so p = 0 or 1 gives a finite loss).
///
/// ```swift
/// let loss = binaryCrossEntropy(probabilities: sigmoid(logits), labels: y)
/// ```
public func binaryCrossEntropy(
    probabilities: Tensor, labels: Tensor, reduction: LossReduction = .mean
) -> Tensor {
    checkSameShape(probabilities, labels, loss: "binaryCrossEntropy")
    let logP = clampedLog(probabilities)
    let logNotP = clampedLog(1 - probabilities)
    return reduction.apply(-(labels * logP + (1 - labels) * logNotP))
}

/// Binary cross-entropy of logits, computed stably as `max(x, 0) − x·y + log(1 + e^−|x|)` (PyTorch's
/// `BCEWithLogitsLoss`); the same as `binaryCrossEntropy(probabilities: sigmoid(x), …)` without overflow.
///
/// ```swift
/// let loss = binaryCrossEntropy(logits: model(x), labels: y)
/// ```
public func binaryCrossEntropy(logits: Tensor, labels: Tensor, reduction: LossReduction = .mean) -> Tensor {
    checkSameShape(logits, labels, loss: "binaryCrossEntropy(logits:)")
    // softplus(x) = max(x, 0) + log(1 + e^−|x|); its derivative is sigmoid(x).
    return reduction.apply(softplus(logits, threshold: .infinity) - logits * labels)
}

/// Cross-entropy of logits `[batch, classes]` against class indices `[batch]` (stored as `Float`):
/// `−log softmax(x)[label]` (PyTorch's `CrossEntropyLoss` with class indices).
///
/// ```swift
/// let loss = crossEntropy(logits: model(x), labels: Tensor([0, 2, 1]))
/// ```
public func crossEntropy(logits: Tensor, labels: Tensor, reduction: LossReduction = .mean) -> Tensor {
    precondition(logits.rank == 2, "crossEntropy: logits must be [batch, classes], got \(logits.shape)")
    return negativeLogLikelihood(
        logProbabilities: logSoftmax(logits, alongAxis: 1), labels: labels, reduction: reduction)
}

/// Negative log-likelihood of log-probabilities `[batch, classes]` against class indices `[batch]` (stored as
/// `Float`): `−logProbabilities[i, label_i]` (PyTorch's `NLLLoss`).
///
/// ```swift
/// let loss = negativeLogLikelihood(logProbabilities: logSoftmax(logits, alongAxis: 1), labels: y)
/// ```
public func negativeLogLikelihood(
    logProbabilities: Tensor, labels: Tensor, reduction: LossReduction = .mean
) -> Tensor {
    precondition(
        logProbabilities.rank == 2,
        "negativeLogLikelihood: log-probabilities must be [batch, classes], got \(logProbabilities.shape)")
    let batch = logProbabilities.shape[0]
    let classes = logProbabilities.shape[1]
    precondition(
        labels.count == batch,
        "negativeLogLikelihood: \(labels.count) labels for a batch of \(batch) (labels shape \(labels.shape))")
    let indices = labels.scalars.map { value -> Int in
        let index = Int(value)
        precondition(
            Float(index) == value && index >= 0 && index < classes,
            "negativeLogLikelihood: label \(value) is not a class index in 0..<\(classes)")
        return index
    }
    return reduction.apply(-logProbabilities.picking(indices: indices))
}

/// log(x), clamped below at −100 like PyTorch's BCELoss; zeros give −100 and no NaN gradient.
private func clampedLog(_ x: Tensor) -> Tensor {
    // Elements too small for a finite log above −100 are replaced by 1 before the log (so their gradient is 0,
    // not 0/0) and their result by −100.
    let tooSmall = x.less(Tensor(Float(3.8e-44)))
    let logarithm = log(x + tooSmall)
    return logarithm * (1 - tooSmall) + tooSmall * -100
}

private func checkSameShape(_ a: Tensor, _ b: Tensor, loss: String) {
    precondition(a.shape == b.shape, "\(loss): predicted shape \(a.shape) differs from expected shape \(b.shape)")
}
