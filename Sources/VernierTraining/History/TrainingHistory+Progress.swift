/// Whether training got anywhere.
extension TrainingHistory {
    /// True when no epoch's training loss is below the loss training started from: the first step's loss (the
    /// model before any update) or, with two epochs or more, the first epoch's. A loss that became NaN or
    /// infinite counts as no progress. Typically a learning rate far too large.
    ///
    /// ```swift
    /// TrainingHistory(stepLosses: [0.35, 0.8], epochs: [record(loss: 0.495), record(loss: 0.495)]).madeNoProgress   // true
    /// ```
    public var madeNoProgress: Bool {
        guard let first = epochs.first else { return false }
        let finite = epochs.map(\.trainLoss).filter(\.isFinite)
        guard let best = finite.min() else { return true }
        if let start = stepLosses.first, start.isFinite, best >= Double(start) { return true }
        guard epochs.count >= 2 else { return false }
        return !epochs.dropFirst().contains { $0.trainLoss.isFinite && $0.trainLoss < first.trainLoss }
    }
}
