import VernierData

extension SupervisedExperiment {
    /// `cubic`: regression of 80 noisy points of `1.3x³ − 3x² + 3.6x + 6.9` with a 1-100-1 ReLU network, full-batch
    /// Adam (learning rate 0.01) for 2000 steps.
    ///
    /// ```swift
    /// let cubic = SupervisedExperiment.cubic
    /// let metrics = try cubic.run(try cubic.configuration(["epochs": "500"]), seed: 0)
    /// ```
    public static let cubic = SupervisedExperiment(
        name: "cubic", summary: "regression of a noisy cubic (80 points, 1-100-1, full batch)",
        keys: CommonKeys.model(
            layers: "1,100,1", activation: "relu", output: "auto", loss: "mse", optimizer: "adam",
            learningRate: "0.01", batchSize: "80", epochs: "2000")
            + [
                ExperimentKey("points", default: "80", kind: .integer(minimum: 1), help: "training points"),
                ExperimentKey(
                    "validation-size", default: "0", kind: .integer(minimum: 0), help: "extra points for validation"),
                ExperimentKey(
                    "noise", default: "1", kind: .number(minimum: 0), help: "standard deviation of the noise"),
                ExperimentKey("data-seed", default: "42", kind: .integer(minimum: 0), help: "seed of the points"),
            ],
        objectiveMetric: "train_loss", maximizesObjective: false
    ) { configuration in
        DataRecipe(
            source: .cubic(
                points: configuration.integer("points"), validation: configuration.integer("validation-size"),
                noise: configuration.double("noise"), seed: UInt64(configuration.integer("data-seed"))))
    }
}
