import VernierData
import VernierNN

/// A classifier's final validation accuracy beside chance: the accuracy of always answering the validation set's
/// most frequent class. A run whose accuracy closes less than a fifth of the gap from chance to perfect
/// (``barelyAboveChance``: below 0.6 on balanced binary data, below 0.28 on ten balanced classes) has not learned
/// the task, whatever its loss did; `vernier train` says so instead of presenting the number as a result.
///
/// ```swift
/// if let comparison = ChanceComparison(history: history, validation: splits.validation, loss: .crossEntropy),
///     comparison.barelyAboveChance {
///     print("val_accuracy \(comparison.accuracy) is barely above chance (\(comparison.chance))")
/// }
/// ```
public struct ChanceComparison: Sendable, Equatable {
    /// The last epoch's validation accuracy.
    public var accuracy: Double
    /// The share of the validation set's most frequent class.
    public var chance: Double

    /// Compares `accuracy` with `chance` directly.
    public init(accuracy: Double, chance: Double) {
        self.accuracy = accuracy
        self.chance = chance
    }

    /// The comparison of `history`'s last validation accuracy with `validation`'s chance level under `loss`, or
    /// `nil` when the run measured no validation accuracy or the targets are not class labels
    /// (``TensorDataset/chanceAccuracy(loss:)``).
    public init?(history: TrainingHistory, validation: TensorDataset, loss: Loss) {
        guard let accuracy = history.epochs.last?.validationMetrics["accuracy"],
            let chance = validation.chanceAccuracy(loss: loss)
        else { return nil }
        self.init(accuracy: accuracy, chance: chance)
    }

    /// Whether the accuracy closes less than a fifth of the gap from chance to perfect (a NaN accuracy counts).
    public var barelyAboveChance: Bool { !(accuracy >= chance + 0.2 * (1 - chance)) }
}

extension TensorDataset {
    /// The accuracy of always answering the most frequent class, read from the targets as the accuracy metric
    /// reads them: class indices (`[N]` or `[N, 1]`) or one-hot rows for cross-entropy, a `[N, 1]` column of
    /// 0/1 labels (above 0.5 is class 1) for the other losses; `nil` for an empty set or other targets.
    ///
    /// ```swift
    /// Spirals(train: 100, validation: 100, seed: 1).validation.chanceAccuracy(loss: .meanSquaredError)   // ≈ 0.5
    /// ```
    public func chanceAccuracy(loss: Loss) -> Double? {
        let rows = count
        guard rows > 0 else { return nil }
        let values = targets.scalars
        var counts: [Int: Int] = [:]
        guard values.allSatisfy({ $0.isFinite && abs($0) < 1e9 }) else { return nil }
        if values.count == rows {
            for value in values {
                let label = loss == .crossEntropy ? Int(value) : (value > 0.5 ? 1 : 0)
                counts[label, default: 0] += 1
            }
        } else if loss == .crossEntropy, values.count % rows == 0 {
            let columns = values.count / rows
            for row in 0..<rows {
                let slice = values[(row * columns)..<((row + 1) * columns)]
                counts[slice.indices.max { values[$0] < values[$1] }! - row * columns, default: 0] += 1
            }
        } else {
            return nil
        }
        return Double(counts.values.max() ?? 0) / Double(rows)
    }
}
