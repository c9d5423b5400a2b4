import VernierData
import VernierNN
import VernierTensor

/// The loss and metrics of a model on a data set.
///
/// ```swift
/// let result = evaluate(model, on: splits.test, loss: .crossEntropy, metrics: [.accuracy])
/// print(result.loss, result.metrics["accuracy"] ?? 0)
/// ```
public struct EvaluationResult: Sendable, Codable, Equatable {
    /// The mean loss over the samples.
    public var loss: Double
    /// Each metric by name ("accuracy", "mse", …).
    public var metrics: [String: Double]
    /// The number of samples evaluated.
    public var count: Int
}

/// The samples ``evaluate(_:on:loss:metrics:batchSize:)`` and ``predict(_:on:batchSize:)`` pass through the model
/// at once unless told otherwise: the time does not depend on it from 256 to 10,000 (a convolution splits every
/// chunk over both cores and tiles it to cache itself; the dense products stay above BLAS's threading
/// threshold), and 2048 keeps the Fashion-MNIST CNN's largest activation at 6.4 M floats, well inside
/// `BufferPool`'s reuse limit (2²⁵ floats), where all 10,000 validation images at once would need 31 M.
public let evaluationBatchSize = 2048

/// Evaluates `model` (evaluation mode, no gradient tape) on every sample of `dataset`, in chunks of `batchSize`.
/// Metrics count per sample, so they do not depend on `batchSize`; the loss is the chunks' mean losses weighted
/// by their sizes, so another `batchSize` sums in another order and may move its last digits.
///
/// ```swift
/// let result = evaluate(model, on: validation, loss: .meanSquaredError, metrics: [.meanSquaredError])
/// ```
public func evaluate<Model: Layer>(
    _ model: Model, on dataset: some Dataset, loss: Loss, metrics: [Metric] = [],
    batchSize: Int = evaluationBatchSize
) -> EvaluationResult {
    precondition(batchSize > 0, "evaluate: batchSize must be positive")
    var accumulator = MetricAccumulator(metrics: metrics, loss: loss)
    var lossSum = 0.0
    let total = dataset.count
    var start = 0
    withoutGradient {
        while start < total {
            let end = Swift.min(start + batchSize, total)
            let batch = dataset.batch(at: start..<end)
            let output = model(batch.features)
            lossSum += Double(loss(output, batch.targets).item) * Double(end - start)
            accumulator.add(output: output, targets: batch.targets)
            start = end
        }
    }
    return EvaluationResult(loss: total > 0 ? lossSum / Double(total) : .nan, metrics: accumulator.values, count: total)
}

/// The model's outputs for every sample of `dataset` (evaluation mode), stacked.
///
/// ```swift
/// let probabilities = predict(model, on: grid)   // [N, 1]
/// ```
public func predict<Model: Layer>(
    _ model: Model, on dataset: some Dataset, batchSize: Int = evaluationBatchSize
) -> Tensor {
    var outputs: [Tensor] = []
    var start = 0
    withoutGradient {
        while start < dataset.count {
            let end = Swift.min(start + batchSize, dataset.count)
            outputs.append(model(dataset.batch(at: start..<end).features))
            start = end
        }
    }
    return outputs.count == 1 ? outputs[0] : concatenate(outputs, alongAxis: 0)
}
