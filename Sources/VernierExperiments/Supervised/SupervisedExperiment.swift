import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// A supervised experiment assembled from a data source and the common model keys: an MLP (or, for images, a
/// small CNN) trained with the chosen loss and optimizer. Every built-in experiment is one of these.
///
/// Targets are adapted to the loss: class-index losses (cross-entropy, NLL) get indices; element-wise losses
/// (MSE, BCE) get a `[N, 1]` column for one output or one-hot rows for several.
///
/// ```swift
/// let experiment = SupervisedExperiment(
///     name: "xor", summary: "four points", keys: CommonKeys.model(...),
///     objectiveMetric: "val_accuracy", maximizesObjective: true
/// ) { configuration in DataRecipe(source: .spirals(train: 4, validation: 0, test: 0, noise: 0, seed: 1)) }
/// ```
public struct SupervisedExperiment: Experiment {
    /// Reads a configuration's data settings once into a ``DataRecipe`` (throws ``ConfigError`` for settings that
    /// contradict each other).
    public typealias DataSource = @Sendable (ExperimentConfiguration) throws -> DataRecipe

    /// The name on the command line.
    public let name: String
    /// One line for listings.
    public let summary: String
    /// Every key with its default and meaning.
    public let keys: [ExperimentKey]
    /// The metric a tuner optimizes by default.
    public let objectiveMetric: String
    /// Whether larger values of the objective are better.
    public let maximizesObjective: Bool
    /// The image size `(channels, height, width)` for image experiments (enables `model=cnn` and `augment`).
    public let imageShape: (channels: Int, height: Int, width: Int)?
    /// Settings that are known to learn the task where the defaults do not (in order, as `key=value`), which
    /// `vernier train` suggests when a run ends barely above chance (``VernierTraining/ChanceComparison``); empty
    /// when the defaults learn it.
    public let learningSettings: [(key: String, value: String)]
    let dataSource: DataSource

    /// Creates an experiment from its keys and data source.
    public init(
        name: String, summary: String, keys: [ExperimentKey], objectiveMetric: String, maximizesObjective: Bool,
        imageShape: (channels: Int, height: Int, width: Int)? = nil,
        learningSettings: [(key: String, value: String)] = [], data: @escaping DataSource
    ) {
        self.name = name
        self.summary = summary
        self.keys = keys
        self.objectiveMetric = objectiveMetric
        self.maximizesObjective = maximizesObjective
        self.imageShape = imageShape
        self.learningSettings = learningSettings
        self.dataSource = data
    }

    /// The output activation `configuration` trains with: its `output` setting resolved against its loss and the
    /// data's targets (see ``OutputActivation``); throws when the two contradict each other.
    ///
    /// ```swift
    /// let output = try SupervisedExperiment.spirals.outputActivation(configuration)
    /// print(output.note ?? "output=\(output.name)")   // "output=auto: sigmoid (loss mse compares …)"
    /// ```
    public func outputActivation(_ configuration: ExperimentConfiguration) throws -> OutputActivation {
        try OutputActivation(
            setting: configuration.value("output"), loss: configuration.loss("loss"),
            classLabels: !(try dataRecipe(configuration).load()).classNames.isEmpty)
    }

    /// The data settings of `configuration` as a typed ``DataRecipe``, read once.
    public func dataRecipe(_ configuration: ExperimentConfiguration) throws -> DataRecipe {
        try dataSource(configuration)
    }

    /// What loading the data decided that a person should know (how a CSV label column was read); loads the data.
    ///
    /// ```swift
    /// try SupervisedExperiment.csv.dataNotes(configuration)   // ["label 'y': 3 classes (whole numbers 0–2); …"]
    /// ```
    public func dataNotes(_ configuration: ExperimentConfiguration) throws -> [String] {
        try dataRecipe(configuration).load().notes
    }

    /// Loads the data and adapts the targets to the loss; returns the splits and the layer sizes. Throws when the
    /// settings contradict each other or the data (the output activation and the loss, the layer sizes).
    public func prepare(_ configuration: ExperimentConfiguration) throws -> (splits: DatasetSplits, sizes: [Int]) {
        try prepare(configuration, data: try dataRecipe(configuration))
    }

