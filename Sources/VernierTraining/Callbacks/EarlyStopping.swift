/// Stops training when a monitored value has not improved for `patience` epochs.
///
/// The value is looked up by summary name with ``EpochRecord/value(named:)`` ("val_loss", "val_accuracy",
/// "train_loss", …); improvement means lower for losses and errors, higher for accuracy, by more than `minimumDelta`.
///
/// ```swift
/// let stopping = EarlyStopping(monitor: "val_loss", patience: 5)
/// var trainer = Trainer(loss: .crossEntropy, batchSize: 64, epochs: 100, callbacks: [stopping])
/// // after fit: stopping.bestEpoch, stopping.bestValue
/// ```
public final class EarlyStopping: TrainingCallback {
    /// The name of the monitored value.
    public let monitor: String
    /// How many epochs without improvement are tolerated.
    public let patience: Int
    /// The smallest change that counts as an improvement.
    public let minimumDelta: Double
    /// Whether larger values are better (inferred from the name: accuracy is maximized, the rest minimized).
    public let maximize: Bool
    /// The best value seen so far.
    public private(set) var bestValue: Double?
    /// The epoch of the best value.
    public private(set) var bestEpoch: Int?
    /// The epoch at which training was stopped, if it was.
    public private(set) var stoppedEpoch: Int?

    /// Creates the callback.
    public init(monitor: String = "val_loss", patience: Int = 5, minimumDelta: Double = 0, maximize: Bool? = nil) {
        precondition(patience >= 0, "EarlyStopping: patience must not be negative")
        self.monitor = monitor
        self.patience = patience
        self.minimumDelta = minimumDelta
        self.maximize = maximize ?? monitor.hasSuffix("accuracy")
    }

    /// Resets the state for a new run.
    public func trainingWillBegin(epochs: Int, stepsPerEpoch: Int, samplesPerEpoch: Int) {
        bestValue = nil
        bestEpoch = nil
        stoppedEpoch = nil
    }

    /// Records the value and stops after `patience` epochs without improvement.
    public func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision {
        guard let value = record.value(named: monitor), value.isFinite else { return .continue }
        let improved: Bool
        if let best = bestValue {
            improved = maximize ? value > best + minimumDelta : value < best - minimumDelta
        } else {
            improved = true
        }
        if improved {
            bestValue = value
            bestEpoch = record.epoch
            return .continue
        }
        if let bestEpoch, record.epoch - bestEpoch >= patience {
            stoppedEpoch = record.epoch
            return .stop
        }
        return .continue
    }
}
