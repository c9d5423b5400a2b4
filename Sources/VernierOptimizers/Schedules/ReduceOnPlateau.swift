/// Divides the learning rate by `1/factor` when a monitored metric has stopped improving for more than
/// `patience` epochs (PyTorch's `ReduceLROnPlateau`, relative threshold mode).
///
/// It is stateful: call ``observe(metric:)`` once per epoch with the validation loss (or accuracy, with
/// `mode: .maximize`); ``learningRate(at:)`` returns the current rate whatever the index.
///
/// ```swift
/// var schedule = ReduceOnPlateau(initialLearningRate: 0.1, factor: 0.5, patience: 3)
/// schedule.observe(metric: validationLoss)
/// optimizer.learningRate = schedule.learningRate(at: epoch)
/// ```
public struct ReduceOnPlateau: LearningRateSchedule {
    /// Whether a lower or a higher metric is better.
    public enum Mode: Sendable, Hashable {
        /// Lower is better (losses).
        case minimize
        /// Higher is better (accuracies).
        case maximize
    }

    /// The current learning rate.
    public private(set) var currentLearningRate: Float
    /// The direction of improvement.
    public var mode: Mode
    /// The factor applied on a plateau.
    public var factor: Float
    /// The number of epochs without improvement tolerated before reducing.
    public var patience: Int
    /// The relative improvement needed to count as better: `best · (1 ∓ threshold)`.
    public var threshold: Float
    /// Epochs to wait after a reduction before counting bad epochs again.
    public var cooldown: Int
    /// The learning rate never goes below this.
    public var minimumLearningRate: Float
    /// The best metric seen so far.
    public private(set) var best: Float?
    private var badEpochs = 0
    private var cooldownLeft = 0

    /// Creates the schedule with PyTorch's defaults (factor 0.1, patience 10, threshold 1e-4).
    public init(
        initialLearningRate: Float, mode: Mode = .minimize, factor: Float = 0.1, patience: Int = 10,
        threshold: Float = 1e-4, cooldown: Int = 0, minimumLearningRate: Float = 0
    ) {
        precondition(factor > 0 && factor < 1, "ReduceOnPlateau: factor must be in (0, 1), got \(factor)")
        precondition(patience >= 0 && cooldown >= 0, "ReduceOnPlateau: patience and cooldown must be non-negative")
        currentLearningRate = initialLearningRate
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minimumLearningRate = minimumLearningRate
    }

    /// The current rate (independent of `index`).
    public func learningRate(at index: Int) -> Float { currentLearningRate }

    /// Records an epoch's metric and reduces the rate after more than `patience` epochs without improvement.
    public mutating func observe(metric: Float) {
        if isImprovement(metric) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let reduced = Swift.max(currentLearningRate * factor, minimumLearningRate)
            // PyTorch skips reductions smaller than eps = 1e-8.
            if currentLearningRate - reduced > 1e-8 { currentLearningRate = reduced }
            cooldownLeft = cooldown
            badEpochs = 0
        }
    }

    private func isImprovement(_ metric: Float) -> Bool {
        guard let best else { return !metric.isNaN }
        switch mode {
        case .minimize: return metric < best * (1 - threshold)
        case .maximize: return metric > best * (1 + threshold)
        }
    }
}
