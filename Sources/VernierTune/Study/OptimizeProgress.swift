import Foundation

/// Where an ``Study/optimize(trials:timeout:repeats:onTrialFinished:objective:)`` run stands after a trial, for
/// progress lines.
///
/// ```swift
/// try study.optimize(trials: 50, onTrialFinished: { trial, progress in
///     print("[\(progress.finishedTrials)/\(progress.budget ?? 0)] best \(progress.bestValue ?? .nan)")
/// }) { trial in try trial.suggestFloat("x", in: 0...1) }
/// ```
public struct OptimizeProgress: Sendable, Hashable {
    /// Trials of the study that are finished (all processes, earlier runs included; running trials, such as the
    /// rest of a batch trained together, are not counted, so each finished trial moves the count on).
    public var finishedTrials: Int
    /// The study-wide trial budget, if any.
    public var budget: Int?
    /// Trials this call has finished.
    public var finishedThisRun: Int
    /// The best complete value seen in the study so far (feasible first); always `nil` with several objectives.
    public var bestValue: Double?
    /// Seconds since this call started.
    public var elapsed: TimeInterval

    /// Estimated seconds left, from this run's average trial time and the budget.
    ///
    /// ```swift
    /// progress.estimatedRemaining   // e.g. 12.5
    /// ```
    public var estimatedRemaining: TimeInterval? {
        guard let budget, finishedThisRun > 0 else { return nil }
        return elapsed / Double(finishedThisRun) * Double(max(0, budget - finishedTrials))
    }
}

/// What ``Study/optimize(trials:timeout:repeats:onTrialFinished:objective:)`` did.
///
/// ```swift
/// let summary = try study.optimize(trials: 10) { try $0.suggestFloat("x", in: 0...1) }
/// print(summary.trialsRun, summary.stopReason)
/// ```
public struct OptimizeSummary: Sendable, Hashable {
    /// Why the loop stopped.
    public enum StopReason: String, Sendable, Hashable {
        /// The study holds `trials` trials.
        case budget
        /// The timeout passed.
        case timeout
        /// The sampler's fixed point list is fully claimed.
        case searchSpaceExhausted
    }

    /// Trials this call ran (all states).
    public var trialsRun: Int
    /// Why the loop stopped.
    public var stopReason: StopReason
    /// Seconds spent.
    public var elapsed: TimeInterval
}