    /// ``prepare(_:)`` on the data recipe `data` already read from `configuration`.
    func prepare(
        _ configuration: ExperimentConfiguration, data: DataRecipe
    ) throws -> (splits: DatasetSplits, sizes: [Int]) {
        var splits = try data.load()
        let loss = configuration.loss("loss")
        let classes = splits.classNames.count
        _ = try OutputActivation(setting: configuration.value("output"), loss: loss, classLabels: classes > 0)
        let inputSize = splits.train.featureShape.reduce(1, *)
        let outputSize: Int
        if classes > 0 {
            outputSize = loss.takesClassIndices || classes > 2 ? classes : 1
        } else {
            if loss.takesClassIndices {
                throw ConfigError.inconsistent(
                    "loss \(loss) needs class labels, but \(name) is a regression task; use mse, mae or huber")
            }
            outputSize = splits.train.targetShape.reduce(1, *)
        }
        let sizes = configuration.layerSizes("layers", input: inputSize, output: outputSize)
        let isCNN = imageShape != nil && configuration.value("model") == .choice("cnn")
        if !isCNN {
            guard sizes.first == inputSize else {
                throw ConfigError.inconsistent(
                    "layers: the first size is \(sizes[0]) but \(name) has \(inputSize) input features (or write auto)")
            }
            guard sizes.last == outputSize || (classes == 2 && sizes.last == 2) else {
                throw ConfigError.inconsistent(
                    "layers: the last size is \(sizes.last!) but \(name) with loss \(loss) needs \(outputSize) "
                        + "output\(outputSize == 1 ? "" : "s") (or write auto)")
            }
        }
        let outputs = isCNN ? outputSize : sizes.last!
        if classes > 0 {
            splits.train = Self.adapt(splits.train, loss: loss, outputs: outputs)
            splits.validation = Self.adapt(splits.validation, loss: loss, outputs: outputs)
            splits.test = Self.adapt(splits.test, loss: loss, outputs: outputs)
        }
        if data.standardize {
            splits = splits.standardized().splits
        }
        return (splits, isCNN ? [inputSize, outputSize] : sizes)
    }

    /// Class-index targets for index losses, a `[N, 1]` column for one output, one-hot rows for several.
    static func adapt(_ dataset: TensorDataset, loss: Loss, outputs: Int) -> TensorDataset {
        guard dataset.count > 0 else { return dataset }
        let indices = Tensor(dataset.classIndices.map(Float.init))
        let targets: Tensor
        if loss.takesClassIndices {
            targets = indices
        } else if outputs == 1 {
            targets = indices.reshaped(to: [dataset.count, 1])
        } else {
            targets = oneHot(indices, classes: outputs)
        }
        return TensorDataset(features: dataset.features, targets: targets)
    }

    /// Validates `configuration` into a ``TrainingRecipe`` (see ``recipe(_:seed:)``), builds the model from it and
    /// trains.
    public func train(
        _ configuration: ExperimentConfiguration, seed: UInt64, callbacks: [any TrainingCallback]
    )
        throws -> ExperimentRun
    {
        try Self.train(try recipe(configuration, seed: seed), callbacks: callbacks)
    }

    /// Trains `recipe` and returns the run (the model, the history and its test-set evaluation).
    public static func train(_ recipe: TrainingRecipe, callbacks: [any TrainingCallback]) throws -> ExperimentRun {
        let (trained, history) = try recipe.train(callbacks: callbacks)
        return ExperimentRun(history: history, model: trained, testEvaluation: testEvaluation(trained, recipe))
    }

    /// The test-set loss and metrics of `model` under `test_` names, or `nil` without a test set.
    public static func testEvaluation(_ model: any Layer, _ recipe: TrainingRecipe) -> (() -> [String: Double])? {
        let test = recipe.data.test
        guard test.count > 0 else { return nil }
        let (loss, metrics) = (recipe.loss, recipe.metrics)
        return {
            let result = evaluate(model, on: test, loss: loss, metrics: metrics)
            var values = ["test_loss": result.loss]
            for (name, value) in result.metrics { values["test_\(name)"] = value }
            return values
        }
    }
}
