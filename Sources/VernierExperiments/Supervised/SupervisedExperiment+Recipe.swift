import VernierData
import VernierNN
import VernierOptimizers
import VernierTraining

extension SupervisedExperiment {
    /// Validates `configuration` once into a typed ``TrainingRecipe``: loads and prepares the data (``prepare(_:)``:
    /// targets in the loss's form, layer sizes checked against the data), resolves the output activation against
    /// the loss (``OutputActivation``), parses the activation, loss and optimizer names and reads every number.
    /// Throws ``ConfigError`` naming the key (and ``OutputActivation``'s coherence errors) before anything trains.
    ///
    /// ```swift
    /// let recipe = try SupervisedExperiment.spirals.recipe(try SupervisedExperiment.spirals.configuration([:]), seed: 0)
    /// recipe.optimizer   // .adam(learningRate: 0.01, …)
    /// ```
    public func recipe(_ configuration: ExperimentConfiguration, seed: UInt64) throws -> TrainingRecipe {
        let (splits, sizes) = try prepare(configuration)
        let loss = try Loss(parsing: configuration.string("loss"))
        let output = try OutputActivation(
            setting: configuration.string("output"), loss: loss, classLabels: !splits.classNames.isEmpty)
        let activation = try Activation(parsing: configuration.string("activation"))
        let dropout = Float(configuration.double("dropout"))
        guard dropout < 1 else {
            throw ConfigError.invalidValue(
                key: "dropout", value: configuration.string("dropout"), expected: "a probability in [0, 1)",
                location: nil)
        }
        let optimizer = try OptimizerKind(parsing: configuration.string("optimizer")).settings(
            learningRate: Float(configuration.double("lr")),
            momentum: configuration.optionalDouble("momentum").map(Float.init),
            weightDecay: Float(configuration.double("weight-decay")))
        let model: ModelRecipe
        var augmentation: ImageAugmentation?
        if let imageShape, configuration.string("model") == "cnn" {
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
            epochs: configuration.integer("epochs"),
            metrics: splits.classNames.isEmpty ? [.meanSquaredError] : [.accuracy], augmentation: augmentation,
            seed: seed, data: splits)
    }
}
