/// Errors of study operations.
///
/// ```swift
/// do { _ = try study.ask() } catch StudyError.exhausted { print("every grid point was claimed") }
/// ```
public enum StudyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trial budget is spent or a grid / one-at-a-time sampler has no point left.
    case exhausted(study: String)
    /// The study exists in storage with other directions (or another number of objectives).
    case directionMismatch(study: String, stored: [StudyDirection], requested: [StudyDirection])
    /// The study has no complete trial yet.
    case noCompletedTrials(study: String)
    /// A told value is NaN or infinite for a `complete` trial.
    case nonFiniteValue(Double)
    /// A study was opened without any direction.
    case noDirections(study: String)
    /// A multi-objective study was given a sampler that optimizes one objective only.
    case samplerNeedsOneObjective(study: String, sampler: String)
    /// A multi-objective study was given a pruner (pruning is defined for one objective only).
    case prunerNeedsOneObjective(study: String)
    /// A one-value API (``Study/bestTrial()``, ``Study/bestValue()``, a one-value `tell`) was used on a study
    /// with several objectives.
    case severalObjectives(study: String, count: Int)
    /// A trial was told (or its objective returned) a number of values other than the study's objectives.
    case valueCountMismatch(study: String, expected: Int, got: Int)
    /// A constraint value is NaN or infinite.
    case nonFiniteConstraint(Double)
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
            return "study '\(study)' is stored as \(Self.text(stored)) but was opened to \(Self.text(requested))"
        case .noCompletedTrials(let study): return "study '\(study)' has no complete trial yet"
        case .nonFiniteValue(let value): return "objective value \(value) is not finite"
        case .noDirections(let study): return "study '\(study)' needs at least one direction"
        case .samplerNeedsOneObjective(let study, let sampler):
            return "study '\(study)' has several objectives, but \(sampler) optimizes one objective only; use a "
                + "multi-objective sampler (NSGA-II, multi-objective TPE) or random, Sobol or grid sampling"
        case .prunerNeedsOneObjective(let study):
            return "study '\(study)' has several objectives, and pruning is defined for one objective only; "
                + "run it without a pruner"
        case .severalObjectives(let study, let count):
            return "study '\(study)' has \(count) objectives: there is no single best trial or value; use its "
                + "Pareto front (bestTrials) and tell one value per objective"
        case .valueCountMismatch(let study, let expected, let got):
            return "study '\(study)' has \(expected) objective\(expected == 1 ? "" : "s") but \(got) value"
                + "\(got == 1 ? " was" : "s were") given"
        case .nonFiniteConstraint(let value): return "constraint value \(value) is not finite"
        case .invalidTellState(let state): return "cannot tell a trial to become \(state)"
        case .trialNotRunning(let study, let number, let state):
            return "trial \(number) of study '\(study)' is \(state.rawValue), not running; only a running trial "
                + "reports or is told"
        case .negativeStep(let step): return "the step of an intermediate value must be ≥ 0, got \(step)"
        }
    }

    /// `minimize` or `maximize, minimize`.
    private static func text(_ directions: [StudyDirection]) -> String {
        directions.map(\.rawValue).joined(separator: ", ")
    }
}
