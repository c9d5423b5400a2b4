/// Whether training got anywhere.
extension TrainingHistory {
    /// True when at least two epochs ran and no later epoch's training loss is below the first epoch's (a loss
    /// that became NaN or infinite counts as no progress): typically a learning rate far too large.
    ///
    /// ```swift
    /// TrainingHistory(epochs: [record(loss: 0.69), record(loss: 0.70)]).madeNoProgress   // true
    /// ```
    public var madeNoProgress: Bool {
        guard let first = epochs.first, epochs.count >= 2 else { return false }
        return !epochs.dropFirst().contains { $0.trainLoss.isFinite && $0.trainLoss < first.trainLoss }
    }
}
