import Foundation
import VernierExperiments
import VernierOptimizers
import VernierReports
import VernierTensor

/// `vernier lab gradient-descent`: gradient descent on f(p) = ½ pᵀAp − bᵀp (A = [[2, 1], [1, 10]], b = [2, −5])
/// three ways — by hand with the analytic gradient Ap − b, through autograd (`valueAndGradient`), and with the
/// `SGD` optimizer — giving the same trajectory; then the effect of the learning rate on f(x) = x²
/// (converge, oscillate, diverge).
///
/// ```swift
/// let lab = GradientDescentLab()
/// let result = try lab.run(try lab.configuration([:]))
/// result.maximumDifference   // < 1e-6
/// ```
public struct GradientDescentLab: LabExperiment {
    /// One learning rate on x².
    public struct RateRun: Codable, Sendable {
        /// The learning rate.
        public var learningRate: Double
        /// x after each step (start first).
        public var path: [Double]
        /// `converges`, `oscillates` or `diverges`.
        public var behaviour: String
    }

    /// The three trajectories and the learning-rate study.
    public struct Result: Codable, Sendable {
        /// Hand-written GD: one [x, y] per step, start first.
        public var hand: [[Double]]
        /// GD through autograd.
        public var autograd: [[Double]]
        /// The SGD optimizer.
        public var optimizer: [[Double]]
        /// The largest coordinate difference between any two trajectories.
        public var maximumDifference: Double
        /// The learning-rate study on x².
        public var rates: [RateRun]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "gradient-descent"
    /// One line for `vernier lab list`.
    public let summary = "GD by hand vs autograd vs the SGD optimizer; learning rate: converge, oscillate, diverge"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("lr", default: "0.08", kind: .number(minimum: 0), help: "learning rate on the 2-D quadratic"),
        ExperimentKey("steps", default: "50", kind: .integer(minimum: 1), help: "steps"),
        ExperimentKey(
            "rates", default: "0.1,0.9,1.1", kind: .text,
            help: "learning rates tried on x² (from x = 1), comma-separated"),
    ]

    static let matrix: [Float] = [2, 1, 1, 10]
    static let vector: [Float] = [2, -5]
    static let start: [Float] = [-3, 2]

    /// f(p) = ½ pᵀAp − bᵀp written with tensor operations (so autograd differentiates it).
    static func objective(_ p: Tensor) -> Tensor {
        let a = Tensor(shape: [2, 2], scalars: matrix)
        let b = Tensor(shape: [1, 2], scalars: vector)
        return (p.matmul(a) * p).sum() * 0.5 - (p * b).sum()
    }

    /// The typed settings.
    public struct Settings: Sendable {
        /// The learning rate on the 2-D quadratic.
        public var rate: Float
        /// Steps of every run.
        public var steps: Int
        /// The learning rates tried on x².
        public var rates: [Double]
    }

