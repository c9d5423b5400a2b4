import Foundation
import VernierData
import VernierExperiments
import VernierNN
import VernierReports
import VernierTensor
import VernierTrainingReports

/// `vernier lab weights`: trains a linear classifier (or, with `layers=784,H,10`, an MLP) on Fashion-MNIST and
/// shows each output class's weights (or the first layer's units) as a 28×28 image next to the class-mean
/// images; for the linear model each class's weight image correlates with its class mean minus the overall mean.
///
/// ```swift
/// let lab = WeightsLab()
/// let result = try lab.run(try lab.configuration(["train-limit": "2000"]))
/// result.correlations   // one per class, mostly positive
/// ```
public struct WeightsLab: LabExperiment {
    /// The images and how they relate to the data.
    public struct Result: Codable, Sendable {
        /// The first layer's weights, one 784-pixel image per unit (per class for the linear model).
        public var weights: [[Double]]
        /// The class names (Fashion-MNIST).
        public var classNames: [String]
        /// Per-class mean images minus the overall mean image, one per class.
        public var classMeans: [[Double]]
        /// Correlation of unit k's weights with class k's centred mean (linear model only; empty otherwise).
        public var correlations: [Double]
        /// Test accuracy of the trained model.
        public var testAccuracy: Double
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "weights"
    /// One line for `vernier lab list`.
    public let summary = "per-class weight images of a linear (or MLP first-layer) model on 28×28 Fashion-MNIST"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey(
            "data-dir", default: MNIST.fashionDirectory, kind: .text, help: "directory of the Fashion-MNIST IDX files"),
        ExperimentKey("layers", default: "784,10", kind: .layerSizes, help: "784,10 (linear) or 784,H,…,10 (MLP)"),
        ExperimentKey("train-limit", default: "5000", kind: .integer(minimum: 0), help: "training images (0: all)"),
        ExperimentKey("epochs", default: "3", kind: .integer(minimum: 1), help: "epochs"),
        ExperimentKey("lr", default: "0.001", kind: .number(minimum: 0), help: "Adam learning rate"),
        ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "seed"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// The `fashion-mnist` experiment's configuration: the data, the model, Adam's learning rate and epochs.
        public var training: ExperimentConfiguration
        /// The seed of the run.
        public var seed: UInt64
    }

    /// Reads the keys once; the run becomes a configuration of the `fashion-mnist` experiment.
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        let training = try SupervisedExperiment.fashionMNIST.configuration(settings: [
            "data": .text(configuration.string("data-dir")), "layers": configuration.value("layers"),
            "train-limit": .integer(configuration.integer("train-limit")),
            "epochs": .integer(configuration.integer("epochs")), "lr": .number(configuration.double("lr")),
            "optimizer": .optimizer(.adam),
        ])
        return Settings(training: training, seed: UInt64(configuration.integer("seed")))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let experiment = SupervisedExperiment.fashionMNIST
        let splits = try experiment.prepare(settings.training).splits
        let run = try experiment.train(settings.training, seed: settings.seed, callbacks: [])
        guard let mlp = run.model as? MLP else {
            throw ConfigError.inconsistent("weights: expected an MLP model (layers=784,…,10)")
        }
        let weight = mlp.linears[0].weight
        let (pixels, units) = (weight.shape[0], weight.shape[1])
        let scalars = weight.scalars
        let weights = (0..<units).map { unit in (0..<pixels).map { Double(scalars[$0 * units + unit]) } }
        // Class means minus the overall mean.
        let features = splits.train.features.scalars
        let labels = splits.train.classIndices
        let classes = splits.classNames.count
        var sums = [[Double]](repeating: [Double](repeating: 0, count: pixels), count: classes)
        var counts = [Int](repeating: 0, count: classes)
        var overall = [Double](repeating: 0, count: pixels)
        for (index, label) in labels.enumerated() {
            counts[label] += 1
            for p in 0..<pixels {
                let value = Double(features[index * pixels + p])
                sums[label][p] += value
                overall[p] += value
            }
        }
        overall = overall.map { $0 / Double(max(labels.count, 1)) }
        let means = (0..<classes).map { c in (0..<pixels).map { sums[c][$0] / Double(max(counts[c], 1)) - overall[$0] }
        }
        let correlations =
            units == classes && mlp.linears.count == 1
            ? (0..<classes).map { Self.correlation(weights[$0], means[$0]) } : []
        return Result(
            weights: weights, classNames: splits.classNames, classMeans: means, correlations: correlations,
            testAccuracy: run.evaluateTest()["test_accuracy"] ?? .nan)
    }

    /// Pearson correlation.
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let meanA = a.reduce(0, +) / n
        let meanB = b.reduce(0, +) / n
        var (ab, aa, bb) = (0.0, 0.0, 0.0)
        for (x, y) in zip(a, b) {
            ab += (x - meanA) * (y - meanB)
            aa += (x - meanA) * (x - meanA)
            bb += (y - meanB) * (y - meanB)
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    }

    /// Images as a `[pixels, k]` tensor for ``WeightImages``.
    static func tensor(_ images: [[Double]]) -> Tensor {
        let pixels = images.first?.count ?? 0
        var scalars = [Float](repeating: 0, count: pixels * images.count)
        for (k, image) in images.enumerated() {
            for p in 0..<pixels { scalars[p * images.count + k] = Float(image[p]) }
        }
        return Tensor(shape: [pixels, images.count], scalars: scalars)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let isLinear = !result.correlations.isEmpty
        let names = isLinear ? result.classNames : (0..<result.weights.count).map { "unit \($0)" }
        let shown = Array(result.weights.prefix(isLinear ? result.weights.count : 32))
        var weightChart = WeightImages(weights: Self.tensor(shown), classNames: names).chart()
        weightChart.title = isLinear ? "weights of each class" : "first-layer weights (first \(shown.count) units)"
        var meanChart = WeightImages(weights: Self.tensor(result.classMeans), classNames: result.classNames).chart()
        meanChart.title = "class mean − overall mean"
        var rows: [[String]] = []
        for (k, image) in result.weights.enumerated() {
            rows.append([names[k]] + image.map { LabSupport.format($0, digits: 5) })
        }
        let weights = LabSupport.table(["unit"] + (0..<(result.weights.first?.count ?? 0)).map { "p\($0)" }, rows)
        let correlationTable = LabSupport.table(
            ["class", "correlation"],
            result.correlations.enumerated().map { [result.classNames[$0], LabSupport.format($1, digits: 3)] })
        var report = Report(
            title: "Weight images", summary: ["test accuracy \(LabSupport.format(result.testAccuracy, digits: 4))"])
        report.sections.append(ReportSection(title: "Weights", chart: weightChart, width: 800, height: 420))
        report.sections.append(
            ReportSection(
                title: "Class means", chart: meanChart, table: isLinear ? correlationTable : nil, width: 800,
                height: 420))
        var text = "weights: test accuracy \(LabSupport.format(result.testAccuracy, digits: 4))\n"
        if isLinear {
            text += "correlation of each class's weights with its centred mean image\n" + correlationTable.markdown()
        }
        return LabArtifacts(
            text: text, tables: ["weights": weights, "correlations": correlationTable], report: report)
    }
}
