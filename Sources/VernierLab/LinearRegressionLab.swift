import Foundation
import VernierExperiments
import VernierNumerics
import VernierOptimizers
import VernierReports
import VernierTensor

/// `vernier lab linear-regression`: fits the noisy cubic (80 points) with a cubic polynomial by gradient descent
/// through autograd (features x, x², x³ standardized), compares it with the closed-form least-squares solution of
/// the normal equations, then trains the MLP 1-100-1 and records train and validation losses per epoch (the
/// validation loss stops falling and rises while the training loss keeps falling: overfitting).
///
/// ```swift
/// let lab = LinearRegressionLab()
/// let result = try lab.run(try lab.configuration(["mlp-epochs": "200"]))
/// result.gradientDescentMSE / result.closedFormMSE   // ≈ 1
/// ```
public struct LinearRegressionLab: LabExperiment {
    /// Everything measured.
    public struct Result: Codable, Sendable {
        /// Training MSE of the closed-form least-squares cubic.
        public var closedFormMSE: Double
        /// Training MSE of the cubic fitted by gradient descent.
        public var gradientDescentMSE: Double
        /// Validation MSE of the closed-form cubic.
        public var closedFormValidationMSE: Double
        /// Closed-form coefficients in the original basis: [c₀, c₁, c₂, c₃] of c₀ + c₁x + c₂x² + c₃x³.
        public var closedFormCoefficients: [Double]
        /// Gradient-descent coefficients in the original basis.
        public var gradientDescentCoefficients: [Double]
        /// GD training MSE every 10 steps.
        public var gradientDescentCurve: [Double]
        /// MLP training loss per epoch.
        public var mlpTrainLoss: [Double]
        /// MLP validation loss per epoch.
        public var mlpValidationLoss: [Double]
        /// The epoch (1-based) with the lowest validation loss.
        public var bestValidationEpoch: Int
        /// The training points (x, y).
        public var points: [[Double]]
        /// MLP predictions on a grid of x in [-1, 3]: (x, ŷ).
        public var mlpCurve: [[Double]]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "linear-regression"
    /// One line for `vernier lab list`.
    public let summary = "noisy cubic: polynomial GD vs closed-form least squares, then an MLP 1-100-1 (overfitting)"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("points", default: "80", kind: .integer(minimum: 4), help: "training points"),
        ExperimentKey("validation-size", default: "80", kind: .integer(minimum: 1), help: "validation points"),
        ExperimentKey("noise", default: "1", kind: .number(minimum: 0), help: "noise standard deviation"),
        ExperimentKey(
            "lr", default: "0.15", kind: .number(minimum: 0), help: "GD learning rate (standardized features)"),
        ExperimentKey("steps", default: "5000", kind: .integer(minimum: 1), help: "GD steps"),
        ExperimentKey(
            "mlp-epochs", default: "1500", kind: .integer(minimum: 1), help: "full-batch Adam epochs of the MLP"),
        ExperimentKey("hidden", default: "100", kind: .integer(minimum: 1), help: "MLP hidden width"),
        ExperimentKey("data-seed", default: "42", kind: .integer(minimum: 0), help: "seed of the points"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// The cubic experiment's configuration: its points, noise and seed, and the MLP (1-hidden-1, full batch).
        public var mlp: ExperimentConfiguration
        /// Gradient descent's learning rate on the standardized polynomial features.
        public var rate: Float
        /// Gradient descent's steps.
        public var steps: Int
    }

