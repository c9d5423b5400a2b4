import VernierData

extension SupervisedExperiment {
    /// `spirals`: the two-spirals binary classification (4000 train / 1000 validation points, noise 0.4). The
    /// defaults are the workshop's: layers 2,10,1, ReLU, sigmoid output, MSE, SGD with learning rate 0.01, batch 10,
    /// 10 epochs, which do not learn the spirals with any loss (≈ 0.55 accuracy, as in PyTorch): `vernier train`
    /// then says so and suggests ``SupervisedExperiment/learningSettings`` (2-64-64-1 tanh, BCE with logits, Adam
    /// 0.003, 30 epochs: 0.97–1.0 depending on the seed).
    ///
    /// ```swift
    /// let metrics = try SupervisedExperiment.spirals.run(try SupervisedExperiment.spirals.configuration([:]), seed: 1)
    /// ```
    public static let spirals = SupervisedExperiment(
        name: "spirals", summary: "two interlaced spirals, binary classification (4000/1000 points)",
        keys: CommonKeys.model(
            layers: "2,10,1", activation: "relu", output: "auto", loss: "mse", optimizer: "sgd",
            learningRate: "0.01", batchSize: "10", epochs: "10")
            + [
                ExperimentKey(
                    "noise", default: "0.4", kind: .number(minimum: 0), help: "standard deviation of the noise"),
                ExperimentKey("train-size", default: "4000", kind: .integer(minimum: 1), help: "training points"),
                ExperimentKey(
                    "validation-size", default: "1000", kind: .integer(minimum: 0), help: "validation points"),
                ExperimentKey("test-size", default: "0", kind: .integer(minimum: 0), help: "test points"),
                ExperimentKey("data-seed", default: "1234", kind: .integer(minimum: 0), help: "seed of the points"),
            ],
        objectiveMetric: "val_accuracy", maximizesObjective: true,
        learningSettings: [
            ("layers", "2,64,64,1"), ("activation", "tanh"), ("loss", "bce-logits"), ("optimizer", "adam"),
            ("lr", "0.003"), ("epochs", "30"),
        ]
    ) { configuration in
        DataRecipe(
            source: .spirals(
                train: configuration.integer("train-size"), validation: configuration.integer("validation-size"),
                test: configuration.integer("test-size"), noise: configuration.double("noise"),
                seed: UInt64(configuration.integer("data-seed"))))
    }
}
