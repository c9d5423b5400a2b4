import VernierNN
import VernierTensor

/// Sums metrics over batches without allocating: one running total per metric, in a fixed array.
///
/// ```swift
/// var accumulator = MetricAccumulator(metrics: [.accuracy], loss: .binaryCrossEntropyWithLogits)
/// accumulator.add(output: logits, targets: labels)
/// accumulator.values["accuracy"]
/// ```
public struct MetricAccumulator: Sendable {
    /// The metrics accumulated.
    public let metrics: [Metric]
    /// The decision threshold for one-column outputs (0 for logits, ½ for probabilities).
    public let binaryThreshold: Float
    private var totals: [Double]
    private var counts: [Int]

    /// Creates an empty accumulator; the loss tells whether one-column outputs are logits.
    public init(metrics: [Metric], loss: Loss) {
        self.metrics = metrics
        binaryThreshold = loss == .binaryCrossEntropyWithLogits ? 0 : 0.5
        totals = [Double](repeating: 0, count: metrics.count)
        counts = [Int](repeating: 0, count: metrics.count)
    }

    /// Forgets everything accumulated (keeps the storage).
    public mutating func reset() {
        for index in totals.indices {
            totals[index] = 0
            counts[index] = 0
        }
    }

    /// Adds one batch of outputs `[B, k]` (or `[B]`) and targets (`[B]` class indices, or shaped like the output).
    public mutating func add(output: Tensor, targets: Tensor) {
        guard !metrics.isEmpty else { return }
        let rows = output.rank == 0 ? 1 : output.shape[0]
        guard rows > 0 else { return }
        output.withUnsafeBufferPointer { out in
            targets.withUnsafeBufferPointer { target in add(output: out, rows: rows, targets: target) }
        }
    }

    /// Adds one batch given as raw buffers: `rows` outputs of `out.count / rows` columns and their targets
    /// (class indices, or shaped like the output). Allocates nothing.
    ///
    /// ```swift
    /// accumulator.add(output: outputBuffer, rows: 10, targets: targetBuffer)
    /// ```
    public mutating func add(
        output out: UnsafeBufferPointer<Float>, rows: Int, targets target: UnsafeBufferPointer<Float>
    ) {
        guard !metrics.isEmpty, rows > 0 else { return }
        let columns = out.count / rows
        let threshold = binaryThreshold
        for (index, metric) in metrics.enumerated() {
            switch metric {
            case .accuracy:
                var correct = 0
                if columns == 1 {
                    precondition(target.count == rows, "accuracy: \(target.count) targets for \(rows) outputs")
                    for row in 0..<rows where (out[row] > threshold) == (target[row] > 0.5) { correct += 1 }
                } else {
                    let oneHot = target.count == out.count
                    precondition(
                        oneHot || target.count == rows,
                        "accuracy: targets must be class indices [\(rows)] or one-hot [\(rows), \(columns)]")
                    for row in 0..<rows {
                        let predicted = Self.argmax(out, offset: row * columns, count: columns)
                        let expected =
                            oneHot
                            ? Self.argmax(target, offset: row * columns, count: columns) : Int(target[row])
                        if predicted == expected { correct += 1 }
                    }
                }
                totals[index] += Double(correct)
                counts[index] += rows
            case .meanSquaredError, .meanAbsoluteError:
                // Class-index targets have no elementwise error: the metric does not apply and is left out.
                guard target.count == out.count else { continue }
                var sum = 0.0
                for element in 0..<out.count {
                    let difference = Double(out[element] - target[element])
                    sum += metric == .meanSquaredError ? difference * difference : Swift.abs(difference)
                }
                totals[index] += sum
                counts[index] += out.count
            }
        }
    }

    /// The mean of each metric so far, by name.
    public var values: [String: Double] {
        var result: [String: Double] = [:]
        for (index, metric) in metrics.enumerated() where counts[index] > 0 {
            result[metric.rawValue] = totals[index] / Double(counts[index])
        }
        return result
    }

    private static func argmax(_ values: UnsafeBufferPointer<Float>, offset: Int, count: Int) -> Int {
        var best = 0
        var bestValue = values[offset]
        for column in 1..<count where values[offset + column] > bestValue {
            best = column
            bestValue = values[offset + column]
        }
        return best
    }
}
