extension Study {
    /// The best complete trial (the lowest-numbered one among ties); throws ``StudyError/noCompletedTrials(study:)``.
    ///
    /// ```swift
    /// let best = try study.bestTrial()
    /// print(best.value!, best.externalParameters)
    /// ```
    public func bestTrial() throws -> FrozenTrial {
        guard let best = try bestTrials().first else { throw StudyError.noCompletedTrials(study: name) }
        return best
    }

    /// The best complete value; throws ``StudyError/noCompletedTrials(study:)``.
    ///
    /// ```swift
    /// let value = try study.bestValue()
    /// ```
    public func bestValue() throws -> Double {
        guard let value = try bestValueIfAny() else { throw StudyError.noCompletedTrials(study: name) }
        return value
    }

    /// **Every** complete trial whose value ties with the best: exactly (`tolerance` 0), or within an absolute
    /// `tolerance`. Ordered by trial number; empty when no trial is complete.
    ///
    /// ```swift
    /// let ties = try study.bestTrials()                   // e.g. three configs reaching accuracy 1.0
    /// let near = try study.bestTrials(tolerance: 0.005)  // within half a percent
    /// ```
    public func bestTrials(tolerance: Double = 0) throws -> [FrozenTrial] {
        precondition(tolerance >= 0, "Study.bestTrials: tolerance must be ≥ 0, got \(tolerance)")
        let complete = try trials(states: [.complete]).filter { $0.value != nil }
        guard let best = direction.best(of: complete.map { $0.value! }) else { return [] }
        return complete.filter { abs($0.value! - best) <= tolerance }
    }
}
