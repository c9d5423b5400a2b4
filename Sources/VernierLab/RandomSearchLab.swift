import Foundation
import VernierExperiments
import VernierRandom
import VernierReports

/// `vernier lab random-search`: random local search on f(x) = x²: perturb x by a uniform step, keep the new point
/// only when it is better; shows the path and the final value.
///
/// ```swift
/// let lab = RandomSearchLab()
/// let result = try lab.run(try lab.configuration(["iterations": "100"]))
/// result.finalValue < 25   // better than the start x = 5
/// ```
public struct RandomSearchLab: LabExperiment {
    /// The search path.
    public struct Result: Codable, Sendable {
        /// The current x after each iteration (start first).
        public var path: [Double]
        /// f at each point of `path`.
        public var values: [Double]
        /// How many proposals were accepted.
        public var accepted: Int
        /// The final x.
        public var finalX: Double
        /// The final f.
        public var finalValue: Double
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "random-search"
    /// One line for `vernier lab list`.
    public let summary = "random local search on x²: perturb, keep if better"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("start", default: "5", kind: .number(minimum: -1e6), help: "the starting x"),
        ExperimentKey("step", default: "0.5", kind: .number(minimum: 0), help: "perturbations are uniform in ±step"),
        ExperimentKey("iterations", default: "200", kind: .integer(minimum: 1), help: "proposals to try"),
        ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "random seed"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// The starting x.
        public var start: Double
        /// Perturbations are uniform in ±step.
        public var step: Double
        /// Proposals to try.
        public var iterations: Int
        /// The random seed.
        public var seed: UInt64
    }

    /// Reads the keys once.
    public func settings(_ configuration: ExperimentConfiguration) -> Settings {
        Settings(
            start: configuration.double("start"), step: configuration.double("step"),
            iterations: configuration.integer("iterations"), seed: UInt64(configuration.integer("seed")))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let step = settings.step
        var generator = Xoshiro256(seed: settings.seed)
        var x = settings.start
        var value = x * x
        var path = [x]
        var values = [value]
        var accepted = 0
        for _ in 0..<settings.iterations {
            let candidate = x + generator.nextUniform(in: -step...step)
            let candidateValue = candidate * candidate
            if candidateValue < value {
                (x, value) = (candidate, candidateValue)
                accepted += 1
            }
            path.append(x)
            values.append(value)
        }
        return Result(path: path, values: values, accepted: accepted, finalX: x, finalValue: value)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let table = LabSupport.table(
            ["iteration", "x", "f"],
            result.path.indices.map {
                [String($0), LabSupport.format(result.path[$0]), LabSupport.format(result.values[$0])]
            })
        var report = Report(
            title: "Random local search on x²",
            summary: [
                "accepted \(result.accepted) of \(result.path.count - 1) proposals",
                "final f = \(LabSupport.format(result.finalValue))",
            ])
        report.sections.append(
            ReportSection(
                title: "Path",
                chart: LabSupport.lineChart(
                    title: "x per iteration", x: "iteration", y: "x",
                    lines: [("x", result.path.enumerated().map { (Double($0), $1) })])))
        report.sections.append(
            ReportSection(
                title: "Value",
                chart: LabSupport.lineChart(
                    title: "f(x) = x² per iteration", x: "iteration", y: "f", logY: true,
                    lines: [("f", result.values.enumerated().map { (Double($0), max($1, 1e-300)) })])))
        let text = """
            random-search on x²: start x = \(LabSupport.format(result.path[0])), \(result.path.count - 1) proposals, \
            \(result.accepted) accepted
            final x = \(LabSupport.format(result.finalX)), f = \(LabSupport.format(result.finalValue))
            """
        return LabArtifacts(text: text, tables: ["path": table], report: report)
    }
}
