import VernierExperiments

/// The optimization-lab experiments by name, in course order (`vernier lab list`).
///
/// ```swift
/// let lab = try LabRegistry.experiment(named: "momentum")
/// print(try lab.execute(["kappa": "100"], writingTo: nil))
/// ```
public enum LabRegistry {
    /// Every lab experiment.
    public static let all: [any LabExperiment] = [
        MinimizeLab(), RandomSearchLab(), NeighborSearchLab(), GradientDescentLab(), LinearRegressionLab(),
        NewtonLab(), MomentumLab(), RMSPropLab(), LandscapeLab(), OverparameterizationLab(), MinibatchLab(),
        OptimizersLab(), WeightsLab(),
    ]

    /// The experiment names.
    public static var names: [String] { all.map(\.name) }

    /// The experiment called `name`, or an error listing the valid names.
    public static func experiment(named name: String) throws(ConfigError) -> any LabExperiment {
        guard let experiment = all.first(where: { $0.name == name.lowercased() }) else {
            throw ConfigError.unknownExperiment(name, valid: names)
        }
        return experiment
    }
}
