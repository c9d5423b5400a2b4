import Foundation
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierReports
import VernierTensor

/// `vernier lab rmsprop`: RMSProp and Adam vs SGD on the ill-conditioned quadratic ½(x² + κy²) (SGD at its
/// largest stable-and-fast step 1/κ, the adaptive methods rescale each coordinate) and on an MLP for the spirals.
///
/// ```swift
/// let lab = RMSPropLab()
/// let result = try lab.run(try lab.configuration(["mlp": "false"]))
/// result.quadratic.first { $0.name == "adam" }!.finalValue   // far below SGD's
/// ```
public struct RMSPropLab: LabExperiment {
    /// One optimizer's curve.
    public struct Curve: Codable, Sendable {
        /// `sgd`, `rmsprop` or `adam`.
        public var name: String
        /// The loss after each step (quadratic) or epoch (MLP, validation loss), start first for the quadratic.
        public var values: [Double]
        /// The last value.
        public var finalValue: Double
        /// The final validation accuracy (MLP only).
        public var accuracy: Double?
    }

    /// Both comparisons.
    public struct Result: Codable, Sendable {
        /// The condition number of the quadratic.
        public var kappa: Double
        /// On the quadratic.
        public var quadratic: [Curve]
        /// Trajectories on the quadratic, by name.
        public var paths: [String: [[Double]]]
        /// On the spirals MLP (empty with `mlp=false`).
        public var mlp: [Curve]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "rmsprop"
    /// One line for `vernier lab list`.
    public let summary = "RMSProp and Adam vs SGD on an ill-conditioned quadratic and on an MLP"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("kappa", default: "100", kind: .number(minimum: 1), help: "condition number of the quadratic"),
        ExperimentKey("steps", default: "200", kind: .integer(minimum: 1), help: "steps on the quadratic"),
        ExperimentKey("rmsprop-lr", default: "0.01", kind: .number(minimum: 0), help: "RMSProp learning rate"),
        ExperimentKey("adam-lr", default: "0.05", kind: .number(minimum: 0), help: "Adam learning rate"),
        ExperimentKey("mlp", default: "true", kind: .boolean, help: "also compare on the spirals MLP"),
        ExperimentKey(
            "mlp-lr", default: "0.01", kind: .number(minimum: 0), help: "learning rate of all three on the MLP"),
        ExperimentKey("epochs", default: "8", kind: .integer(minimum: 1), help: "MLP epochs"),
        ExperimentKey("train-size", default: "1000", kind: .integer(minimum: 10), help: "spirals training points"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// The condition number of the quadratic.
        public var kappa: Double
        /// Steps on the quadratic.
        public var steps: Int
        /// RMSProp's and Adam's learning rates on the quadratic.
        public var rmspropRate, adamRate: Double
        /// Whether to compare on the spirals MLP too.
        public var mlp: Bool
        /// The learning rate of all three on the MLP.
        public var mlpRate: Double
        /// MLP epochs.
        public var epochs: Int
        /// Spirals training points.
        public var trainSize: Int
    }

    /// Reads the keys once.
    public func settings(_ configuration: ExperimentConfiguration) -> Settings {
        Settings(
            kappa: configuration.double("kappa"), steps: configuration.integer("steps"),
            rmspropRate: configuration.double("rmsprop-lr"), adamRate: configuration.double("adam-lr"),
            mlp: configuration.bool("mlp"), mlpRate: configuration.double("mlp-lr"),
            epochs: configuration.integer("epochs"),
            trainSize: configuration.integer("train-size"))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let kappa = settings.kappa
        let steps = settings.steps
        let methods: [(String, any Optimizer)] = [
            ("sgd", SGD(learningRate: Float(1 / kappa))),
            ("rmsprop", RMSProp(learningRate: Float(settings.rmspropRate))),
            ("adam", Adam(learningRate: Float(settings.adamRate))),
        ]
        var quadratic: [Curve] = []
        var paths: [String: [[Double]]] = [:]
        for (name, optimizer) in methods {
            let path = Self.descend(kappa: kappa, steps: steps, optimizer: optimizer)
            let values = path.map { 0.5 * ($0[0] * $0[0] + kappa * $0[1] * $0[1]) }
            quadratic.append(Curve(name: name, values: values, finalValue: values.last!, accuracy: nil))
            paths[name] = path
        }
        var mlp: [Curve] = []
        if settings.mlp {
            let spirals = SupervisedExperiment.spirals
            for kind in [OptimizerSettings.Name.sgd, .rmsprop, .adam] {
                let name = kind.rawValue
                let configuration = try spirals.configuration(settings: [
                    "layers": .layerSizes([.size(2), .size(32), .size(32), .size(1)]), "activation": .activation(.tanh),
                    "output": .none, "loss": .loss(.binaryCrossEntropyWithLogits), "optimizer": .optimizer(kind),
                    "lr": .number(settings.mlpRate), "batch-size": .integer(32), "epochs": .integer(settings.epochs),
                    "train-size": .integer(settings.trainSize), "validation-size": .integer(500),
                ])
                let run = try spirals.train(configuration, seed: 1, callbacks: [])
                let values = run.history.epochs.map { $0.validationLoss ?? $0.trainLoss }
                mlp.append(
                    Curve(name: name, values: values, finalValue: values.last!, accuracy: run.metrics["val_accuracy"]))
            }
        }
        return Result(kappa: kappa, quadratic: quadratic, paths: paths, mlp: mlp)
    }

