import VernierTune

/// Parameter importances (PED-ANOVA shares, ``ParameterImportance``) as bars, most important first.
///
/// ```swift
/// let bars = ImportanceBars(ParameterImportance.compute(trials: trials, direction: .minimize))
/// ```
public struct ImportanceBars: PlotData, Equatable {
    /// The importances, descending.
    public var importances: [ParameterImportance]
    /// Non-finite importances, left out.
    public var skippedCount: Int
    /// The objective the importances explain, named in the title (`nil` for a one-objective study).
    public var objective: String?

    /// Sorts the importances, leaving out non-finite ones; `objective` names the objective they explain.
    ///
    /// ```swift
    /// let bars = ImportanceBars(try ParameterImportance.compute(study: study))
    /// ```
    public init(_ importances: [ParameterImportance], objective: String? = nil) {
        self.objective = objective
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
            title: "Parameter importance" + (objective.map { " (\($0))" } ?? ""),
            xAxis: ChartAxis(label: "parameter", categories: importances.map(\.parameter)),
            yAxis: ChartAxis(label: "share of importance (PED-ANOVA)", low: 0),
            series: [
                ChartSeries(
                    name: "importance", style: .bars,
                    points: importances.enumerated().map {
                        ChartPoint(
                            x: Double($0.offset), y: $0.element.importance,
                            tooltip: "\($0.element.parameter): \(NumberFormat.short($0.element.importance))")
                    }, colorIndex: 0, showsInLegend: false)
            ], skippedCount: skippedCount,
            note: "PED-ANOVA: how differently each parameter is distributed in the best 10% of trials; shares sum to 1")
    }

    /// parameter, importance (share), divergence (before normalisation).
    ///
    /// ```swift
    /// print(bars.table().markdown())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["parameter", "importance", "divergence"],
            rows: importances.map {
                [$0.parameter, NumberFormat.short($0.importance), NumberFormat.short($0.divergence)]
            })
    }
}
