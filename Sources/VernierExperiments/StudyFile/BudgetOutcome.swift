import VernierTune

/// Whether a run of a study finished what it was asked to, from the trials the storage holds: the exit status of
/// `vernier tune` and `vernier worker` is 0 only for ``complete``.
///
/// The budget counts trials that finished on their own merits (complete, pruned, or failed by the objective);
/// trials still waiting or running (lost to an interruption, or run by a process that is still going) do not.
///
/// ```swift
/// let outcome = BudgetOutcome(counts: ["complete": 3, "waiting": 2], expected: 5, boundedByTimeout: false)
/// // .incomplete(finished: 3, expected: 5, waiting: 2, running: 0)
/// ```
public enum BudgetOutcome: Sendable, Equatable, CustomStringConvertible {
    /// Every trial of the budget finished (or the timeout, which the user set, ended the run).
    case complete
    /// Fewer trials finished than the budget asks for.
    case incomplete(finished: Int, expected: Int, waiting: Int, running: Int)
    /// Trials finished, and every one failed.
    case allFailed(count: Int)

    /// The outcome for trial counts by state name (``TuneSummary/trials``), the expected number of finished
    /// trials (``StudyPlan/expectedTrialCount``; `nil`: no bound) and whether the user bounded the run by a
    /// timeout (then fewer trials are complete too).
    public init(counts: [String: Int], expected: Int?, boundedByTimeout: Bool) {
        let count = { (state: TrialState) in counts[state.rawValue] ?? 0 }
        let finished = count(.complete) + count(.pruned) + count(.failed)
        if finished > 0, count(.failed) == finished {
            self = .allFailed(count: finished)
        } else if let expected, !boundedByTimeout, finished < expected {
            self = .incomplete(
                finished: finished, expected: expected, waiting: count(.waiting), running: count(.running))
        } else {
            self = .complete
        }
    }

    /// One sentence for the end of the output (empty when complete).
    public var description: String {
        switch self {
        case .complete:
            return ""
        case .incomplete(let finished, let expected, let waiting, let running):
            return "the budget is not complete: \(finished) of \(expected) trials finished (\(waiting) waiting, "
                + "\(running) running); run the same command again to continue"
        case .allFailed(let count):
            return "every trial failed (\(count)); see the failure reasons above"
        }
    }
}
