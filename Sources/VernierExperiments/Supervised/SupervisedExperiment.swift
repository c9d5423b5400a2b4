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
///     objectiveMetric: "val_accuracy", maximizesObjective: true) { configuration in splits }
/// ```
public struct SupervisedExperiment: Experiment {
    /// Loads the data for a configuration (from the cache where possible).
    public typealias DataSource = @Sendable (ExperimentConfiguration) throws -> DatasetSplits

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
    let data: DataSource

    /// Creates an experiment from its keys and data source.
    public init(
        name: String, summary: String, keys: [ExperimentKey], objectiveMetric: String, maximizesObjective: Bool,
        imageShape: (channels: Int, height: Int, width: Int)? = nil, data: @escaping DataSource
    ) {
        self.name = name
        self.summary = summary
        self.keys = keys
        self.objectiveMetric = objectiveMetric
        self.maximizesObjective = maximizesObjective
        self.imageShape = imageShape
        self.data = data
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
            setting: configuration.string("output"), loss: try Loss(parsing: configuration.string("loss")),
            classLabels: !(try data(configuration)).classNames.isEmpty)
    }

    /// What loading the data decided that a person should know (how a CSV label column was read); loads the data.
    ///
    /// ```swift
    /// try SupervisedExperiment.csv.dataNotes(configuration)   // ["label 'y': 3 classes (whole numbers 0–2); …"]
    /// ```
    public func dataNotes(_ configuration: ExperimentConfiguration) throws -> [String] {
        try data(configuration).notes
    }

    /// Loads the data and adapts the targets to the loss; returns the splits and the layer sizes. Throws when the
    /// settings contradict each other or the data (the output activation and the loss, the layer sizes).
    public func prepare(_ configuration: ExperimentConfiguration) throws -> (splits: DatasetSplits, sizes: [Int]) {
        var splits = try data(configuration)
        let loss = try Loss(parsing: configuration.string("loss"))
        let classes = splits.classNames.count
        _ = try OutputActivation(setting: configuration.string("output"), loss: loss, classLabels: classes > 0)
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
        let isCNN = imageShape != nil && configuration.string("model") == "cnn"
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
        if keys.contains(where: { $0.name == "standardize" }) && configuration.bool("standardize") {
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

    /// Loads the data, builds the model and optimizer the configuration names, and trains.
    public func train(
        _ configuration: ExperimentConfiguration, seed: UInt64, callbacks: [any TrainingCallback]
    )
        throws -> ExperimentRun
    {
        let (splits, sizes) = try prepare(configuration)
        let loss = try Loss(parsing: configuration.string("loss"))
        let output = try OutputActivation(
            setting: configuration.string("output"), loss: loss, classLabels: !splits.classNames.isEmpty)
        var generator = Xoshiro256(seed: seed)
        let model = try buildModel(configuration, sizes: sizes, output: output.activation, using: &generator)
        let kind = try OptimizerKind(parsing: configuration.string("optimizer"))
        let optimizer = kind.makeOptimizer(
            learningRate: Float(configuration.double("lr")),
            momentum: configuration.optionalDouble("momentum").map(Float.init),
            weightDecay: Float(configuration.double("weight-decay")))
        var trainer = Trainer(
            loss: loss, batchSize: configuration.integer("batch-size"), epochs: configuration.integer("epochs"),
            metrics: splits.classNames.isEmpty ? [.meanSquaredError] : [.accuracy], callbacks: callbacks)
        if let imageShape, configuration.bool("augment") {
            let fill = splits.train.features.withUnsafeBufferPointer { $0.min() ?? 0 }
            trainer.augmentation =
                ImageAugmentation(
                    channels: imageShape.channels, height: imageShape.height, width: imageShape.width, padding: 2,
                    horizontalFlip: true, maxRotationDegrees: 8, maxTranslation: 1, fill: fill
                ).transform
        }
        let (trained, history) = try Self.fit(
            model, optimizer: optimizer, trainer: trainer, splits: splits, using: &generator)
        let metrics = trainer.metrics
        let test = splits.test
        let evaluation: (() -> [String: Double])? =
            test.count == 0
            ? nil
            : {
                let result = evaluate(trained, on: test, loss: loss, metrics: metrics)
                var values = ["test_loss": result.loss]
                for (name, value) in result.metrics { values["test_\(name)"] = value }
                return values
            }
        return ExperimentRun(history: history, model: trained, testEvaluation: evaluation)
    }

    /// Opens the model and optimizer existentials once so the whole loop runs on concrete types.
    static func fit<Model: Layer, Opt: Optimizer>(
        _ model: Model, optimizer: Opt, trainer: Trainer, splits: DatasetSplits,
        using generator: inout Xoshiro256
    ) throws -> (any Layer, TrainingHistory) {
        var model = model
        var optimizer = optimizer
        let history = try trainer.fit(
            &model, optimizer: &optimizer, on: splits.train, validation: splits.validation, using: &generator)
        return (model, history)
    }

    /// The MLP of `layers`, or for `model=cnn` two conv/pool blocks and a 128-unit dense layer, ending in `output`
    /// (resolved by ``outputActivation(_:)``).
    func buildModel(
        _ configuration: ExperimentConfiguration, sizes: [Int], output: Activation?, using generator: inout Xoshiro256
    ) throws
        -> any Layer
    {
        let activation = try Activation(parsing: configuration.string("activation"))
        let dropout = Float(configuration.double("dropout"))
        guard dropout < 1 else {
            throw ConfigError.invalidValue(
                key: "dropout", value: configuration.string("dropout"), expected: "a probability in [0, 1)",
                location: nil)
        }
        if let imageShape, configuration.string("model") == "cnn" {
            let (channels, height, width) = imageShape
            // ReLU runs inside the convolution (one pass with the bias); other activations are layers of their own.
            let fused: FusedActivation = activation == .relu ? .relu : .identity
            var layers: [any Layer] = [Reshape(shape: [channels, height, width])]
            for (inputs, outputs) in [(channels, 16), (16, 32)] {
                layers.append(
                    Conv2D(
                        inputChannels: inputs, outputChannels: outputs, kernelSize: 3, padding: 1, activation: fused,
                        using: &generator))
                if fused == .identity { layers.append(activation.layer) }
                layers.append(MaxPool2D(kernelSize: 2))
            }
            layers += [
                Flatten(),
                Linear(inputSize: 32 * (height / 4) * (width / 4), outputSize: 128, using: &generator),
                activation.layer,
            ]
            if dropout > 0 { layers.append(Dropout(probability: dropout)) }
            layers.append(Linear(inputSize: 128, outputSize: sizes.last!, using: &generator))
            if let output { layers.append(output.layer) }
            return Sequential(layers)
        }
        return MLP(sizes: sizes, activation: activation, output: output, dropout: dropout, using: &generator)
    }
}
