import Foundation
import VernierTune

/// The objective over two parameters: an interpolated grid (inverse-distance weighting in the axes' scaled
/// coordinates, Shepard 1968) behind the trials' points, coloured by value. Log parameters are interpolated in
/// decades; a categorical parameter is placed at its choices' indices. Infeasible trials (a constraint above 0) are
/// drawn as crosses.
///
/// ```swift
/// let contour = ContourPlot(trials: trials, xParameter: "learning_rate", yParameter: "momentum")
/// ```
public struct ContourPlot: PlotData, Equatable {
    /// The horizontal parameter.
    public var xParameter: String
    /// The vertical parameter.
    public var yParameter: String
    /// Axis scales.
    public var xScale: AxisScale
    /// The vertical axis scale.
    public var yScale: AxisScale
    /// Category names of a categorical horizontal parameter.
    public var xCategories: [String]?
    /// Category names of a categorical vertical parameter.
    public var yCategories: [String]?
    /// The points' x values.
    public var x: [Double]
    /// The points' y values.
    public var y: [Double]
    /// The objective values.
    public var values: [Double]
    /// The trial numbers.
    public var trialNumbers: [Int]
    /// The interpolated grid (`resolution × resolution`, row 0 at the bottom; empty with fewer than 3 points).
    public var grid: [Double]
    /// Grid cells per side.
    public var resolution: Int
    /// The grid's extent: x low, x high, y low, y high.
    public var extent: [Double]
    /// Complete trials with NaN or infinite values, left out.
    public var skippedCount: Int
    /// The objective's name on the colour scale and in the title (`nil`: "objective value").
    public var objective: String?
    /// Whether each point's trial satisfies its constraints; `nil` when every one does.
    public var feasible: [Bool]?

    /// Computes the plot from the complete trials that have both parameters; `objective` names the value (one
    /// objective of a multi-objective study, see ``StudyReport``).
    ///
    /// ```swift
    /// let contour = ContourPlot(trials: trials, xParameter: "x", yParameter: "y", resolution: 40)
    /// ```
    public init(
        trials: [FrozenTrial], xParameter: String, yParameter: String, resolution: Int = 40, objective: String? = nil
    ) {
        let (kept, skipped) = StudyPlotSupport.finiteComplete(trials)
        let with = kept.filter { $0.parameters[xParameter] != nil && $0.parameters[yParameter] != nil }
        let xAxis = StudyPlotSupport.axis(of: xParameter, in: with)
        let yAxis = StudyPlotSupport.axis(of: yParameter, in: with)
        self.xParameter = xParameter
        self.yParameter = yParameter
        let axisScales = (x: xAxis.scale, y: yAxis.scale)
        self.xScale = xAxis.scale
        self.yScale = yAxis.scale
        self.xCategories = xAxis.categories
        self.yCategories = yAxis.categories
        self.x = with.map { $0.parameters[xParameter]! }
        self.y = with.map { $0.parameters[yParameter]! }
        let values = with.map { $0.value! }
        self.values = values
        self.trialNumbers = with.map(\.number)
        self.skippedCount = skipped
        self.resolution = resolution
        self.objective = objective
        let feasible = with.map(\.isFeasible)
        self.feasible = feasible.allSatisfy { $0 } ? nil : feasible
        func transform(_ value: Double, _ scale: AxisScale) -> Double {
            scale == .log ? log10(max(value, 1e-300)) : value
        }
        func inverse(_ value: Double, _ scale: AxisScale) -> Double { scale == .log ? pow(10, value) : value }
        let (xScale, yScale) = (axisScales.x, axisScales.y)
        let tx = self.x.map { transform($0, xScale) }
        let ty = self.y.map { transform($0, yScale) }
        guard with.count >= 3, let x0 = tx.min(), let x1 = tx.max(), let y0 = ty.min(), let y1 = ty.max(), x1 > x0,
            y1 > y0
        else {
            self.grid = []
            self.extent = []
            return
        }
        self.extent = [inverse(x0, xScale), inverse(x1, xScale), inverse(y0, yScale), inverse(y1, yScale)]
        var grid: [Double] = []
        grid.reserveCapacity(resolution * resolution)
        for row in 0..<resolution {
            let gy = (Double(row) + 0.5) / Double(resolution)
            for column in 0..<resolution {
                let gx = (Double(column) + 0.5) / Double(resolution)
                var weightSum = 0.0
                var total = 0.0
                var exact: Double?
                for index in tx.indices {
                    let dx = (tx[index] - x0) / (x1 - x0) - gx
                    let dy = (ty[index] - y0) / (y1 - y0) - gy
                    let distance2 = dx * dx + dy * dy
                    if distance2 < 1e-12 {
                        exact = values[index]
                        break
                    }
                    let weight = 1 / (distance2 * distance2)  // power 4 on distance: sharper than the default 2
                    weightSum += weight
                    total += weight * values[index]
                }
                grid.append(exact ?? total / weightSum)
            }
        }
        self.grid = grid
    }

    /// The interpolated grid behind the trials' points (both coloured by value; darker is lower).
    ///
    /// ```swift
    /// let chart = contour.chart()
    /// ```
    public func chart() -> Chart {
        var heatmap: Heatmap?
        if !grid.isEmpty {  // categorical parameters sit at their choice's index, as in the grid
            heatmap = Heatmap(
                columns: resolution, rows: resolution, values: grid, palette: .sequential,
                opacity: Array(repeating: 0.55, count: grid.count),
                xLow: extent[0], xHigh: extent[1], yLow: extent[2], yHigh: extent[3])
        }
        let isFeasible = { (index: Int) in self.feasible?[index] ?? true }
        func tooltip(_ index: Int) -> String {
            "trial \(trialNumbers[index]): \(NumberFormat.short(values[index], digits: 6))"
        }
        var series = [
            ChartSeries(
                name: "trials", style: .points,
                points: x.indices.filter(isFeasible).map {
                    ChartPoint(x: x[$0], y: y[$0], colorValue: values[$0], tooltip: tooltip($0))
                }, showsInLegend: false)
        ]
        let infeasible = x.indices.filter { !isFeasible($0) }
        if let crosses = ChartSeries.infeasible(
            infeasible.map { ChartPoint(x: x[$0], y: y[$0], tooltip: tooltip($0) + " (infeasible)") })
        {
            series.append(crosses)
        }
        let label = objective ?? "objective value"
        return Chart(
            title: "Contour: \(xParameter) × \(yParameter)" + (objective.map { " (\($0))" } ?? ""),
            xAxis: ChartAxis(label: xParameter, scale: xScale, categories: xCategories),
            yAxis: ChartAxis(label: yParameter, scale: yScale, categories: yCategories),
            series: series, heatmap: heatmap, skippedCount: skippedCount, note: "colour: \(label) (dark = low)",
            colorBar: ColorBar(label: label, values: values))
    }

    /// trial, x, y, value (and feasible, when a trial is not).
    ///
    /// ```swift
    /// print(contour.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["trial", xParameter, yParameter, objective ?? "value"] + (feasible == nil ? [] : ["feasible"]),
            rows: x.indices.map { index in
                [
                    "\(trialNumbers[index])", NumberFormat.short(x[index], digits: 6),
                    NumberFormat.short(y[index], digits: 6), NumberFormat.short(values[index], digits: 6),
                ] + (feasible.map { ["\($0[index])"] } ?? [])
            })
    }
}