    /// Minimizes ½(x² + κy²) from (1, 1) for `steps` steps.
    static func descend(kappa: Double, steps: Int, optimizer: some Optimizer) -> [[Double]] {
        var optimizer = optimizer
        let curvature = Tensor(shape: [2], scalars: [1, Float(kappa)])
        var point = Tensor(shape: [2], scalars: [1, 1])
        var path = [[1.0, 1.0]]
        for _ in 0..<steps {
            let (_, gradient) = valueAndGradient(at: point) { p in (curvature * p * p).sum() * 0.5 }
            optimizer.update(&point, along: gradient)
            path.append(point.scalars.map(Double.init))
        }
        return path
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let table = LabSupport.table(
            ["problem", "optimizer", "final_loss", "val_accuracy"],
            result.quadratic.map { ["quadratic", $0.name, LabSupport.format($0.finalValue), ""] }
                + result.mlp.map {
                    [
                        "spirals-mlp", $0.name, LabSupport.format($0.finalValue),
                        $0.accuracy.map { LabSupport.format($0, digits: 4) } ?? "",
                    ]
                })
        var curveRows: [[String]] = []
        for curve in result.quadratic {
            for (step, value) in curve.values.enumerated() {
                curveRows.append(["quadratic", curve.name, String(step), LabSupport.format(value)])
            }
        }
        for curve in result.mlp {
            for (epoch, value) in curve.values.enumerated() {
                curveRows.append(["spirals-mlp", curve.name, String(epoch + 1), LabSupport.format(value)])
            }
        }
        var report = Report(title: "RMSProp and Adam vs SGD")
        report.sections.append(
            ReportSection(
                title: "Ill-conditioned quadratic",
                chart: LabSupport.lineChart(
                    title: "f per step", x: "step", y: "f", logY: true,
                    lines: result.quadratic.map { curve in
                        (curve.name, curve.values.enumerated().map { (Double($0), $1) })
                    })))
        report.sections.append(
            ReportSection(
                title: "Trajectories",
                chart: LabSupport.contourChart(
                    title: "paths on the contour of f", xRange: -1.2...1.2, yRange: -1.2...1.2,
                    function: { x, y in 0.5 * (x * x + result.kappa * y * y) },
                    paths: ["sgd", "rmsprop", "adam"].map { name in
                        (name, (result.paths[name] ?? []).map { ($0[0], $0[1]) })
                    })))
        if !result.mlp.isEmpty {
            report.sections.append(
                ReportSection(
                    title: "Spirals MLP 2-32-32-1",
                    chart: LabSupport.lineChart(
                        title: "validation loss per epoch", x: "epoch", y: "loss",
                        lines: result.mlp.map { curve in
                            (curve.name, LabSupport.perEpoch(curve.values))
                        })))
        }
        report.sections.append(ReportSection(title: "Final values", table: table))
        return LabArtifacts(
            text: "rmsprop: final losses\n" + table.markdown(),
            tables: ["final": table, "curves": LabSupport.table(["problem", "optimizer", "step", "loss"], curveRows)],
            report: report)
    }

}
