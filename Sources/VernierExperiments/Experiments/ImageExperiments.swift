import Foundation
import VernierData

extension SupervisedExperiment {
    /// `fashion-mnist`: Zalando's 28×28 clothing images, 10 classes; 50,000 train / 10,000 validation / 10,000
    /// test. Reads the Debian package `dataset-fashion-mnist` unless `data` names another directory. The default
    /// is the MLP 784-200-100-50-10 with Adam 1e-3, batch 64, 10 epochs; `model=cnn` trains a small CNN.
    ///
    /// ```swift
    /// let fashion = SupervisedExperiment.fashionMNIST
    /// let run = try fashion.train(try fashion.configuration(["epochs": "1"]), seed: 0, callbacks: [])
    /// ```
    public static let fashionMNIST = image(
        name: "fashion-mnist", summary: "Fashion-MNIST clothing images, 10 classes (50k/10k/10k)",
        defaultDirectory: MNIST.fashionDirectory, classNames: MNIST.fashionClassNames)

    /// `mnist`: handwritten digits from any MNIST copy in IDX format (give `data=DIR` or `--data DIR`); same split
    /// and defaults as `fashion-mnist`.
    ///
    /// ```swift
    /// let mnist = SupervisedExperiment.mnist
    /// let configuration = try mnist.configuration(["data": "/data/mnist"])
    /// ```
    public static let mnist = image(
        name: "mnist", summary: "MNIST handwritten digits (needs data=DIR), 10 classes (50k/10k/10k)",
        defaultDirectory: "", classNames: nil)

    static func image(
        name: String, summary: String, defaultDirectory: String, classNames: [String]?
    )
        -> SupervisedExperiment
    {
        SupervisedExperiment(
            name: name, summary: summary,
            keys: CommonKeys.model(
                layers: "784,200,100,50,10", activation: "relu", output: "auto", loss: "cross-entropy",
                optimizer: "adam", learningRate: "0.001", batchSize: "64", epochs: "10")
                + CommonKeys.image(data: defaultDirectory)
                + [
                    ExperimentKey(
                        "train-limit", default: "0", kind: .integer(minimum: 0),
                        help: "use only this many training images (0: all 50,000)"),
                    ExperimentKey("data-seed", default: "0", kind: .integer(minimum: 0), help: "seed of the split"),
                ],
            objectiveMetric: "val_accuracy", maximizesObjective: true, imageShape: (1, 28, 28)
        ) { configuration in
            let directory = configuration.string("data")
            guard !directory.isEmpty else {
                throw ConfigError.missingValue(key: "data", hint: "pass --data DIR (or data=DIR) with the IDX files")
            }
            let limit = configuration.integer("train-limit")
            return DataRecipe(
                source: .images(
                    directory: directory, classNames: classNames, trainLimit: limit > 0 ? limit : nil,
                    seed: UInt64(configuration.integer("data-seed"))))
        }
    }
}
