extension PrunerSettings {
    /// One setting of a pruner changed on its own (`vernier tune --max-epochs 30` over a study file's pruner).
    public enum Edit: Sendable, Equatable {
        /// `--min-epochs`.
        case minEpochs(Int)
        /// `--max-epochs`.
        case maxEpochs(Int)
        /// `--reduction-factor`.
        case reductionFactor(Int)
        /// `--warmup-epochs`.
        case warmupEpochs(Int)
        /// `--startup-trials`.
        case startupTrials(Int)
        /// `--percentile`.
        case percentile(Double)
    }

    /// Applies one changed setting.
    ///
    /// ```swift
    /// settings.apply(.maxEpochs(30))
    /// ```
    public mutating func apply(_ edit: Edit) {
        switch edit {
        case .minEpochs(let value): minEpochs = value
        case .maxEpochs(let value): maxEpochs = value
        case .reductionFactor(let value): reductionFactor = value
        case .warmupEpochs(let value): warmupEpochs = value
        case .startupTrials(let value): startupTrials = value
        case .percentile(let value): percentile = value
        }
    }
}
