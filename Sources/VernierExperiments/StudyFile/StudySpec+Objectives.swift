import VernierTune

extension StudySpec {
    /// The direction of the first metric (the only one of a one-objective study); setting it makes the study
    /// one-objective in that direction.
    public var direction: StudyDirection {
        get { directions[0] }
        set { directions = [newValue] }
    }

    /// The first metric's name (the only one of a one-objective study); setting it makes the study optimize
    /// that metric alone.
    public var metric: String {
        get { metrics[0] }
        set { metrics = [newValue] }
    }

    /// The metrics the objective must return, in order: the optimized ones, then each metric a constraint names.
    ///
    /// ```swift
    /// spec.objectiveMetrics   // ["val_accuracy", "parameters"] for a bound on the parameter count
    /// ```
    public var objectiveMetrics: [String] { metrics + constraints.map(\.metric) }

    /// Checks the metrics of `objective` (this spec's): one direction per metric, every metric (optimized or
    /// constrained) one the objective reports, and with several metrics a sampler that handles them and no pruner.
    func validateMetrics(of objective: TunableObjective) throws(RecipeError) {
        guard !metrics.isEmpty, directions.count == metrics.count else {
            throw .directionCount(metrics: metrics, directions: directions.count)
        }
        if metrics.count > 1 {
            guard sampler.supportsSeveralObjectives else {
                let several = SamplerKind.allCases.filter(\.supportsSeveralObjectives).map(\.rawValue)
                throw .needsOneObjective(
                    "the \(sampler.rawValue) sampler optimizes one metric; with several use "
                        + several.joined(separator: ", "))
            }
            guard pruner.kind == .none else {
                throw .needsOneObjective(
                    "pruning is defined for one metric; run a study of several metrics without a pruner")
            }
        }
        // A command reports what it likes, and a study evaluated outside Vernier names its values itself.
        let free = command != nil || objective.name == TunableObjective.externalName
        let known: Set<String>? = objective.metricNames ?? (free ? nil : Set(objective.metrics))
        if let known {
            for name in metrics where !known.contains(name) {
                throw .unknownMetric(name, objective: objective.name, known: known.sorted())
            }
            for constraint in constraints where !known.contains(constraint.metric) {
                throw .unknownConstrainedMetric(constraint.metric, objective: objective.name, known: known.sorted())
            }
        }
    }
}
