import Foundation
import VernierExperiments
import VernierReports

/// One experiment of the optimization lab (`vernier lab <name>`): a small, self-contained demonstration from the
/// optimization-for-deep-learning courses, with keys that change its parameters, a Codable result with every
/// number, and the files it writes (text summary, CSV tables, JSON, an HTML report).
///
/// The keys are validated into an ``ExperimentConfiguration`` (the messages of `--set`), which ``settings(_:)``
/// reads once into the lab's typed ``Settings`` (lists parsed, values that depend on each other checked); the run
/// reads only those.
///
/// ```swift
/// let lab = MomentumLab()
/// let result = try lab.run(try lab.configuration(["kappa": "100"]))
/// print(lab.artifacts(of: result).text)
/// ```
public protocol LabExperiment: Sendable {
    /// The lab's settings as typed values.
    associatedtype Settings: Sendable
    /// The numbers an experiment produces.
    associatedtype Result: Codable & Sendable
    /// The name on the command line ("momentum").
    var name: String { get }
    /// One line for `vernier lab list`.
    var summary: String { get }
    /// Every key with its default and meaning.
    var keys: [ExperimentKey] { get }
    /// The typed settings of a validated configuration: the one place a lab reads its keys by name.
    func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings
    /// Runs the experiment, writing progress to `progress` (most labs take a second or two and write none).
    func run(_ settings: Settings, progress: LabProgress) throws -> Result
    /// The text summary, the CSV tables and the report of a result.
    func artifacts(of result: Result) -> LabArtifacts
}

/// What a lab experiment shows: a readable summary, tables written as CSV files, and an HTML report.
///
/// ```swift
/// let artifacts = LabArtifacts(text: "done", tables: ["path": table], report: Report(title: "Path"))
/// ```
public struct LabArtifacts: Sendable {
    /// The text printed on the terminal.
    public var text: String
    /// Tables by file stem (`path` is written as `path.csv`).
    public var tables: [String: DataTable]
    /// The report written as `report.html`.
    public var report: Report

    /// Creates the artifacts.
    public init(text: String, tables: [String: DataTable], report: Report) {
        self.text = text
        self.tables = tables
        self.report = report
    }
}

extension LabExperiment {
    /// Runs the experiment with the typed settings of `configuration`, writing progress to `progress`.
    ///
    /// ```swift
    /// let result = try MomentumLab().run(try MomentumLab().configuration(["kappas": "100"]))
    /// ```
    public func run(_ configuration: ExperimentConfiguration, progress: LabProgress = .silent) throws -> Result {
        try run(settings(configuration), progress: progress)
    }

    /// Validates `overrides` (unknown keys and bad values give a ``ConfigError`` listing what is valid) and fills
    /// in the defaults.
    ///
    /// ```swift
    /// let configuration = try GradientDescentLab().configuration(["steps": "50"])
    /// ```
    public func configuration(
        _ overrides: [String: String], location: String? = "--set"
    ) throws(ConfigError) -> ExperimentConfiguration {
        try ExperimentConfiguration.parsing(keys: keys, overrides, location: location)
    }

    /// Runs with `overrides`, writing progress to `progress`, and, when `directory` is given, writes
    /// `result.json`, one CSV per table and `report.html` there; returns the text summary.
    ///
    /// ```swift
    /// let text = try MinimizeLab().execute(["start": "2"], writingTo: URL(fileURLWithPath: "runs/minimize"))
    /// ```
    public func execute(
        _ overrides: [String: String], writingTo directory: URL?, progress: LabProgress = .silent
    ) throws -> String {
        let result = try run(configuration(overrides), progress: progress)
        let artifacts = artifacts(of: result)
        guard let directory else { return artifacts.text }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(result).write(to: directory.appendingPathComponent("result.json"), options: .atomic)
        for (stem, table) in artifacts.tables {
            try table.csv().write(
                to: directory.appendingPathComponent("\(stem).csv"), atomically: true, encoding: .utf8)
        }
        try ReportWriter.write(artifacts.report, to: directory.appendingPathComponent("report.html"))
        try artifacts.text.write(
            to: directory.appendingPathComponent("summary.txt"), atomically: true, encoding: .utf8)
        return artifacts.text
            + "\nwrote result.json, \(artifacts.tables.keys.sorted().map { "\($0).csv" }.joined(separator: ", ")), report.html to \(directory.path)"
    }
}

