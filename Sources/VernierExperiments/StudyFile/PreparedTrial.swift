import VernierTraining

/// A trial's parameters validated once (``TunableObjective/experiment(_:tuning:)``): the typed configuration and,
/// for a supervised experiment, its typed recipe and fused-group key, which everything after reads.
struct PreparedTrial: Sendable {
    /// The validated settings (experiments that are not supervised train from these).
    let configuration: ExperimentConfiguration
    /// The typed run every engine trains from.
    let recipe: TrainingRecipe?
    /// What the trial shares with the trials it may train beside in a fused group.
    let groupKey: FusedGroupKey?
    /// The epochs the trial is configured for (the recipe's; ``Experiment/plannedEpochs(_:)`` of an experiment
    /// that is not supervised).
    let plannedEpochs: Int?

    /// Validates `configuration` of `experiment` into its recipe (a supervised experiment) with `seed`.
    init(_ experiment: any Experiment, _ configuration: ExperimentConfiguration, seed: UInt64) throws {
        self.configuration = configuration
        guard let supervised = experiment as? SupervisedExperiment else {
            recipe = nil
            groupKey = nil
            plannedEpochs = experiment.plannedEpochs(configuration)
            return
        }
        let data = try supervised.dataRecipe(configuration)
        let recipe = try supervised.recipe(configuration, data: data, seed: seed)
        self.recipe = recipe
        plannedEpochs = recipe.epochs
        groupKey = FusedGroupKey(experiment: supervised.name, data: data, recipe: recipe)
    }

    /// The fused plan of the trial, or `nil` when the fused step cannot train it.
    func plan(metric: String) -> FusedTrainingPlan? {
        guard let recipe, let groupKey else { return nil }
        return FusedTrainingPlan(recipe, groupKey: groupKey, metric: metric)
    }
}
