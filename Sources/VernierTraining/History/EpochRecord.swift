/// What one epoch of training produced: the losses and metrics on the training and validation data, the
/// learning rate, the time it took and the throughput.
///
/// ```swift
/// let last = history.epochs.last!
/// print(last.epoch, last.trainLoss, last.validationMetrics["accuracy"] ?? .nan)
/// ```
public struct EpochRecord: Sendable, Codable, Equatable {
    /// The epoch number, from 1.
    public var epoch: Int
    /// The mean training loss over the epoch's steps (weighted by batch size).
    public var trainLoss: Double
    /// The training metrics, accumulated over the epoch's batches as the model changed.
    public var trainMetrics: [String: Double]
    /// The validation loss after the epoch, when there is validation data.
    public var validationLoss: Double?
    /// The validation metrics after the epoch.
    public var validationMetrics: [String: Double]
    /// The learning rate used during the epoch.
    public var learningRate: Double
    /// Wall-clock seconds spent on the epoch's training steps (validation excluded).
    public var seconds: Double
    /// Training samples processed per second.
    public var samplesPerSecond: Double

    /// Creates a record.
    public init(
        epoch: Int, trainLoss: Double, trainMetrics: [String: Double] = [:], validationLoss: Double? = nil,
        validationMetrics: [String: Double] = [:], learningRate: Double, seconds: Double, samplesPerSecond: Double
    ) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainMetrics = trainMetrics
        self.validationLoss = validationLoss
        self.validationMetrics = validationMetrics
        self.learningRate = learningRate
        self.seconds = seconds
        self.samplesPerSecond = samplesPerSecond
    }

    /// A metric by its summary name: "train_loss", "val_loss", "train_accuracy", "val_mse", ….
    ///
    /// ```swift
    /// record.value(named: "val_accuracy")   // 0.97
    /// ```
    public func value(named name: String) -> Double? {
        switch name {
        case "train_loss", "loss": return trainLoss
        case "val_loss", "validation_loss": return validationLoss
        default:
            if name.hasPrefix("train_") { return trainMetrics[String(name.dropFirst(6))] }
            if name.hasPrefix("val_") { return validationMetrics[String(name.dropFirst(4))] }
            return validationMetrics[name] ?? trainMetrics[name]
        }
    }
}
