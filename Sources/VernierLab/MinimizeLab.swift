import Foundation
import VernierExperiments
import VernierNumerics
import VernierReports

/// `vernier lab minimize`: minimizes f(x) = x² and the 5-D f(x) = (x₁+…+x₅)² with BFGS, L-BFGS-B (no bounds)
/// and Nelder–Mead from `VernierNumerics`, showing iterations, evaluations and the optimum found.
///
/// ```swift
/// let lab = MinimizeLab()
/// let result = try lab.run(try lab.configuration(["start": "3"]))
/// result.runs.first { $0.method == "bfgs" }!.value   // ≈ 0
/// ```
public struct MinimizeLab: LabExperiment {
    /// One minimizer on one function.
    public struct Run: Codable, Sendable {
        /// `square` or `sum-square`.
        public var function: String
        /// `bfgs`, `lbfgs` or `nelder-mead`.
        public var method: String
        /// The optimum found.
        public var point: [Double]
        /// The value there.
        public var value: Double
        /// Iterations used.
        public var iterations: Int
        /// Function evaluations used.
        public var evaluations: Int
        /// Why it stopped.
        public var termination: String
        /// The value after each evaluation.
        public var trace: [Double]
    }

    /// Every run.
    public struct Result: Codable, Sendable {
        /// One entry per function and method.
        public var runs: [Run]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "minimize"
    /// One line for `vernier lab list`.
    public let summary = "minimize x² and (x₁+…+x₅)² with BFGS, L-BFGS and Nelder–Mead"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("start", default: "3", kind: .number(minimum: -1e6), help: "every coordinate of the start"),
        ExperimentKey("dimension", default: "5", kind: .integer(minimum: 1), help: "dimension of (x₁+…+x_d)²"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// Every coordinate of the start.
        public var start: Double
        /// The dimension of (x₁+…+x_d)².
        public var dimension: Int
    }

    /// Reads the keys once.
    public func settings(_ configuration: ExperimentConfiguration) -> Settings {
        Settings(start: configuration.double("start"), dimension: configuration.integer("dimension"))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let start = settings.start
        let dimension = settings.dimension
        let functions: [(String, [Double], ([Double]) -> (value: Double, gradient: [Double]))] = [
            ("square", [start], { x in (x[0] * x[0], [2 * x[0]]) }),
            (
                "sum-square", Array(repeating: start, count: dimension),
                { x in
                    let s = x.reduce(0, +)
                    return (s * s, Array(repeating: 2 * s, count: x.count))
                }
            ),
        ]
        var runs: [Run] = []
        for (name, point, function) in functions {
            for method in ["bfgs", "lbfgs", "nelder-mead"] {
                var trace: [Double] = []
                let traced: ([Double]) -> (value: Double, gradient: [Double]) = { x in
                    let result = function(x)
                    trace.append(result.value)
                    return result
                }
                let result: OptimizationResult
                switch method {
                case "bfgs": result = BFGS().minimize(from: point, traced)
                case "lbfgs":
                    result = LBFGSB(gradientTolerance: 1e-9).minimize(
                        from: point, bounds: Array(repeating: -Double.infinity...Double.infinity, count: point.count),
                        traced)
                default:
                    result = NelderMead(pointTolerance: 1e-10, valueTolerance: 1e-14).minimize(from: point, traced)
                }
                runs.append(
                    Run(
                        function: name, method: method, point: result.point, value: result.value,
                        iterations: result.iterations, evaluations: result.evaluations,
                        termination: result.termination.description, trace: trace))
            }
        }
        return Result(runs: runs)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let headers = ["function", "method", "iterations", "evaluations", "value", "point", "termination"]
        let rows = result.runs.map { run in
            [
                run.function, run.method, String(run.iterations), String(run.evaluations), LabSupport.format(run.value),
                run.point.map { LabSupport.format($0, digits: 4) }.joined(separator: " "), run.termination,
            ]
        }
        let table = LabSupport.table(headers, rows)
        var traceRows: [[String]] = []
        for run in result.runs {
            for (index, value) in run.trace.enumerated() {
                traceRows.append([run.function, run.method, String(index + 1), LabSupport.format(value, digits: 10)])
            }
        }
        var report = Report(title: "Minimize x² and (x₁+…+x_d)²", summary: ["BFGS, L-BFGS-B and Nelder–Mead"])
        for function in ["square", "sum-square"] {
            let lines = result.runs.filter { $0.function == function }.map { run in
                (name: run.method, points: run.trace.enumerated().map { (Double($0 + 1), max($1, 1e-300)) })
            }
            report.sections.append(
                ReportSection(
                    title: function,
                    chart: LabSupport.lineChart(
                        title: "f after each evaluation: \(function)", x: "evaluation", y: "f", logY: true,
                        lines: lines)))
        }
        report.sections.append(ReportSection(title: "Optima", table: table))
        var text = "minimize: optimum of each function and method\n"
        text += table.markdown()
        return LabArtifacts(
            text: text,
            tables: [
                "runs": table, "trace": LabSupport.table(["function", "method", "evaluation", "value"], traceRows),
            ], report: report)
    }
}
