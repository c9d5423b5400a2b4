import Foundation
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierReports
import VernierTensor

/// `vernier lab overparameterization`: data made by a fixed "teacher" MLP 2-k-1 (tanh, no noise, so the global
/// minimum of the MSE is 0) are fitted by student MLPs 2-w-1 of widths w from several random initializations
/// (full-batch Adam); reports the final losses per width and how often training reaches the global minimum
/// (loss below `threshold`; targets standardized to unit variance). Wider students reach it more often.
///
/// ```swift
/// let lab = OverparameterizationLab()
/// let result = try lab.run(try lab.configuration(["widths": "1,8", "runs": "3"]))
/// result.widths.last!.successRate >= result.widths.first!.successRate   // true
/// ```
public struct OverparameterizationLab: LabExperiment {
    /// All runs of one width.
    public struct Width: Codable, Sendable {
        /// The student's hidden width.
        public var width: Int
        /// Final training MSE of each run.
        public var finalLosses: [Double]
        /// Fraction of runs below the threshold.
        public var successRate: Double
    }

    /// Every width.
    public struct Result: Codable, Sendable {
        /// The teacher's hidden width.
        public var teacherWidth: Int
        /// The success threshold on the MSE (absolute).
        public var threshold: Double
        /// One entry per width.
        public var widths: [Width]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "overparameterization"
    /// One line for `vernier lab list`.
    public let summary = "students of widths 1…N fit a teacher network: final losses and how often they reach 0"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("widths", default: "1,2,3,4,6,8", kind: .text, help: "student hidden widths"),
        ExperimentKey("teacher-width", default: "4", kind: .integer(minimum: 1), help: "teacher hidden width"),
        ExperimentKey("runs", default: "4", kind: .integer(minimum: 1), help: "initializations per width"),
        ExperimentKey("points", default: "64", kind: .integer(minimum: 2), help: "training points"),
        ExperimentKey("steps", default: "1000", kind: .integer(minimum: 1), help: "full-batch Adam steps"),
        ExperimentKey("lr", default: "0.02", kind: .number(minimum: 0), help: "Adam learning rate"),
        ExperimentKey(
            "threshold", default: "0.001", kind: .number(minimum: 0),
            help: "success: final MSE below this (targets have unit variance)"),
        ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "seed of the teacher and the data"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// The student widths.
        public var widths: [Int]
        /// The teacher's hidden width.
        public var teacherWidth: Int
        /// Training points.
        public var points: Int
        /// Adam steps per run.
        public var steps: Int
        /// Adam's learning rate.
        public var rate: Float
        /// Runs per width.
        public var runs: Int
        /// Success: a final MSE below this.
        public var threshold: Double
        /// The seed of the teacher and the data.
        public var seed: UInt64
    }

