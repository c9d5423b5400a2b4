import Foundation
import VernierData
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierReports
import VernierTraining

/// `vernier lab optimizers`: SGD vs momentum vs RMSProp vs Adam on the Fashion-MNIST MLP benchmark
/// (784-200-100-50-10) with validation curves and test accuracy, then the small CNN with Adam, without and with
/// augmentation. Uses the `fashion-mnist` experiment (a training subset by default, `train-limit=0` for all
/// 50,000); `data=spirals` runs the optimizer comparison on the spirals MLP instead (no CNN).
///
/// ```swift
/// let lab = OptimizersLab()
/// let result = try lab.run(try lab.configuration(["train-limit": "2000", "epochs": "1", "cnn": "false"]))
/// result.runs.map { ($0.name, $0.testAccuracy) }
/// ```
public struct OptimizersLab: LabExperiment {
    /// One training run.
    public struct Run: Codable, Sendable {
        /// "mlp adam", "cnn adam + augment", …
        public var name: String
        /// Validation accuracy per epoch.
        public var validationAccuracy: [Double]
        /// Validation loss per epoch.
        public var validationLoss: [Double]
        /// Accuracy on the test set.
        public var testAccuracy: Double
        /// Training seconds.
        public var seconds: Double
    }

    /// Every run.
    public struct Result: Codable, Sendable {
        /// `fashion-mnist` or `spirals`.
        public var data: String
        /// The runs in order.
        public var runs: [Run]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "optimizers"
    /// One line for `vernier lab list`.
    public let summary = "SGD vs momentum vs RMSProp vs Adam on the Fashion-MNIST MLP; MLP vs CNN, ± augmentation"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("data", default: "fashion-mnist", kind: .choice(["fashion-mnist", "spirals"]), help: "data set"),
        ExperimentKey(
            "data-dir", default: MNIST.fashionDirectory, kind: .text, help: "directory of the Fashion-MNIST IDX files"),
        ExperimentKey(
            "train-limit", default: "5000", kind: .integer(minimum: 0), help: "training images (0: all 50,000)"),
        ExperimentKey("epochs", default: "2", kind: .integer(minimum: 1), help: "epochs per run"),
        ExperimentKey(
            "optimizers", default: "sgd,momentum,rmsprop,adam", kind: .text, help: "optimizers compared on the MLP"),
        ExperimentKey("sgd-lr", default: "0.1", kind: .number(minimum: 0), help: "SGD learning rate"),
        ExperimentKey("momentum-lr", default: "0.01", kind: .number(minimum: 0), help: "momentum (0.9) learning rate"),
        ExperimentKey("rmsprop-lr", default: "0.001", kind: .number(minimum: 0), help: "RMSProp learning rate"),
        ExperimentKey("adam-lr", default: "0.001", kind: .number(minimum: 0), help: "Adam learning rate"),
        ExperimentKey("cnn", default: "true", kind: .boolean, help: "also train the CNN with Adam (fashion-mnist)"),
        ExperimentKey("augment", default: "true", kind: .boolean, help: "also train the CNN with augmentation"),
        ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "seed of every run"),
    ]

    /// The typed settings: every run, named, as a validated configuration of the experiment it trains.
    public struct Settings: Sendable {
        /// The data set's name (`fashion-mnist` or `spirals`).
        public var data: String
        /// The experiment every run trains.
        public var experiment: SupervisedExperiment
        /// The runs in order: the MLP with each optimizer, then the CNN (fashion-mnist), without and with
        /// augmentation.
        public var runs: [(name: String, configuration: ExperimentConfiguration)]
        /// The seed of every run.
        public var seed: UInt64
    }

    /// Reads the keys once (`optimizers` as a subset of sgd, momentum, rmsprop, adam) and validates every run's
    /// configuration before the first one trains.
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        let data = configuration.string("data")
        let text = configuration.string("optimizers")
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let valid: [OptimizerSettings.Name] = [.sgd, .momentum, .rmsprop, .adam]
        let kinds = names.compactMap { name in valid.first { $0.rawValue == name } }
        guard !names.isEmpty, kinds.count == names.count else {
            throw ConfigError.invalidValue(
                key: "optimizers", value: text,
                expected: "a comma-separated subset of \(valid.map(\.rawValue).joined(separator: ", "))",
                location: "--set")
        }
        let experiment: SupervisedExperiment = data == "spirals" ? .spirals : .fashionMNIST
        var base: [String: SettingValue] = ["epochs": .integer(configuration.integer("epochs"))]
        if data == "spirals" {
            base.merge(
                [
                    "layers": .layerSizes([.size(2), .size(32), .size(32), .size(1)]), "activation": .activation(.tanh),
                    "output": .none, "loss": .loss(.binaryCrossEntropyWithLogits), "batch-size": .integer(32),
                    "train-size": .integer(2000), "validation-size": .integer(500), "test-size": .integer(1000),
                ], uniquingKeysWith: { $1 })
        } else {
            base["data"] = .text(configuration.string("data-dir"))
            base["train-limit"] = .integer(configuration.integer("train-limit"))
        }
        func run(
            _ name: String, _ overrides: [String: SettingValue]
        ) throws(ConfigError) -> (
            name: String, configuration: ExperimentConfiguration
        ) {
            (name, try experiment.configuration(settings: base.merging(overrides, uniquingKeysWith: { $1 })))
        }
        var runs: [(name: String, configuration: ExperimentConfiguration)] = []
        for kind in kinds {
            let rate = SettingValue.number(configuration.double("\(kind.rawValue)-lr"))
            runs.append(try run("mlp \(kind.rawValue)", ["optimizer": .optimizer(kind), "lr": rate]))
        }
        if data == "fashion-mnist" && configuration.bool("cnn") {
            let cnn: [String: SettingValue] = [
                "model": .choice("cnn"), "optimizer": .optimizer(.adam), "lr": .number(configuration.double("adam-lr")),
            ]
            runs.append(try run("cnn adam", cnn))
            if configuration.bool("augment") {
                runs.append(try run("cnn adam + augment", cnn.merging(["augment": .boolean(true)]) { $1 }))
            }
        }
        return Settings(data: data, experiment: experiment, runs: runs, seed: UInt64(configuration.integer("seed")))
    }

    /// Runs the experiment, writing a line per run started and about 25 epoch lines per run to `progress`.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        var runs: [Run] = []
        for (name, configuration) in settings.runs {
            progress.write("[\(runs.count + 1)/\(settings.runs.count)] \(name)\n")
            let reporter = ProgressReporter(live: false) { progress.write("  " + $0) }
            let run = try settings.experiment.train(configuration, seed: settings.seed, callbacks: [reporter])
            let epochs = run.history.epochs
            runs.append(
                Run(
                    name: name, validationAccuracy: epochs.map { $0.validationMetrics["accuracy"] ?? .nan },
                    validationLoss: epochs.map { $0.validationLoss ?? .nan },
                    testAccuracy: run.evaluateTest()["test_accuracy"] ?? .nan,
                    seconds: epochs.reduce(0) { $0 + $1.seconds }))
        }
        return Result(data: settings.data, runs: runs)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let table = LabSupport.table(
            ["run", "final_val_accuracy", "test_accuracy", "seconds"],
            result.runs.map {
                [
                    $0.name, LabSupport.format($0.validationAccuracy.last ?? .nan, digits: 4),
                    LabSupport.format($0.testAccuracy, digits: 4), LabSupport.format($0.seconds, digits: 3),
                ]
            })
        var epochRows: [[String]] = []
        for run in result.runs {
            for epoch in run.validationAccuracy.indices {
                epochRows.append([
                    run.name, String(epoch + 1), LabSupport.format(run.validationLoss[epoch]),
                    LabSupport.format(run.validationAccuracy[epoch], digits: 4),
                ])
            }
        }
        var report = Report(title: "Optimizers on \(result.data)")
        report.sections.append(
            ReportSection(
                title: "Validation accuracy",
                chart: LabSupport.lineChart(
                    title: "validation accuracy per epoch", x: "epoch", y: "accuracy",
                    lines: result.runs.map { run in
                        (run.name, LabSupport.perEpoch(run.validationAccuracy))
                    })))
        report.sections.append(
            ReportSection(
                title: "Validation loss",
                chart: LabSupport.lineChart(
                    title: "validation loss per epoch", x: "epoch", y: "loss", logY: true,
                    lines: result.runs.map { run in
                        (run.name, LabSupport.perEpoch(run.validationLoss))
                    })))
        report.sections.append(ReportSection(title: "Test accuracy", table: table))
        return LabArtifacts(
            text: "optimizers on \(result.data)\n" + table.markdown(),
            tables: [
                "runs": table, "epochs": LabSupport.table(["run", "epoch", "val_loss", "val_accuracy"], epochRows),
            ],
            report: report)
    }
}
