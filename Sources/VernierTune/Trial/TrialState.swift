/// The life cycle of a trial: `waiting` (enqueued) → `running` → `complete` | `pruned` | `failed`.
///
/// Only these transitions are allowed, and a finished trial never changes again (see ``Storage``).
///
/// ```swift
/// let finished = study.trials(states: TrialState.finished)
/// ```
public enum TrialState: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Enqueued (by ``Study/enqueue(_:)`` or a grid), not yet claimed by a worker.
    case waiting
    /// Claimed by a worker and being evaluated.
    case running
    /// Finished with a finite objective value.
    case complete
    /// Stopped early by a pruner (the objective threw ``TrialPruned``).
    case pruned
    /// The objective threw, or returned NaN or an infinity; the reason is in ``FrozenTrial/failReason``.
    case failed

    /// Whether the state is final (`complete`, `pruned` or `failed`).
    ///
    /// ```swift
    /// TrialState.pruned.isFinished   // true
    /// ```
    public var isFinished: Bool { self == .complete || self == .pruned || self == .failed }

    /// The three final states.
    public static let finished: Set<TrialState> = [.complete, .pruned, .failed]

    /// The raw name, e.g. `complete`.
    public var description: String { rawValue }
}
