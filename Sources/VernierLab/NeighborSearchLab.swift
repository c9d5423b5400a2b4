import Foundation
import VernierExperiments
import VernierReports

/// `vernier lab neighbor-search`: exhaustive neighbour search on a grid over f(x, y) = (x − 1)² + 2(y + 0.5)²: from
/// the start, evaluate every neighbour (4 or 8) and move to the best one until none is better.
///
/// ```swift
/// let lab = NeighborSearchLab()
/// let result = try lab.run(try lab.configuration(["step": "0.1"]))
/// result.final   // ≈ [1, -0.5], the grid point nearest the minimum
/// ```
public struct NeighborSearchLab: LabExperiment {
    /// The search path.
    public struct Result: Codable, Sendable {
        /// The points visited, start first.
        public var path: [[Double]]
        /// f at each point of `path`.
        public var values: [Double]
        /// Function evaluations made.
        public var evaluations: Int
        /// The final point.
        public var final: [Double]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "neighbor-search"
    /// One line for `vernier lab list`.
    public let summary = "exhaustive neighbour search on a grid: move to the best neighbour until none is better"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("step", default: "0.1", kind: .number(minimum: 1e-9), help: "grid spacing"),
        ExperimentKey("start-x", default: "-2", kind: .number(minimum: -1e6), help: "starting x"),
        ExperimentKey("start-y", default: "2", kind: .number(minimum: -1e6), help: "starting y"),
        ExperimentKey(
            "diagonal", default: "true", kind: .boolean, help: "8 neighbours (with diagonals) instead of 4"),
        ExperimentKey("max-steps", default: "10000", kind: .integer(minimum: 1), help: "limit on moves"),
    ]

    /// The function searched.
    public static func f(_ x: Double, _ y: Double) -> Double { (x - 1) * (x - 1) + 2 * (y + 0.5) * (y + 0.5) }

    /// The typed settings.
    public struct Settings: Sendable {
        /// The grid spacing.
        public var step: Double
        /// The starting point.
        public var start: (x: Double, y: Double)
        /// 8 neighbours (with diagonals) instead of 4.
        public var diagonal: Bool
        /// The limit on moves.
        public var maxSteps: Int
    }

    /// Reads the keys once.
    public func settings(_ configuration: ExperimentConfiguration) -> Settings {
        Settings(
            step: configuration.double("step"),
            start: (configuration.double("start-x"), configuration.double("start-y")),
            diagonal: configuration.bool("diagonal"), maxSteps: configuration.integer("max-steps"))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let step = settings.step
        let (x0, y0) = settings.start
        var offsets = [(1, 0), (-1, 0), (0, 1), (0, -1)]
        if settings.diagonal { offsets += [(1, 1), (1, -1), (-1, 1), (-1, -1)] }
        func point(_ i: Int, _ j: Int) -> (Double, Double) { (x0 + Double(i) * step, y0 + Double(j) * step) }
        var (i, j) = (0, 0)
        var value = Self.f(x0, y0)
        var evaluations = 1
        var path = [[x0, y0]]
        var values = [value]
        for _ in 0..<settings.maxSteps {
            var best: (Int, Int, Double)?
            for (di, dj) in offsets {
                let (x, y) = point(i + di, j + dj)
                let candidate = Self.f(x, y)
                evaluations += 1
                if candidate < (best?.2 ?? value) { best = (i + di, j + dj, candidate) }
            }
            guard let best else { break }
            (i, j, value) = best
            let (x, y) = point(i, j)
            path.append([x, y])
            values.append(value)
        }
        return Result(path: path, values: values, evaluations: evaluations, final: path.last!)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let table = LabSupport.table(
            ["move", "x", "y", "f"],
            result.path.indices.map {
                [
                    String($0), LabSupport.format(result.path[$0][0]), LabSupport.format(result.path[$0][1]),
                    LabSupport.format(result.values[$0]),
                ]
            })
        let xs = result.path.map { $0[0] } + [1]
        let ys = result.path.map { $0[1] } + [-0.5]
        let pad = 0.5
        var report = Report(
            title: "Neighbour search on a grid",
            summary: ["\(result.path.count - 1) moves, \(result.evaluations) evaluations"])
        report.sections.append(
            ReportSection(
                title: "Path on the contour of f",
                chart: LabSupport.contourChart(
                    title: "f(x, y) = (x − 1)² + 2(y + 0.5)²", xRange: (xs.min()! - pad)...(xs.max()! + pad),
                    yRange: (ys.min()! - pad)...(ys.max()! + pad), function: Self.f,
                    paths: [("path", result.path.map { ($0[0], $0[1]) })])))
        report.sections.append(ReportSection(title: "Moves", table: table))
        let text = """
            neighbor-search: \(result.path.count - 1) moves, \(result.evaluations) evaluations
            final point (\(LabSupport.format(result.final[0])), \(LabSupport.format(result.final[1]))), \
            f = \(LabSupport.format(result.values.last!)) (minimum at (1, -0.5))
            """
        return LabArtifacts(text: text, tables: ["path": table], report: report)
    }
}
