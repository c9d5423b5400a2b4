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

/// Evaluates `model` (evaluation mode, no gradient tape) on every sample of `dataset`, in chunks of `batchSize`.
///
/// ```swift
/// let result = evaluate(model, on: validation, loss: .meanSquaredError, metrics: [.meanSquaredError])
/// ```
public func evaluate<Model: Layer>(
    _ model: Model, on dataset: some Dataset, loss: Loss, metrics: [Metric] = [], batchSize: Int = 2048
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
public func predict<Model: Layer>(_ model: Model, on dataset: some Dataset, batchSize: Int = 2048) -> Tensor {
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
