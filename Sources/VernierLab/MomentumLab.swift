import Foundation
import VernierExperiments
import VernierOptimizers
import VernierReports
import VernierTensor

/// `vernier lab momentum`: gradient descent vs heavy-ball momentum vs Nesterov on the ill-conditioned quadratic
/// f(x, y) = ½(x² + κy²), each with its textbook-optimal step size (GD 2/(1+κ); heavy ball 4/(√κ+1)² with
/// β = ((√κ−1)/(√κ+1))²; Nesterov 1/κ with β = (√κ−1)/(√κ+1)), run through the `SGD` optimizer and autograd.
/// Shows the trajectories on the contour plot and the steps to tolerance as a function of κ.
///
/// ```swift
/// let lab = MomentumLab()
/// let result = try lab.run(try lab.configuration(["kappas": "100"]))
/// result.steps[0].momentum < result.steps[0].gradientDescent   // true
/// ```
public struct MomentumLab: LabExperiment {
    /// Steps to tolerance at one condition number.
    public struct Steps: Codable, Sendable {
        /// The condition number κ.
        public var kappa: Double
        /// Plain gradient descent.
        public var gradientDescent: Int
        /// Heavy-ball momentum.
        public var momentum: Int
        /// Nesterov momentum.
        public var nesterov: Int
    }

    /// The trajectories at `kappa` and the steps study.
    public struct Result: Codable, Sendable {
        /// The κ of the trajectories.
        public var kappa: Double
        /// Trajectories by method name, one [x, y] per step.
        public var paths: [String: [[Double]]]
        /// Steps to tolerance per κ.
        public var steps: [Steps]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "momentum"
    /// One line for `vernier lab list`.
    public let summary = "GD vs heavy-ball momentum vs Nesterov on an ill-conditioned quadratic; steps vs κ"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("kappa", default: "30", kind: .number(minimum: 1), help: "condition number of the trajectories"),
        ExperimentKey(
            "kappas", default: "1,10,100,1000", kind: .text, help: "condition numbers of the steps study"),
        ExperimentKey("tolerance", default: "1e-4", kind: .number(minimum: 1e-7), help: "stop when ‖(x, y)‖ ≤ this"),
        ExperimentKey("max-steps", default: "20000", kind: .integer(minimum: 1), help: "step limit"),
    ]

    /// The three methods with their optimal settings for condition number `kappa`.
    static func optimizers(kappa: Double) -> [(String, SGD)] {
        let root = kappa.squareRoot()
        let heavyRate = 4 / ((root + 1) * (root + 1))
        let heavyBeta = ((root - 1) / (root + 1)) * ((root - 1) / (root + 1))
        var list: [(String, SGD)] = [("gradient descent", SGD(learningRate: Float(2 / (1 + kappa))))]
        list.append(("momentum", SGD(learningRate: Float(heavyRate), momentum: Float(heavyBeta))))
        if root > 1 {
            list.append(
                (
                    "nesterov",
                    SGD(learningRate: Float(1 / kappa), momentum: Float((root - 1) / (root + 1)), nesterov: true)
                ))
        } else {
            list.append(("nesterov", SGD(learningRate: 1)))
        }
        return list
    }

    /// Minimizes ½(x² + κy²) from (1, 1) with `optimizer` (autograd gradients) until ‖p‖ ≤ tolerance.
    static func descend(
        kappa: Double, optimizer: some Optimizer, tolerance: Double, limit: Int
    ) -> [[Double]] {
        var optimizer = optimizer
        let curvature = Tensor(shape: [2], scalars: [1, Float(kappa)])
        var point = Tensor(shape: [2], scalars: [1, 1])
        var path = [[1.0, 1.0]]
        while path.count <= limit {
            let last = path.last!
            let norm = (last[0] * last[0] + last[1] * last[1]).squareRoot()
            if norm <= tolerance || !norm.isFinite { break }
            let (_, gradient) = valueAndGradient(at: point) { p in (curvature * p * p).sum() * 0.5 }
            optimizer.update(&point, along: gradient)
            path.append(point.scalars.map(Double.init))
        }
        return path
    }

