import VernierTune

/// One vertical axis per parameter and one for the objective, one line per complete trial coloured by value;
/// infeasible trials (a constraint above 0) as dashed grey lines.
///
/// ```swift
/// let parallel = ParallelCoordinates(trials: try study.trials())
/// ```
public struct ParallelCoordinates: PlotData, Equatable {
    /// The axes (parameters by name, then "value").
    public var axes: [ParallelAxis]
    /// One line per trial.
    public var lines: [ParallelLine]
    /// Complete trials with NaN or infinite values, left out.
    public var skippedCount: Int
    /// The objective's name on the last axis, the colour note and the title (`nil`: "value").
    public var objective: String?

    /// Computes the axes and lines; `objective` names the value axis (one objective of a multi-objective study,
    /// see ``StudyReport``).
    ///
    /// ```swift
    /// let parallel = ParallelCoordinates(trials: trials)
    /// ```
    public init(trials: [FrozenTrial], objective: String? = nil) {
        let (kept, skipped) = StudyPlotSupport.finiteComplete(trials)
        let names = StudyPlotSupport.parameterNames(kept)
        var axes: [ParallelAxis] = names.map { name in
            let axis = StudyPlotSupport.axis(of: name, in: kept)
            let values = kept.compactMap { $0.parameters[name] }
            if let categories = axis.categories {
                return ParallelAxis(
                    name: name, low: 0, high: Double(max(categories.count - 1, 0)), categories: categories)
            }
            return ParallelAxis(name: name, low: values.min() ?? 0, high: values.max() ?? 1, scale: axis.scale)
        }
        let values = kept.map { $0.value! }
        axes.append(ParallelAxis(name: objective ?? "value", low: values.min() ?? 0, high: values.max() ?? 1))
        self.axes = axes
        self.lines = kept.map { trial in
            ParallelLine(
                values: names.map { trial.parameters[$0] ?? .nan } + [trial.value!], colorValue: trial.value!,
                tooltip: StudyPlotSupport.tooltip(trial) + (trial.isFeasible ? "" : " (infeasible)"),
                infeasible: trial.isFeasible ? nil : true)
        }
        self.skippedCount = skipped
        self.objective = objective
    }

    /// Parallel axes.
    ///
    /// ```swift
    /// let chart = parallel.chart()
    /// ```
    public func chart() -> Chart {
        let infeasible = lines.contains { $0.infeasible == true } ? "; dashed grey: infeasible" : ""
        return Chart(
            title: "Parallel coordinates" + (objective.map { " (\($0))" } ?? ""), xAxis: ChartAxis(label: ""),
            yAxis: ChartAxis(label: ""), parallel: ParallelAxes(axes: axes, lines: lines), skippedCount: skippedCount,
            note: "colour: \(objective ?? "objective value") (dark = low)" + infeasible)
    }

    /// One row per trial, one column per axis.
    ///
    /// ```swift
    /// print(parallel.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: axes.map(\.name),
            rows: lines.map { line in
                zip(axes, line.values).map { axis, value in
                    guard value.isFinite else { return "" }
                    if let categories = axis.categories {
                        return categories[min(max(Int(value), 0), categories.count - 1)]
                    }
                    return NumberFormat.short(value, digits: 6)
                }
            })
    }
}