/// Small helpers shared by the lab experiments: list-valued keys, formatting, charts.
enum LabSupport {
    /// Parses a comma-separated list of numbers from `key` (e.g. `rates=0.1,0.9,1.1`).
    static func numbers(_ configuration: ExperimentConfiguration, _ key: String) throws(ConfigError) -> [Double] {
        let text = configuration.string(key)
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Double] = []
        for part in parts {
            guard let value = Double(part), value.isFinite else {
                throw ConfigError.invalidValue(
                    key: key, value: text, expected: "comma-separated numbers, e.g. \(key)=1,10,100", location: "--set")
            }
            values.append(value)
        }
        guard !values.isEmpty else {
            throw ConfigError.invalidValue(
                key: key, value: text, expected: "at least one number, e.g. \(key)=1,10,100", location: "--set")
        }
        return values
    }

    /// Parses a comma-separated list of positive whole numbers from `key`.
    static func integers(_ configuration: ExperimentConfiguration, _ key: String) throws(ConfigError) -> [Int] {
        let values = try numbers(configuration, key)
        guard values.allSatisfy({ $0 >= 1 && $0 == $0.rounded() && $0 < 1e9 }) else {
            throw ConfigError.invalidValue(
                key: key, value: configuration.string(key), expected: "positive whole numbers, e.g. \(key)=1,2,4",
                location: "--set")
        }
        return values.map { Int($0) }
    }

    /// A number in short form for summaries and tables.
    static func format(_ value: Double, digits: Int = 6) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%.\(digits)g", value)
    }

    /// Per-epoch values as (epoch, value) points, epochs counted from 1.
    static func perEpoch(_ values: [Double]) -> [(Double, Double)] {
        values.enumerated().map { (Double($0 + 1), $1) }
    }

    /// A chart of several (x, y) lines.
    static func lineChart(
        title: String, x: String, y: String, logY: Bool = false, lines: [(name: String, points: [(Double, Double)])],
        note: String? = nil
    ) -> Chart {
        var skipped = 0
        let series = lines.enumerated().map { index, line in
            let points = line.points.filter { point in
                let keep = point.0.isFinite && point.1.isFinite && (!logY || point.1 > 0)
                if !keep { skipped += 1 }
                return keep
            }
            return ChartSeries(
                name: line.name, style: .line, points: points.map { ChartPoint(x: $0.0, y: $0.1) }, colorIndex: index)
        }
        return Chart(
            title: title, xAxis: ChartAxis(label: x), yAxis: ChartAxis(label: y, scale: logY ? .log : .linear),
            series: series, skippedCount: skipped, note: note)
    }

    /// A chart of a 2-D function's values on a grid (log-scaled colours) with paths drawn over it.
    static func contourChart(
        title: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, resolution: Int = 60,
        function: (Double, Double) -> Double, paths: [(name: String, points: [(Double, Double)])]
    ) -> Chart {
        var values: [Double] = []
        for row in 0..<resolution {
            let y =
                yRange.lowerBound + (Double(row) + 0.5) / Double(resolution) * (yRange.upperBound - yRange.lowerBound)
            for column in 0..<resolution {
                let x =
                    xRange.lowerBound + (Double(column) + 0.5) / Double(resolution)
                    * (xRange.upperBound - xRange.lowerBound)
                values.append(log10(max(function(x, y), 1e-12)))
            }
        }
        let heatmap = Heatmap(
            columns: resolution, rows: resolution, values: values, palette: .sequential,
            opacity: Array(repeating: 0.6, count: values.count), xLow: xRange.lowerBound, xHigh: xRange.upperBound,
            yLow: yRange.lowerBound, yHigh: yRange.upperBound)
        let series = paths.enumerated().map { index, path in
            ChartSeries(
                name: path.name, style: .line,
                points: path.points.filter { xRange.contains($0.0) && yRange.contains($0.1) }.map {
                    ChartPoint(x: $0.0, y: $0.1)
                }, colorIndex: index + 1)
        }
        return Chart(
            title: title, xAxis: ChartAxis(label: "x", low: xRange.lowerBound, high: xRange.upperBound),
            yAxis: ChartAxis(label: "y", low: yRange.lowerBound, high: yRange.upperBound), series: series,
            heatmap: heatmap, note: "colour: log10 f (dark = low)")
    }

    /// A table from headers and numeric/text rows.
    static func table(_ headers: [String], _ rows: [[String]]) -> DataTable {
        DataTable(headers: headers, rows: rows)
    }
}
