import Foundation
import VernierExperiments
import VernierNumerics
import VernierRandom
import VernierReports

/// `vernier lab newton`: Newton's method vs gradient descent on a convex quadratic (Newton: one step) and on the
/// ℓ2-regularized logistic-regression loss of two overlapping Gaussian classes; steps until the gradient norm is
/// below the tolerance.
///
/// ```swift
/// let lab = NewtonLab()
/// let result = try lab.run(try lab.configuration([:]))
/// result.problems[0].newtonSteps   // 1 on the quadratic
/// ```
public struct NewtonLab: LabExperiment {
    /// Both methods on one problem.
    public struct Problem: Codable, Sendable {
        /// `quadratic` or `logistic`.
        public var name: String
        /// Newton steps to tolerance.
        public var newtonSteps: Int
        /// GD steps to tolerance (the limit when it did not get there).
        public var gradientDescentSteps: Int
        /// Whether GD reached the tolerance.
        public var gradientDescentConverged: Bool
        /// The gradient norm after each Newton step (start first).
        public var newtonNorms: [Double]
        /// The gradient norm after each GD step (start first).
        public var gradientDescentNorms: [Double]
        /// The Newton optimum.
        public var optimum: [Double]
    }

    /// Both problems.
    public struct Result: Codable, Sendable {
        /// Quadratic then logistic regression.
        public var problems: [Problem]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "newton"
    /// One line for `vernier lab list`.
    public let summary = "Newton vs gradient descent on a quadratic and on logistic regression: steps to tolerance"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("tolerance", default: "1e-8", kind: .number(minimum: 1e-15), help: "stop at this gradient norm"),
        ExperimentKey("max-steps", default: "10000", kind: .integer(minimum: 1), help: "step limit"),
        ExperimentKey("lr", default: "0.25", kind: .number(minimum: 0), help: "GD learning rate on the quadratic"),
        ExperimentKey(
            "logistic-lr", default: "2", kind: .number(minimum: 0), help: "GD learning rate on logistic regression"),
        ExperimentKey("points", default: "200", kind: .integer(minimum: 2), help: "logistic-regression samples"),
        ExperimentKey("l2", default: "0.01", kind: .number(minimum: 1e-12), help: "logistic-regression ℓ2 penalty"),
        ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "seed of the samples"),
    ]

    typealias Model = (gradient: ([Double]) -> [Double], hessian: ([Double]) -> [Double])

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Runs Newton (x ← x − H⁻¹g) and GD (x ← x − lr·g) from `start`.
    static func compare(
        name: String, start: [Double], model: Model, rate: Double, tolerance: Double, limit: Int
    ) throws -> Problem {
        let n = start.count
        var x = start
        var newtonNorms = [norm(model.gradient(x))]
        while newtonNorms.last! > tolerance && newtonNorms.count <= limit {
            let g = model.gradient(x)
            let step = try CholeskyFactorization(matrix: model.hessian(x), dimension: n).solve(g)
            for i in 0..<n { x[i] -= step[i] }
            newtonNorms.append(norm(model.gradient(x)))
        }
        let optimum = x
        x = start
        var gdNorms = [norm(model.gradient(x))]
        while gdNorms.last! > tolerance && gdNorms.count <= limit && gdNorms.last!.isFinite {
            let g = model.gradient(x)
            for i in 0..<n { x[i] -= rate * g[i] }
            gdNorms.append(norm(model.gradient(x)))
        }
        return Problem(
            name: name, newtonSteps: newtonNorms.count - 1, gradientDescentSteps: gdNorms.count - 1,
            gradientDescentConverged: gdNorms.last! <= tolerance, newtonNorms: newtonNorms,
            gradientDescentNorms: gdNorms, optimum: optimum)
    }

    /// The typed settings.
    public struct Settings: Sendable {
        /// Stop when the gradient's norm is at most this.
        public var tolerance: Double
        /// The step limit.
        public var maxSteps: Int
        /// Gradient descent's learning rates on the quadratic and on the logistic regression.
        public var rate, logisticRate: Double
        /// The logistic regression's points.
        public var points: Int
        /// The L2 penalty of the logistic regression.
        public var l2: Double
        /// The seed of the logistic regression's points.
        public var seed: UInt64
    }

    /// Reads the keys once.
    public func settings(_ configuration: ExperimentConfiguration) -> Settings {
        Settings(
            tolerance: configuration.double("tolerance"), maxSteps: configuration.integer("max-steps"),
            rate: configuration.double("lr"), logisticRate: configuration.double("logistic-lr"),
            points: configuration.integer("points"), l2: configuration.double("l2"),
            seed: UInt64(configuration.integer("seed")))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let tolerance = settings.tolerance
        let limit = settings.maxSteps
        // ½xᵀAx − bᵀx with A = [[3, 1], [1, 2]], b = [1, 1].
        let a = [3.0, 1, 1, 2]
        let b = [1.0, 1]
        let quadratic: Model = (
            { x in [a[0] * x[0] + a[1] * x[1] - b[0], a[2] * x[0] + a[3] * x[1] - b[1]] }, { _ in a }
        )
        // Logistic regression: two Gaussian classes in 2-D centred at ±(1, 0.5), features (1, x₁, x₂).
        var generator = Xoshiro256(seed: settings.seed)
        let count = settings.points
        var features: [[Double]] = []
        var labels: [Double] = []
        for index in 0..<count {
            let label = index % 2 == 0 ? 1.0 : -1.0
            features.append([1, label * 1 + generator.nextNormal(), label * 0.5 + generator.nextNormal()])
            labels.append(label)
        }
        let l2 = settings.l2
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        let logistic: Model = (
            { w in
                var g = w.map { l2 * $0 }
                for (x, y) in zip(features, labels) {
                    let margin = y * zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
                    let factor = -y * sigmoid(-margin) / Double(count)
                    for i in 0..<3 { g[i] += factor * x[i] }
                }
                return g
            },
            { w in
                var h = [Double](repeating: 0, count: 9)
                for i in 0..<3 { h[i * 3 + i] = l2 }
                for x in features {
                    let p = sigmoid(zip(w, x).reduce(0) { $0 + $1.0 * $1.1 })
                    let s = p * (1 - p) / Double(count)
                    for i in 0..<3 { for j in 0..<3 { h[i * 3 + j] += s * x[i] * x[j] } }
                }
                return h
            }
        )
        return Result(problems: [
            try Self.compare(
                name: "quadratic", start: [5, 5], model: quadratic, rate: settings.rate,
                tolerance: tolerance, limit: limit),
            try Self.compare(
                name: "logistic", start: [0, 0, 0], model: logistic, rate: settings.logisticRate,
                tolerance: tolerance, limit: limit),
        ])
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let table = LabSupport.table(
            ["problem", "newton_steps", "gd_steps", "gd_converged", "optimum"],
            result.problems.map {
                [
                    $0.name, String($0.newtonSteps), String($0.gradientDescentSteps),
                    String($0.gradientDescentConverged),
                    $0.optimum.map { LabSupport.format($0, digits: 6) }.joined(separator: " "),
                ]
            })
        var normRows: [[String]] = []
        for problem in result.problems {
            for (step, value) in problem.newtonNorms.enumerated() {
                normRows.append([problem.name, "newton", String(step), LabSupport.format(value)])
            }
            for (step, value) in problem.gradientDescentNorms.enumerated() {
                normRows.append([problem.name, "gd", String(step), LabSupport.format(value)])
            }
        }
        var report = Report(title: "Newton's method vs gradient descent")
        for problem in result.problems {
            report.sections.append(
                ReportSection(
                    title: problem.name,
                    chart: LabSupport.lineChart(
                        title: "gradient norm per step: \(problem.name)", x: "step", y: "‖∇f‖", logY: true,
                        lines: [
                            ("Newton", problem.newtonNorms.enumerated().map { (Double($0), $1) }),
                            ("gradient descent", problem.gradientDescentNorms.enumerated().map { (Double($0), $1) }),
                        ])))
        }
        report.sections.append(ReportSection(title: "Steps to tolerance", table: table))
        var text = "newton: steps until ‖∇f‖ ≤ tolerance\n"
        for problem in result.problems {
            text += "\(problem.name): Newton \(problem.newtonSteps) steps, gradient descent "
            text +=
                "\(problem.gradientDescentSteps)\(problem.gradientDescentConverged ? "" : " (not converged)") steps\n"
        }
        return LabArtifacts(
            text: text,
            tables: [
                "steps": table, "norms": LabSupport.table(["problem", "method", "step", "gradient_norm"], normRows),
            ], report: report)
    }
}