    /// The typed settings.
    public struct Settings: Sendable {
        /// The condition number of the trajectories.
        public var kappa: Double
        /// The condition numbers of the steps study (each ≥ 1).
        public var kappas: [Double]
        /// Stop when ‖(x, y)‖ ≤ this.
        public var tolerance: Double
        /// The step limit.
        public var maxSteps: Int
    }

    /// Reads the keys once (`kappas` as a list of condition numbers ≥ 1).
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        let kappas = try LabSupport.numbers(configuration, "kappas")
        guard kappas.allSatisfy({ $0 >= 1 }) else {
            throw ConfigError.invalidValue(
                key: "kappas", value: configuration.string("kappas"), expected: "condition numbers ≥ 1",
                location: "--set")
        }
        return Settings(
            kappa: configuration.double("kappa"), kappas: kappas, tolerance: configuration.double("tolerance"),
            maxSteps: configuration.integer("max-steps"))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let tolerance = settings.tolerance
        let limit = settings.maxSteps
        let kappa = settings.kappa
        var paths: [String: [[Double]]] = [:]
        for (name, optimizer) in Self.optimizers(kappa: kappa) {
            paths[name] = Self.descend(kappa: kappa, optimizer: optimizer, tolerance: tolerance, limit: limit)
        }
        var steps: [Steps] = []
        for value in settings.kappas {
            let counts = Self.optimizers(kappa: value).map {
                Self.descend(kappa: value, optimizer: $0.1, tolerance: tolerance, limit: limit).count - 1
            }
            steps.append(Steps(kappa: value, gradientDescent: counts[0], momentum: counts[1], nesterov: counts[2]))
        }
        return Result(kappa: kappa, paths: paths, steps: steps)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let table = LabSupport.table(
            ["kappa", "gradient_descent", "momentum", "nesterov"],
            result.steps.map {
                [LabSupport.format($0.kappa), String($0.gradientDescent), String($0.momentum), String($0.nesterov)]
            })
        var pathRows: [[String]] = []
        for name in result.paths.keys.sorted() {
            for (step, point) in result.paths[name]!.enumerated() {
                pathRows.append([name, String(step), LabSupport.format(point[0]), LabSupport.format(point[1])])
            }
        }
        let kappa = result.kappa
        let names = ["gradient descent", "momentum", "nesterov"]
        var report = Report(
            title: "Momentum on an ill-conditioned quadratic", summary: ["f(x, y) = ½(x² + κy²), start (1, 1)"])
        report.sections.append(
            ReportSection(
                title: "Trajectories at κ = \(LabSupport.format(kappa))",
                chart: LabSupport.contourChart(
                    title: "paths on the contour of f", xRange: -1.2...1.2, yRange: -1.2...1.2,
                    function: { x, y in 0.5 * (x * x + kappa * y * y) },
                    paths: names.map { name in (name, (result.paths[name] ?? []).prefix(300).map { ($0[0], $0[1]) }) }))
        )
        report.sections.append(
            ReportSection(
                title: "Steps to tolerance",
                chart: LabSupport.lineChart(
                    title: "steps vs condition number", x: "κ", y: "steps", logY: true,
                    lines: [
                        ("gradient descent", result.steps.map { ($0.kappa, Double($0.gradientDescent)) }),
                        ("momentum", result.steps.map { ($0.kappa, Double($0.momentum)) }),
                        ("nesterov", result.steps.map { ($0.kappa, Double($0.nesterov)) }),
                    ]), table: table))
        var text = "momentum: steps until ‖(x, y)‖ ≤ tolerance on ½(x² + κy²)\n" + table.markdown()
        text += "\ntrajectories at κ = \(LabSupport.format(kappa)): "
        text += names.map { "\($0) \((result.paths[$0]?.count ?? 1) - 1) steps" }.joined(separator: ", ") + "\n"
        return LabArtifacts(
            text: text,
            tables: ["steps": table, "paths": LabSupport.table(["method", "step", "x", "y"], pathRows)],
            report: report)
    }
}
