/// The built-in experiments by name, in listing order.
///
/// ```swift
/// let experiment = try ExperimentRegistry.experiment(named: "iris")
/// ExperimentRegistry.names   // ["spirals", "cubic", "iris", "fashion-mnist", "mnist", "csv"]
/// ```
public enum ExperimentRegistry {
    /// Every built-in experiment.
    public static let all: [any Experiment] = [
        SupervisedExperiment.spirals, SupervisedExperiment.cubic, SupervisedExperiment.iris,
        SupervisedExperiment.fashionMNIST, SupervisedExperiment.mnist, SupervisedExperiment.csv,
    ]

    /// The experiment names.
    public static var names: [String] { all.map(\.name) }

    /// The experiment called `name`, or an error listing the valid names.
    public static func experiment(named name: String) throws(ConfigError) -> any Experiment {
        guard let experiment = all.first(where: { $0.name == name.lowercased() }) else {
            throw ConfigError.unknownExperiment(name, valid: names)
        }
        return experiment
    }
}
