/// Errors of study operations.
///
/// ```swift
/// do { _ = try study.ask() } catch StudyError.exhausted { print("every grid point was claimed") }
/// ```
public enum StudyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trial budget is spent or a grid / one-at-a-time sampler has no point left.
    case exhausted(study: String)
    /// The study exists in storage with the other direction.
    case directionMismatch(study: String, stored: StudyDirection, requested: StudyDirection)
    /// The study has no complete trial yet.
    case noCompletedTrials(study: String)
    /// A told value is NaN or infinite for a `complete` trial.
    case nonFiniteValue(Double)
    /// A state that `tell` cannot set (only `complete`, `pruned` and `failed` are allowed).
    case invalidTellState(TrialState)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .exhausted(let study): return "study '\(study)' has no trial left to run (budget or search space spent)"
        case .directionMismatch(let study, let stored, let requested):
            return "study '\(study)' is stored as \(stored.rawValue) but was opened to \(requested.rawValue)"
        case .noCompletedTrials(let study): return "study '\(study)' has no complete trial yet"
        case .nonFiniteValue(let value): return "objective value \(value) is not finite"
        case .invalidTellState(let state): return "cannot tell a trial to become \(state)"
        }
    }
}
