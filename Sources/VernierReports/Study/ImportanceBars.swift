import VernierTune

/// Parameter importances as bars, most important first.
///
/// ```swift
/// let bars = ImportanceBars(ParameterImportance.compute(trials: trials))
/// ```
public struct ImportanceBars: PlotData, Equatable {
    /// The importances, descending.
    public var importances: [ParameterImportance]
    /// Non-finite importances, left out.
    public var skippedCount: Int

    /// Sorts the importances, leaving out non-finite ones.
    ///
    /// ```swift
    /// let bars = ImportanceBars(try ParameterImportance.compute(study: study))
    /// ```
    public init(_ importances: [ParameterImportance]) {
        let finite = importances.filter { $0.importance.isFinite }
        self.importances = finite.sorted {
            $0.importance > $1.importance || ($0.importance == $1.importance && $0.parameter < $1.parameter)
        }
        self.skippedCount = importances.count - finite.count
    }

    /// Bars per parameter.
    ///
    /// ```swift
    /// let chart = bars.chart()
    /// ```
    public func chart() -> Chart {
        Chart(
            title: "Parameter importance",
            xAxis: ChartAxis(label: "parameter", categories: importances.map(\.parameter)),
            yAxis: ChartAxis(label: "importance", low: 0),
            series: [
                ChartSeries(
                    name: "importance", style: .bars,
                    points: importances.enumerated().map {
                        ChartPoint(
                            x: Double($0.offset), y: $0.element.importance,
                            tooltip: "\($0.element.parameter): \(NumberFormat.short($0.element.importance))")
                    }, colorIndex: 0, showsInLegend: false)
            ], skippedCount: skippedCount)
    }

    /// parameter, importance, explained variance.
    ///
    /// ```swift
    /// print(bars.table().markdown())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["parameter", "importance", "explained_variance"],
            rows: importances.map {
                [$0.parameter, NumberFormat.short($0.importance), NumberFormat.short($0.explainedVariance)]
            })
    }
}
