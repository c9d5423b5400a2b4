import VernierData

extension SupervisedExperiment {
    /// `iris`: Fisher's 150 flowers, 3 classes, stratified 80/20 train/test split; 4-16-3 ReLU network,
    /// cross-entropy, Adam 0.01, batch 16, 100 epochs. Validation is empty unless `validation-fraction` is set.
    ///
    /// ```swift
    /// let iris = SupervisedExperiment.iris
    /// let run = try iris.train(try iris.configuration([:]), seed: 0, callbacks: [])
    /// run.evaluateTest()["test_accuracy"]
    /// ```
    public static let iris = SupervisedExperiment(
        name: "iris", summary: "Fisher's iris flowers, 3 classes (120 train / 30 test)",
        keys: CommonKeys.model(
            layers: "4,16,3", activation: "relu", output: "auto", loss: "cross-entropy", optimizer: "adam",
            learningRate: "0.01", batchSize: "16", epochs: "100")
            + [
                ExperimentKey(
                    "standardize", default: "false", kind: .boolean, help: "standardize features (fitted on train)"),
                ExperimentKey(
                    "test-fraction", default: "0.2", kind: .number(minimum: 0), help: "fraction held out for test"),
                ExperimentKey(
                    "validation-fraction", default: "0", kind: .number(minimum: 0), help: "fraction for validation"),
                ExperimentKey("data-seed", default: "42", kind: .integer(minimum: 0), help: "seed of the split"),
            ],
        objectiveMetric: "val_accuracy", maximizesObjective: true
    ) { configuration in
        let test = configuration.double("test-fraction")
        let validation = configuration.double("validation-fraction")
        guard test < 1, validation < 1, test + validation < 1 else {
            throw ConfigError.inconsistent("test-fraction + validation-fraction must be below 1")
        }
        return DataRecipe(
            source: .iris(validation: validation, test: test, seed: UInt64(configuration.integer("data-seed"))),
            standardize: configuration.bool("standardize"))
    }
}