    /// Reads the keys once (`widths` as a list of positive whole numbers).
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        Settings(
            widths: try LabSupport.integers(configuration, "widths"),
            teacherWidth: configuration.integer("teacher-width"),
            points: configuration.integer("points"), steps: configuration.integer("steps"),
            rate: Float(configuration.double("lr")), runs: configuration.integer("runs"),
            threshold: configuration.double("threshold"), seed: UInt64(configuration.integer("seed")))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let widths = settings.widths
        let seed = settings.seed
        var generator = Xoshiro256(seed: seed)
        let teacherWidth = settings.teacherWidth
        var teacher = MLP(sizes: [2, teacherWidth, 1], activation: .tanh, using: &generator)
        // Larger teacher weights make the target function clearly nonlinear.
        teacher.updateParameters { $0 = $0 * 3 }
        let count = settings.points
        let inputs = Tensor(shape: [count, 2], scalars: (0..<(2 * count)).map { _ in Float(generator.nextNormal()) })
        let output: Tensor = withoutGradient { teacher(inputs) }
        let raw: [Double] = output.scalars.map { Double($0) }
        let mean: Double = raw.reduce(0, +) / Double(count)
        var variance = 0.0
        for value in raw { variance += (value - mean) * (value - mean) }
        variance /= Double(count)
        // Targets standardized to mean 0 and variance 1, so the threshold is relative to their variance.
        let scale = variance > 0 ? 1 / variance.squareRoot() : 1
        let targets = Tensor(shape: [count, 1], scalars: raw.map { Float(($0 - mean) * scale) })
        let threshold = settings.threshold
        let steps = settings.steps
        let rate = settings.rate
        var results: [Width] = []
        for width in widths {
            var losses: [Double] = []
            for run in 0..<settings.runs {
                var initialization = Xoshiro256(seed: seed &* 1000 &+ UInt64(width) &* 97 &+ UInt64(run) &+ 1)
                var student = MLP(sizes: [2, width, 1], activation: .tanh, using: &initialization)
                var optimizer = Adam(learningRate: rate)
                var last = Double.nan
                for _ in 0..<steps {
                    let (loss, gradient) = valueAndGradient(at: student) { model in
                        meanSquaredError(predicted: model(inputs), expected: targets)
                    }
                    last = Double(loss.item)
                    optimizer.update(&student, along: gradient)
                }
                let final = withoutGradient {
                    Double(meanSquaredError(predicted: student(inputs), expected: targets).item)
                }
                losses.append(final.isFinite ? final : last)
            }
            let successes = losses.filter { $0 < threshold }.count
            results.append(
                Width(width: width, finalLosses: losses, successRate: Double(successes) / Double(losses.count)))
        }
        return Result(teacherWidth: teacherWidth, threshold: threshold, widths: results)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let table = LabSupport.table(
            ["width", "success_rate", "median_loss", "min_loss", "max_loss"],
            result.widths.map { width in
                let sorted = width.finalLosses.sorted()
                return [
                    String(width.width), LabSupport.format(width.successRate, digits: 3),
                    LabSupport.format(sorted[sorted.count / 2]), LabSupport.format(sorted.first!),
                    LabSupport.format(sorted.last!),
                ]
            })
        var runRows: [[String]] = []
        for width in result.widths {
            for (run, loss) in width.finalLosses.enumerated() {
                runRows.append([String(width.width), String(run), LabSupport.format(loss)])
            }
        }
        var losses = Chart(
            title: "final loss of every run", xAxis: ChartAxis(label: "student width"),
            yAxis: ChartAxis(label: "MSE", scale: .log),
            series: [
                ChartSeries(
                    name: "runs", style: .points,
                    points: result.widths.flatMap { width in
                        width.finalLosses.filter { $0 > 0 && $0.isFinite }.map {
                            ChartPoint(x: Double(width.width), y: $0)
                        }
                    }, colorIndex: 0),
                ChartSeries(
                    name: "threshold", style: .line,
                    points: [result.widths.first!, result.widths.last!].map {
                        ChartPoint(x: Double($0.width), y: result.threshold)
                    }, colorIndex: 1, dashed: true),
            ])
        losses.note = "teacher width \(result.teacherWidth)"
        var report = Report(
            title: "Overparameterization", summary: ["teacher 2-\(result.teacherWidth)-1; students 2-w-1"])
        report.sections.append(ReportSection(title: "Final losses", chart: losses))
        report.sections.append(
            ReportSection(
                title: "Reaching the global minimum",
                chart: LabSupport.lineChart(
                    title: "fraction of runs below the threshold", x: "student width", y: "success rate",
                    lines: [("success rate", result.widths.map { (Double($0.width), $0.successRate) })]),
                table: table))
        return LabArtifacts(
            text:
                "overparameterization (teacher width \(result.teacherWidth), threshold \(LabSupport.format(result.threshold)))\n"
                + table.markdown(),
            tables: ["widths": table, "runs": LabSupport.table(["width", "run", "final_loss"], runRows)], report: report
        )
    }
}
