import VernierData
import VernierNN
import VernierOptimizers
import VernierTraining

extension SupervisedExperiment {
    /// Validates `configuration` once into a typed ``TrainingRecipe``: loads and prepares the data (``prepare(_:)``:
    /// targets in the loss's form, layer sizes checked against the data), resolves the output activation against
    /// the loss (``OutputActivation``) and reads every typed setting.
    /// Throws ``ConfigError`` naming the key (and ``OutputActivation``'s coherence errors) before anything trains.
    ///
    /// ```swift
    /// let recipe = try SupervisedExperiment.spirals.recipe(try SupervisedExperiment.spirals.configuration([:]), seed: 0)
    /// recipe.optimizer   // .adam(learningRate: 0.01, …)
    /// ```
    public func recipe(_ configuration: ExperimentConfiguration, seed: UInt64) throws -> TrainingRecipe {
        try recipe(configuration, data: try dataRecipe(configuration), seed: seed)
    }

    /// ``recipe(_:seed:)`` on the data recipe `data` already read from `configuration`.
    func recipe(_ configuration: ExperimentConfiguration, data: DataRecipe, seed: UInt64) throws -> TrainingRecipe {
        let (splits, sizes) = try prepare(configuration, data: data)
        let loss = configuration.loss("loss")
        let output = try OutputActivation(
            setting: configuration.value("output"), loss: loss, classLabels: !splits.classNames.isEmpty)
        let activation = configuration.activation("activation")
        let dropout = Float(configuration.double("dropout"))
        guard dropout < 1 else {
            throw ConfigError.invalidValue(
                key: "dropout", value: configuration.string("dropout"), expected: "a probability in [0, 1)",
                location: nil)
        }
        let optimizer = configuration.optimizer("optimizer").settings(
            learningRate: Float(configuration.double("lr")),
            momentum: configuration.optionalDouble("momentum").map(Float.init),
            weightDecay: Float(configuration.double("weight-decay")))
        let model: ModelRecipe
        var augmentation: ImageAugmentation?
        if let imageShape, configuration.value("model") == .choice("cnn") {
            model = .cnn(
                channels: imageShape.channels, height: imageShape.height, width: imageShape.width,
                classes: sizes.last!, activation: activation, output: output.activation, dropout: dropout)
        } else {
            model = .mlp(sizes: sizes, activation: activation, output: output.activation, dropout: dropout)
        }
        if let imageShape, configuration.bool("augment") {
            let fill = splits.train.features.withUnsafeBufferPointer { $0.min() ?? 0 }
            augmentation = ImageAugmentation(
                channels: imageShape.channels, height: imageShape.height, width: imageShape.width, padding: 2,
                horizontalFlip: true, maxRotationDegrees: 8, maxTranslation: 1, fill: fill)
        }
        return TrainingRecipe(
            model: model, loss: loss, optimizer: optimizer, batchSize: configuration.integer("batch-size"),
            epochs: epochs(configuration),
            metrics: splits.classNames.isEmpty ? [.meanSquaredError] : [.accuracy], augmentation: augmentation,
            seed: seed, data: splits)
    }

    /// The epochs a run of `configuration` trains (its recipe's ``TrainingRecipe/epochs``), known without loading
    /// the data: a study's epoch budget comes from here.
    public func plannedEpochs(_ configuration: ExperimentConfiguration) -> Int? { epochs(configuration) }

    /// The `epochs` setting: the one place the recipe's epochs are read.
    func epochs(_ configuration: ExperimentConfiguration) -> Int { configuration.integer("epochs") }
}
