/// Whether training got anywhere, and which way it failed.
extension TrainingHistory {
    /// How a run that made no progress failed, which says which way to move the learning rate.
    public enum Stall: Sendable, Equatable {
        /// The loss became NaN or infinite, or an epoch's mean rose above twice the loss training started from:
        /// typically a learning rate far too large.
        case diverged
        /// The loss stayed near where it started: a learning rate far too small, or one so large that the units
        /// saturated at once (the history cannot tell the two apart).
        case flat
    }

    /// True when no epoch's training loss is below the loss training started from: the first step's loss (the
    /// model before any update) or, with two epochs or more, the first epoch's. A loss that became NaN or
    /// infinite counts as no progress.
    ///
    /// ```swift
    /// TrainingHistory(stepLosses: [0.35, 0.8], epochs: [record(loss: 0.495), record(loss: 0.495)]).madeNoProgress   // true
    /// ```
    public var madeNoProgress: Bool { stall != nil }

    /// `nil` when the run made progress (``madeNoProgress`` is false), else whether it diverged or stayed flat.
    ///
    /// ```swift
    /// if history.stall == .flat { print("the loss barely moved: try a larger learning rate") }
    /// ```
    public var stall: Stall? {
        guard let first = epochs.first else { return nil }
        let losses = epochs.map(\.trainLoss)
        let finite = losses.filter(\.isFinite)
        guard let best = finite.min(), finite.count == losses.count else { return .diverged }
        let start = stepLosses.first.flatMap { $0.isFinite ? Double($0) : nil }
        let stalled: Bool
        if let start, best >= start {
            stalled = true
        } else if epochs.count >= 2 {
            stalled = !epochs.dropFirst().contains { $0.trainLoss < first.trainLoss }
        } else {
            stalled = false
        }
        guard stalled else { return nil }
        let reference = start ?? first.trainLoss
        return (finite.max() ?? reference) > 2 * Swift.max(reference, 0) ? .diverged : .flat
    }
}
