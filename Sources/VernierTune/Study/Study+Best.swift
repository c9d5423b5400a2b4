extension Study {
    /// The best complete trial of a one-objective study (the lowest-numbered one among ties; a feasible trial
    /// before any infeasible one, see ``bestTrials(tolerance:)``). Throws ``StudyError/noCompletedTrials(study:)``,
    /// and ``StudyError/severalObjectives(study:count:)`` for a multi-objective study (use ``bestTrials(tolerance:)``).
    ///
    /// ```swift
    /// let best = try study.bestTrial()
    /// print(best.value!, best.externalParameters)
    /// ```
    public func bestTrial() throws -> FrozenTrial {
        try requireOneObjective()
        guard let best = try bestTrials().first else { throw StudyError.noCompletedTrials(study: name) }
        return best
    }

    /// The best complete value of a one-objective study (that of ``bestTrial()``); throws as ``bestTrial()`` does.
    ///
    /// ```swift
    /// let value = try study.bestValue()
    /// ```
    public func bestValue() throws -> Double {
        try requireOneObjective()
        guard let value = try bestValueIfAny() else { throw StudyError.noCompletedTrials(study: name) }
        return value
    }

    /// The best complete trials, ordered by trial number; empty when no trial is complete.
    ///
    /// Feasibility ranks first: only trials whose constraints all hold (``FrozenTrial/isFeasible``) compete, or,
    /// when none is feasible, only those with the smallest ``FrozenTrial/violation``. Among them:
    /// - one objective: **every** trial whose value ties with the best, exactly (`tolerance` 0) or within an
    ///   absolute `tolerance`;
    /// - several objectives: the **Pareto front**, the trials no other one dominates (`tolerance` is not used).
    ///
    /// ```swift
    /// let ties = try study.bestTrials()                   // e.g. three configs reaching accuracy 1.0
    /// let near = try study.bestTrials(tolerance: 0.005)  // within half a percent
    /// let front = try sizeStudy.bestTrials()             // accuracy against parameter count
    /// ```
    public func bestTrials(tolerance: Double = 0) throws -> [FrozenTrial] {
        precondition(tolerance >= 0, "Study.bestTrials: tolerance must be ≥ 0, got \(tolerance)")
        return Self.best(among: try trials(states: [.complete]), directions: directions, tolerance: tolerance)
    }

    /// The rule of ``bestTrials(tolerance:)`` applied to `trials` (complete ones, in number order) of a study with
    /// `directions`; trials without one value per direction are left out.
    static func best(among trials: [FrozenTrial], directions: [StudyDirection], tolerance: Double) -> [FrozenTrial] {
        let candidates = leastViolating(trials.filter { $0.values?.count == directions.count })
        guard directions.count > 1 else {
            guard let best = directions[0].best(of: candidates.map { $0.values![0] }) else { return [] }
            return candidates.filter { abs($0.values![0] - best) <= tolerance }
        }
        let points = candidates.map { Pareto.minimized($0.values!, directions: directions) }
        return Pareto.front(points).sorted().map { candidates[$0] }
    }

    /// The feasible trials of `trials`, or, when none is feasible, those with the smallest violation (in order).
    static func leastViolating(_ trials: [FrozenTrial]) -> [FrozenTrial] {
        guard let least = trials.map(\.violation).min() else { return [] }
        return trials.filter { $0.violation == least }
    }

    /// Throws ``StudyError/severalObjectives(study:count:)`` for a multi-objective study.
    func requireOneObjective() throws {
        if isMultiObjective { throw StudyError.severalObjectives(study: name, count: directions.count) }
    }

    /// The value of the best trial of a one-objective study (feasible first); `nil` with several objectives or
    /// none complete.
    func bestValueIfAny() throws -> Double? {
        guard !isMultiObjective else { return nil }
        return try bestTrials().first?.value
    }
}
