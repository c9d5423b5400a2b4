import Foundation
import VernierTune

/// How many epochs each trial of a study trained (the user attribute `epochs` that experiment objectives set)
/// and the study's total against the budget of running every trial to completion: what pruning saved.
///
/// A trial's complete run is the epochs it was configured to train (the user attribute `max_epochs`, which experiment
/// objectives set from the `epochs` setting, or else an `epochs` parameter); for trials without either, the most
/// epochs any trial was configured for or trained.
///
/// ```swift
/// if let usage = EpochUsage(trials: try study.trials()) {
///     print(usage.totalEpochs, "of", usage.budgetEpochs)   // e.g. 61 of 300
/// }
/// ```
public struct EpochUsage: Sendable, Codable, Hashable {
    /// One trial's epochs.
    public struct Entry: Sendable, Codable, Hashable {
        /// The trial number.
        public var number: Int
        /// Its state.
        public var state: TrialState
        /// The epochs it trained.
        public var epochs: Int
        /// The epochs it was configured to train (`nil` when unknown).
        public var maxEpochs: Int?

        enum CodingKeys: String, CodingKey {
            case number, state, epochs
            case maxEpochs = "max_epochs"
        }
    }

    /// Every trial that recorded its epochs, in number order.
    public var trials: [Entry]
    /// The sum of ``trials``' epochs.
    public var totalEpochs: Int
    /// The epochs of the longest complete run: the most any trial was configured for (else trained).
    public var fullRunEpochs: Int
    /// The cost without pruning: each trial's configured epochs (``fullRunEpochs`` where unknown), summed.
    public var budgetEpochs: Int

    enum CodingKeys: String, CodingKey {
        case trials
        case totalEpochs = "total_epochs"
        case fullRunEpochs = "full_run_epochs"
        case budgetEpochs = "budget_epochs"
    }

    /// The usage of `trials`, or `nil` when none recorded its epochs.
    ///
    /// ```swift
    /// let usage = EpochUsage(trials: try study.trials())
    /// ```
    public init?(trials: [FrozenTrial]) {
        let entries = trials.compactMap { trial -> Entry? in
            guard let epochs = trial.userAttributes[.epochs]?.intValue else { return nil }
            return Entry(
                number: trial.number, state: trial.state, epochs: epochs,
                maxEpochs: trial.userAttributes[.maxEpochs]?.intValue
                    ?? trial.externalParameters["epochs"]?.doubleValue.map { Int($0) })
        }
        guard !entries.isEmpty else { return nil }
        self.trials = entries
        totalEpochs = entries.map(\.epochs).reduce(0, +)
        let longest = entries.map { max($0.maxEpochs ?? 0, $0.epochs) }.max() ?? 0
        fullRunEpochs = longest
        budgetEpochs = entries.map { max($0.maxEpochs ?? longest, $0.epochs) }.reduce(0, +)
    }

    /// `totalEpochs / budgetEpochs` (1 without pruning).
    public var fraction: Double { budgetEpochs > 0 ? Double(totalEpochs) / Double(budgetEpochs) : 1 }

    /// Two lines for the terminal: epochs per trial, and the total against the budget.
    ///
    /// ```swift
    /// print(usage.plainText())
    /// // Epochs per trial: #0 15, #1 1 (pruned), #2 3 (pruned), …
    /// // Epochs: 61 of 300 (20.3%) for 20 trials of up to 15 epochs
    /// ```
    public func plainText() -> String {
        let perTrial = trials.map { "#\($0.number) \($0.epochs)" + ($0.state == .pruned ? " (pruned)" : "") }
        return "Epochs per trial: " + perTrial.joined(separator: ", ") + "\n"
            + "Epochs: \(totalEpochs) of \(budgetEpochs) (\(String(format: "%.1f", 100 * fraction))%) for "
            + "\(trials.count) trials of up to \(fullRunEpochs) epochs"
    }
}