    /// Reads the keys once; the data and the MLP become a configuration of the `cubic` experiment.
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        let points = configuration.integer("points")
        let mlp = try SupervisedExperiment.cubic.configuration(settings: [
            "points": .integer(points), "validation-size": .integer(configuration.integer("validation-size")),
            "noise": .number(configuration.double("noise")), "data-seed": .integer(configuration.integer("data-seed")),
            "epochs": .integer(configuration.integer("mlp-epochs")), "batch-size": .integer(points),
            "layers": .layerSizes([.size(1), .size(configuration.integer("hidden")), .size(1)]),
        ])
        return Settings(mlp: mlp, rate: Float(configuration.double("lr")), steps: configuration.integer("steps"))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let cubic = SupervisedExperiment.cubic
        let mlpSettings = settings.mlp
        let splits = try cubic.prepare(mlpSettings).splits
        let xs = splits.train.features.scalars.map(Double.init)
        let ys = splits.train.targets.scalars.map(Double.init)
        let validationX = splits.validation.features.scalars.map(Double.init)
        let validationY = splits.validation.targets.scalars.map(Double.init)
        // Standardized features x, x², x³.
        let raw = xs.map { [$0, $0 * $0, $0 * $0 * $0] }
        var means = [Double](repeating: 0, count: 3)
        var deviations = [Double](repeating: 0, count: 3)
        for k in 0..<3 {
            let column: [Double] = raw.map { $0[k] }
            let mean = column.reduce(0, +) / Double(column.count)
            let variance = column.reduce(0.0) { sum, value in sum + (value - mean) * (value - mean) }
            means[k] = mean
            deviations[k] = (variance / Double(column.count)).squareRoot()
        }
        func features(_ x: Double) -> [Double] {
            [x, x * x, x * x * x].enumerated().map { ($1 - means[$0]) / deviations[$0] }
        }
        // Closed form: (XᵀX)θ = Xᵀy with X = [1, features].
        var gram = [Double](repeating: 0, count: 16)
        var moment = [Double](repeating: 0, count: 4)
        for (x, y) in zip(xs, ys) {
            let row = [1] + features(x)
            for i in 0..<4 {
                moment[i] += row[i] * y
                for j in 0..<4 { gram[i * 4 + j] += row[i] * row[j] }
            }
        }
        let theta = try CholeskyFactorization(matrix: gram, dimension: 4).solve(moment)
        func predict(_ theta: [Double], _ x: Double) -> Double {
            zip(theta, [1] + features(x)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        func mse(_ theta: [Double], _ xs: [Double], _ ys: [Double]) -> Double {
            var sum = 0.0
            for (x, y) in zip(xs, ys) {
                let error = predict(theta, x) - y
                sum += error * error
            }
            return sum / Double(xs.count)
        }
        // Gradient descent through autograd on [w (3×1), b].
        let design = Tensor(shape: [xs.count, 3], scalars: xs.flatMap { features($0).map(Float.init) })
        let targets = Tensor(shape: [ys.count, 1], scalars: ys.map(Float.init))
        var parameters = [Tensor.zeros([3, 1]), Tensor.zeros([1])]
        var optimizer = SGD(learningRate: settings.rate)
        var curve: [Double] = []
        for step in 0..<settings.steps {
            let (loss, gradient) = valueAndGradient(at: parameters) { p in
                let residual = design.matmul(p[0]) + p[1] - targets
                return (residual * residual).mean()
            }
            if step % 10 == 0 { curve.append(Double(loss.item)) }
            optimizer.update(&parameters, along: gradient)
        }
        let gdTheta = [Double(parameters[1].scalars[0])] + parameters[0].scalars.map(Double.init)
        // MLP 1-H-1, full-batch Adam, through the cubic experiment.
        let run = try cubic.train(mlpSettings, seed: 0, callbacks: [])
        let trainLoss = run.history.epochs.map(\.trainLoss)
        let validationLoss = run.history.epochs.map { $0.validationLoss ?? .nan }
        let best = validationLoss.indices.min { validationLoss[$0] < validationLoss[$1] } ?? 0
        let grid = (0...80).map { -1 + 4 * Double($0) / 80 }
        let predictions = run.model(Tensor(shape: [grid.count, 1], scalars: grid.map(Float.init))).scalars
        return Result(
            closedFormMSE: mse(theta, xs, ys), gradientDescentMSE: mse(gdTheta, xs, ys),
            closedFormValidationMSE: mse(theta, validationX, validationY),
            closedFormCoefficients: Self.originalBasis(theta, means: means, deviations: deviations),
            gradientDescentCoefficients: Self.originalBasis(gdTheta, means: means, deviations: deviations),
            gradientDescentCurve: curve, mlpTrainLoss: trainLoss, mlpValidationLoss: validationLoss,
            bestValidationEpoch: best + 1, points: zip(xs, ys).map { [$0, $1] },
            mlpCurve: zip(grid, predictions).map { [$0, Double($1)] })
    }

    /// Converts [b, w₁, w₂, w₃] on standardized features to c₀ + c₁x + c₂x² + c₃x³.
    static func originalBasis(_ theta: [Double], means: [Double], deviations: [Double]) -> [Double] {
        var c = [theta[0], 0, 0, 0]
        for k in 0..<3 {
            c[k + 1] = theta[k + 1] / deviations[k]
            c[0] -= theta[k + 1] * means[k] / deviations[k]
        }
        return c
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        func polynomial(_ c: [Double], _ x: Double) -> Double { c[0] + c[1] * x + c[2] * x * x + c[3] * x * x * x }
        let grid = (0...80).map { -1 + 4 * Double($0) / 80 }
        let summaryTable = LabSupport.table(
            ["model", "train_mse", "coefficients c0..c3"],
            [
                [
                    "closed form", LabSupport.format(result.closedFormMSE),
                    result.closedFormCoefficients.map { LabSupport.format($0, digits: 5) }.joined(separator: " "),
                ],
                [
                    "gradient descent", LabSupport.format(result.gradientDescentMSE),
                    result.gradientDescentCoefficients.map { LabSupport.format($0, digits: 5) }.joined(separator: " "),
                ],
                ["mlp (last epoch)", LabSupport.format(result.mlpTrainLoss.last ?? .nan), ""],
                ["true curve", "", "6.9 3.6 -3 1.3"],
            ])
        let epochs = LabSupport.table(
            ["epoch", "train_loss", "val_loss"],
            result.mlpTrainLoss.indices.map {
                [
                    String($0 + 1), LabSupport.format(result.mlpTrainLoss[$0]),
                    LabSupport.format(result.mlpValidationLoss[$0]),
                ]
            })
        var fit = LabSupport.lineChart(
            title: "fits", x: "x", y: "y",
            lines: [
                ("closed form", grid.map { ($0, polynomial(result.closedFormCoefficients, $0)) }),
                ("gradient descent", grid.map { ($0, polynomial(result.gradientDescentCoefficients, $0)) }),
                ("MLP", result.mlpCurve.map { ($0[0], $0[1]) }),
            ])
        fit.series.append(
            ChartSeries(
                name: "data", style: .points, points: result.points.map { ChartPoint(x: $0[0], y: $0[1]) },
                colorIndex: 4))
        var report = Report(
            title: "Linear regression on the noisy cubic",
            summary: ["best MLP validation epoch: \(result.bestValidationEpoch) of \(result.mlpTrainLoss.count)"])
        report.sections.append(ReportSection(title: "Fits", chart: fit, table: summaryTable))
        report.sections.append(
            ReportSection(
                title: "Polynomial by gradient descent",
                chart: LabSupport.lineChart(
                    title: "training MSE", x: "step", y: "MSE", logY: true,
                    lines: [
                        ("gradient descent", result.gradientDescentCurve.enumerated().map { (Double($0 * 10), $1) }),
                        (
                            "closed form",
                            [
                                (0, result.closedFormMSE),
                                (Double(result.gradientDescentCurve.count * 10), result.closedFormMSE),
                            ]
                        ),
                    ])))
        report.sections.append(
            ReportSection(
                title: "MLP: train vs validation",
                chart: LabSupport.lineChart(
                    title: "loss per epoch", x: "epoch", y: "MSE", logY: true,
                    lines: [
                        ("train", LabSupport.perEpoch(result.mlpTrainLoss)),
                        ("validation", LabSupport.perEpoch(result.mlpValidationLoss)),
                    ])))
        var text = "linear-regression on the noisy cubic\n" + summaryTable.markdown()
        text +=
            "\nclosed-form validation MSE \(LabSupport.format(result.closedFormValidationMSE)); MLP validation loss: "
        text += "best \(LabSupport.format(result.mlpValidationLoss[result.bestValidationEpoch - 1])) at epoch "
        text += "\(result.bestValidationEpoch), last \(LabSupport.format(result.mlpValidationLoss.last ?? .nan))\n"
        return LabArtifacts(text: text, tables: ["summary": summaryTable, "mlp_epochs": epochs], report: report)
    }
}
