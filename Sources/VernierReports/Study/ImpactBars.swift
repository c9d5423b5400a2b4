import VernierTune

/// One row of a sensitivity study's ``ImpactTable`` as bars: the mean objective at each value of one parameter
/// with ± sd whiskers; the baseline value is marked.
///
/// ```swift
/// let charts = try ImpactTable(study: study).rows.map { ImpactBars(row: $0).chart() }
/// ```
public struct ImpactBars: PlotData, Equatable {
    /// The parameter.
    public var parameter: String
    /// The values as text.
    public var labels: [String]
    /// Means.
    public var means: [Double]
    /// Standard deviations.
    public var sds: [Double]
    /// Which value is the baseline.
    public var isBaseline: [Bool]
    /// The impact (range of the means).
    public var range: Double
    /// Entries with NaN or infinite means, left out.
    public var skippedCount: Int

    /// Takes one row of the impact table.
    ///
    /// ```swift
    /// let bars = ImpactBars(row: table.rows[0])
    /// ```
    public init(row: ImpactTable.Row) {
        let finite = row.values.filter { $0.mean.isFinite }
        self.parameter = row.parameter
        self.labels = finite.map { $0.value.description + ($0.isBaseline ? " (baseline)" : "") }
        self.means = finite.map(\.mean)
        self.sds = finite.map { $0.sd.isFinite ? $0.sd : 0 }
        self.isBaseline = finite.map(\.isBaseline)
        self.range = row.range
        self.skippedCount = row.values.count - finite.count
    }

    /// Bars with whiskers; the baseline bar in the second palette colour.
    ///
    /// ```swift
    /// let chart = bars.chart()
    /// ```
    public func chart() -> Chart {
        Chart(
            title: "Impact of \(parameter) (range \(NumberFormat.short(range)))",
            xAxis: ChartAxis(label: parameter, categories: labels), yAxis: ChartAxis(label: "mean ± sd"),
            series: [
                ChartSeries(
                    name: "mean", style: .bars,
                    points: means.indices.map {
                        ChartPoint(
                            x: Double($0), y: means[$0], error: sds[$0], colorIndex: isBaseline[$0] ? 3 : 0,
                            tooltip:
                                "\(parameter)=\(labels[$0]): \(NumberFormat.short(means[$0], digits: 5)) ± \(NumberFormat.short(sds[$0], digits: 3))"
                        )
                    }, showsInLegend: false)
            ], skippedCount: skippedCount)
    }

    /// value, mean, sd.
    ///
    /// ```swift
    /// print(bars.table().markdown())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: [parameter, "mean", "sd"],
            rows: means.indices.map {
                [labels[$0], NumberFormat.short(means[$0], digits: 6), NumberFormat.short(sds[$0], digits: 4)]
            })
    }
}
