import VernierTraining

/// A trial's parameters validated once (``TunableObjective/experiment(_:tuning:)``): the typed configuration and,
/// for a supervised experiment, its typed recipe, which everything after reads.
struct PreparedTrial: Sendable {
    /// The validated settings (experiments that are not supervised train from these).
    let configuration: ExperimentConfiguration
    /// The typed run every engine trains from.
    let recipe: TrainingRecipe?
    /// The epochs the trial is configured for (the recipe's; ``Experiment/plannedEpochs(_:)`` of an experiment
    /// that is not supervised).
    let plannedEpochs: Int?

    /// Validates `configuration` of `experiment` into its recipe (a supervised experiment) with `seed`.
    init(_ experiment: any Experiment, _ configuration: ExperimentConfiguration, seed: UInt64) throws {
        self.configuration = configuration
        guard let supervised = experiment as? SupervisedExperiment else {
            recipe = nil
            plannedEpochs = experiment.plannedEpochs(configuration)
            return
        }
        let recipe = try supervised.recipe(configuration, seed: seed)
        self.recipe = recipe
        plannedEpochs = recipe.epochs
    }

    /// The grouped plan of the trial, or `nil` when a group cannot train it (``FusedTrainingPlan/support(_:metric:)``).
    func plan(metric: String) -> FusedTrainingPlan? {
        recipe.flatMap { FusedTrainingPlan($0, metric: metric) }
    }
}