    /// Reads the keys once (`rates` as a list of numbers).
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        Settings(
            rate: Float(configuration.double("lr")), steps: configuration.integer("steps"),
            rates: try LabSupport.numbers(configuration, "rates"))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let rate = settings.rate
        let steps = settings.steps
        // 1. By hand: the gradient is Ap − b.
        var p = Self.start
        var hand = [p.map(Double.init)]
        for _ in 0..<steps {
            let g0 = Self.matrix[0] * p[0] + Self.matrix[1] * p[1] - Self.vector[0]
            let g1 = Self.matrix[2] * p[0] + Self.matrix[3] * p[1] - Self.vector[1]
            p = [p[0] - rate * g0, p[1] - rate * g1]
            hand.append(p.map(Double.init))
        }
        // 2. Through autograd.
        var tensor = Tensor(shape: [1, 2], scalars: Self.start)
        var autograd = [tensor.scalars.map(Double.init)]
        for _ in 0..<steps {
            let gradient = VernierTensor.gradient(at: tensor, Self.objective)
            tensor = tensor - rate * gradient
            autograd.append(tensor.scalars.map(Double.init))
        }
        // 3. With the optimizer.
        var parameter = Tensor(shape: [1, 2], scalars: Self.start)
        var sgd = SGD(learningRate: rate)
        var optimized = [parameter.scalars.map(Double.init)]
        for _ in 0..<steps {
            let (_, gradient) = valueAndGradient(at: parameter, Self.objective)
            sgd.update(&parameter, along: gradient)
            optimized.append(parameter.scalars.map(Double.init))
        }
        var difference = 0.0
        for step in 0...steps {
            for k in 0..<2 {
                let values = [hand[step][k], autograd[step][k], optimized[step][k]]
                difference = max(difference, values.max()! - values.min()!)
            }
        }
        // Learning rates on x² (f' = 2x): the factor per step is 1 − 2·lr.
        var rates: [RateRun] = []
        for learningRate in settings.rates {
            var x = Tensor([1])
            var optimizer = SGD(learningRate: Float(learningRate))
            var path = [1.0]
            for _ in 0..<steps {
                let (_, g) = valueAndGradient(at: x) { ($0 * $0).sum() }
                optimizer.update(&x, along: g)
                path.append(Double(x.scalars[0]))
            }
            rates.append(RateRun(learningRate: learningRate, path: path, behaviour: Self.behaviour(of: path)))
        }
        return Result(hand: hand, autograd: autograd, optimizer: optimized, maximumDifference: difference, rates: rates)
    }

    /// `diverges` when |x| grew, `oscillates` when the sign flips, else `converges`.
    static func behaviour(of path: [Double]) -> String {
        if !(abs(path.last!) < abs(path.first!)) { return "diverges" }
        if zip(path, path.dropFirst()).contains(where: { $0 * $1 < 0 }) { return "oscillates" }
        return "converges"
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        var rows: [[String]] = []
        for step in result.hand.indices {
            rows.append(
                [String(step)]
                    + (result.hand[step] + result.autograd[step] + result.optimizer[step]).map {
                        LabSupport.format($0, digits: 9)
                    })
        }
        let trajectories = LabSupport.table(
            ["step", "hand_x", "hand_y", "autograd_x", "autograd_y", "sgd_x", "sgd_y"], rows)
        var rateRows: [[String]] = []
        for run in result.rates {
            for (step, x) in run.path.enumerated() {
                rateRows.append([LabSupport.format(run.learningRate), String(step), LabSupport.format(x)])
            }
        }
        let a = Self.matrix.map(Double.init)
        let b = Self.vector.map(Double.init)
        let f: (Double, Double) -> Double = { x, y in
            let minimum = -55.0 / 19  // f at A⁻¹b = (25/19, −12/19)
            return 0.5 * (a[0] * x * x + 2 * a[1] * x * y + a[3] * y * y) - b[0] * x - b[1] * y - minimum
        }
        var report = Report(
            title: "Gradient descent three ways",
            summary: ["largest difference between trajectories: \(LabSupport.format(result.maximumDifference))"])
        report.sections.append(
            ReportSection(
                title: "Trajectories",
                chart: LabSupport.contourChart(
                    title: "GD on ½pᵀAp − bᵀp", xRange: -3.5...2.5, yRange: -2...2.5, function: f,
                    paths: [
                        ("by hand", result.hand.map { ($0[0], $0[1]) }),
                        ("autograd", result.autograd.map { ($0[0], $0[1]) }),
                        ("SGD optimizer", result.optimizer.map { ($0[0], $0[1]) }),
                    ])))
        report.sections.append(
            ReportSection(
                title: "Learning rate on x²",
                chart: LabSupport.lineChart(
                    title: "x per step", x: "step", y: "|x|", logY: true,
                    lines: result.rates.map { run in
                        (
                            "lr \(LabSupport.format(run.learningRate)): \(run.behaviour)",
                            run.path.enumerated().map { (Double($0), abs($1)) }
                        )
                    })))
        var text = "gradient-descent: hand, autograd and SGD trajectories differ by at most "
        text += LabSupport.format(result.maximumDifference) + "\n"
        let last = result.hand.last!
        text +=
            "after \(result.hand.count - 1) steps p = (\(LabSupport.format(last[0])), \(LabSupport.format(last[1])))"
        text += " (optimum (1.315789, -0.631579))\n"
        for run in result.rates {
            text += "x² with lr \(LabSupport.format(run.learningRate)): \(run.behaviour), final x = "
            text += LabSupport.format(run.path.last!) + "\n"
        }
        return LabArtifacts(
            text: text,
            tables: [
                "trajectories": trajectories, "rates": LabSupport.table(["lr", "step", "x"], rateRows),
            ], report: report)
    }
}
