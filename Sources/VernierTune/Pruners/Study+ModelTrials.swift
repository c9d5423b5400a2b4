extension Study {
    /// The trials a model-based sampler (``TPESampler``, ``GPSampler``) learns from when it samples `trial`: every
    /// trial of the study, or, when the study prunes with a ``HyperbandPruner``, only those of `trial`'s bracket (as
    /// Optuna's TPE does). Brackets stop trials at different epochs, so their values are not comparable; each
    /// bracket's model sees only its own. Samplers that ignore the history (random, Sobol, grid) are unaffected.
    ///
    /// ```swift
    /// let history = try study.modelTrials(for: trial)   // same bracket as `trial` under Hyperband
    /// ```
    public func modelTrials(for trial: FrozenTrial) throws -> [FrozenTrial] {
        let all = try trials()
        guard let hyperband = pruner as? HyperbandPruner else { return all }
        let bracket = hyperband.bracket(of: trial, studyName: name)
        return all.filter { hyperband.bracket(of: $0, studyName: name) == bracket }
    }
}
