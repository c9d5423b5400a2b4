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
    /// The trial (by number) is not running, so it can neither report nor be told.
    case trialNotRunning(study: String, number: Int, state: TrialState)
    /// An intermediate value was reported at a negative step.
    case negativeStep(Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .exhausted(let study): return "study '\(study)' has no trial left to run (budget or search space spent)"
        case .directionMismatch(let study, let stored, let requested):
            return "study '\(study)' is stored as \(stored.rawValue) but was opened to \(requested.rawValue)"
        case .noCompletedTrials(let study): return "study '\(study)' has no complete trial yet"
        case .nonFiniteValue(let value): return "objective value \(value) is not finite"
        case .invalidTellState(let state): return "cannot tell a trial to become \(state)"
        case .trialNotRunning(let study, let number, let state):
            return "trial \(number) of study '\(study)' is \(state.rawValue), not running; only a running trial "
                + "reports or is told"
        case .negativeStep(let step): return "the step of an intermediate value must be ≥ 0, got \(step)"
        }
    }
}
