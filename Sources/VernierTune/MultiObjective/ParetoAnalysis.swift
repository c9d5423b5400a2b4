/// The Pareto front of a multi-objective study's trials and its hypervolume, as reports, the dashboard and the
/// CLI show them.
///
/// **Reference point** of the hypervolume (in minimized form, see `Pareto.minimized`): for each objective, the
/// worst value among the feasible complete trials (the nadir of what was observed) pushed out by 10 % of that
/// objective's observed range, or by 1 (in the objective's unit) when every trial has the same value. It moves as
/// trials are added, so compare hypervolumes of one study, or of studies given the same ``reference``.
///
/// ```swift
/// let analysis = ParetoAnalysis(trials: try study.trials(), directions: study.directions)
/// print(analysis.front.map(\.number), analysis.hypervolume ?? .nan)
/// ```
public struct ParetoAnalysis: Sendable {
    /// The study's directions.
    public let directions: [StudyDirection]
    /// The best trials (``Study/bestTrials(tolerance:)``): the front among feasible trials, ordered by number.
    public let front: [FrozenTrial]
    /// The feasible complete trials with one value per direction, ordered by number (what the front and the
    /// hypervolume are computed from).
    public let feasible: [FrozenTrial]
    /// The reference point in minimized form; `nil` without a feasible trial.
    public let reference: [Double]?

    /// Analyses `trials` (any states; only complete ones with one value per direction count). `reference` fixes
    /// the reference point (minimized form) instead of the rule above.
    public init(trials: [FrozenTrial], directions: [StudyDirection], reference: [Double]? = nil) {
        self.directions = directions
        let complete = trials.filter { $0.state == .complete && $0.values?.count == directions.count }
            .sorted { $0.number < $1.number }
        front = Study.best(among: complete, directions: directions, tolerance: 0)
        feasible = complete.filter(\.isFeasible)
        self.reference =
            reference ?? Self.referencePoint(feasible.map { Pareto.minimized($0.values!, directions: directions) })
    }

    /// The nadir of `points` (minimized) pushed out by 10 % of each component's range (by 1 where the range is 0);
    /// `nil` for no points.
    public static func referencePoint(_ points: [[Double]]) -> [Double]? {
        guard let first = points.first else { return nil }
        return first.indices.map { component in
            let values = points.map { $0[component] }
            let (low, high) = (values.min()!, values.max()!)
            return high + (high > low ? 0.1 * (high - low) : 1)
        }
    }

    /// The hypervolume the feasible trials dominate up to ``reference``; `nil` without a feasible trial or for
    /// more than three objectives (or one).
    public var hypervolume: Double? {
        guard let reference, (2...3).contains(directions.count) else { return nil }
        return Hypervolume.of(
            feasible.map { Pareto.minimized($0.values!, directions: directions) }, reference: reference)
    }

    /// The hypervolume after each feasible complete trial (by trial number), against ``reference``: how the front
    /// grew. Empty when ``hypervolume`` is `nil`.
    public var hypervolumeHistory: [(trial: Int, hypervolume: Double)] {
        guard let reference, (2...3).contains(directions.count) else { return [] }
        var points: [[Double]] = []
        return feasible.map { trial in
            points.append(Pareto.minimized(trial.values!, directions: directions))
            return (trial.number, Hypervolume.of(points, reference: reference))
        }
    }
}
