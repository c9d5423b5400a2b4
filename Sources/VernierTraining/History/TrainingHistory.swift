import Foundation

/// Everything a training run recorded: the loss of every step and one ``EpochRecord`` per epoch.
///
/// `Codable`; ``write(to:)`` saves `history.csv` (one row per epoch) and `history.json` (everything).
///
/// ```swift
/// let history = try trainer.fit(&model, optimizer: &optimizer, on: train, validation: validation, using: &rng)
/// try history.write(to: URL(fileURLWithPath: "runs/spirals"))
/// history.epochs.last?.validationMetrics["accuracy"]
/// ```
public struct TrainingHistory: Sendable, Codable, Equatable {
    /// The training loss of every step, in order.
    public var stepLosses: [Float]
    /// One record per completed epoch.
    public var epochs: [EpochRecord]
    /// Whether a callback (early stopping, pruning) ended training before the last epoch.
    public var stoppedEarly: Bool

    /// An empty history.
    public init(stepLosses: [Float] = [], epochs: [EpochRecord] = [], stoppedEarly: Bool = false) {
        self.stepLosses = stepLosses
        self.epochs = epochs
        self.stoppedEarly = stoppedEarly
    }

    /// The record of the last epoch.
    public var last: EpochRecord? { epochs.last }

    /// The metric names that appear in the records, sorted.
    public var metricNames: [String] {
        Array(Set(epochs.flatMap { $0.trainMetrics.keys } + epochs.flatMap { $0.validationMetrics.keys })).sorted()
    }

    /// The history as CSV: `epoch,train_loss,val_loss,train_<metric>...,val_<metric>...,learning_rate,seconds,
    /// samples_per_second` (empty cells where a value does not apply).
    ///
    /// ```swift
    /// print(history.csv)
    /// ```
    public var csv: String {
        let names = metricNames
        let hasValidation = epochs.contains { $0.validationLoss != nil }
        var columns = ["epoch", "train_loss"]
        if hasValidation { columns.append("val_loss") }
        columns += names.map { "train_\($0)" }
        if hasValidation { columns += names.map { "val_\($0)" } }
        columns += ["learning_rate", "seconds", "samples_per_second"]
        var lines = [columns.joined(separator: ",")]
        func format(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        for record in epochs {
            var cells = ["\(record.epoch)", format(record.trainLoss)]
            if hasValidation { cells.append(format(record.validationLoss)) }
            cells += names.map { format(record.trainMetrics[$0]) }
            if hasValidation { cells += names.map { format(record.validationMetrics[$0]) } }
            cells += [format(record.learningRate), format(record.seconds), format(record.samplesPerSecond)]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `history.csv` and `history.json` into `directory` (created if needed).
    ///
    /// ```swift
    /// try history.write(to: URL(fileURLWithPath: "out"))
    /// ```
    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try csv.write(to: directory.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(self).write(to: directory.appendingPathComponent("history.json"))
    }
}
