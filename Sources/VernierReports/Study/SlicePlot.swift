import VernierTune

/// The objective value against one parameter, one point per complete trial, coloured by trial number; a log
/// axis when the parameter was sampled on a log scale, categories for categorical parameters; infeasible trials
/// (a constraint above 0) as crosses.
///
/// ```swift
/// let slices = SlicePlot.all(trials: try study.trials())
/// let lr = SlicePlot(trials: trials, parameter: "learning_rate")   // log x axis
/// ```
public struct SlicePlot: PlotData, Equatable {
    /// The parameter.
    public var parameter: String
    /// Log or linear x axis.
    public var scale: AxisScale
    /// Category names for a categorical parameter (x values are indices).
    public var categories: [String]?
    /// The parameter's value (or category index) per point.
    public var x: [Double]
    /// The objective values.
    public var values: [Double]
    /// The trial numbers.
    public var trialNumbers: [Int]
    /// Complete trials with NaN or infinite values, left out.
    public var skippedCount: Int
    /// The objective's name on the value axis and in the title (`nil`: "objective value").
    public var objective: String?
    /// Whether each point's trial satisfies its constraints; `nil` when every one does.
    public var feasible: [Bool]?

    /// Computes one parameter's slice (trials without the parameter are left out); `objective` names the value
    /// (one objective of a multi-objective study, see ``StudyReport``).
    ///
    /// ```swift
    /// let slice = SlicePlot(trials: trials, parameter: "batch_size")
    /// ```
    public init(trials: [FrozenTrial], parameter: String, objective: String? = nil) {
        let (kept, skipped) = StudyPlotSupport.finiteComplete(trials)
        let axis = StudyPlotSupport.axis(of: parameter, in: kept)
        self.parameter = parameter
        self.scale = axis.scale
        self.categories = axis.categories
        let with = kept.filter { $0.parameters[parameter] != nil }
        self.x = with.map { $0.parameters[parameter]! }
        self.values = with.map { $0.value! }
        self.trialNumbers = with.map(\.number)
        self.skippedCount = skipped
        self.objective = objective
        let feasible = with.map(\.isFeasible)
        self.feasible = feasible.allSatisfy { $0 } ? nil : feasible
    }

    /// One slice per parameter of the complete trials, by name.
    ///
    /// ```swift
    /// for slice in SlicePlot.all(trials: trials) { print(slice.parameter) }
    /// ```
    public static func all(trials: [FrozenTrial]) -> [SlicePlot] {
        StudyPlotSupport.parameterNames(StudyPlotSupport.finiteComplete(trials).trials).map {
            SlicePlot(trials: trials, parameter: $0)
        }
    }

    /// Points coloured by trial number.
    ///
    /// ```swift
    /// let chart = slice.chart()
    /// ```
    public func chart() -> Chart {
        func tooltip(_ index: Int) -> String {
            "trial \(trialNumbers[index]): \(parameter)=\(shown(index)) → "
                + NumberFormat.short(values[index], digits: 6)
        }
        let isFeasible = { (index: Int) in self.feasible?[index] ?? true }
        var series = [
            ChartSeries(
                name: "trials", style: .points,
                points: x.indices.filter(isFeasible).map { index in
                    ChartPoint(
                        x: x[index], y: values[index], colorValue: Double(trialNumbers[index]),
                        tooltip: tooltip(index))
                }, showsInLegend: false)
        ]
        let infeasible = x.indices.filter { !isFeasible($0) }
        if let crosses = ChartSeries.infeasible(
            infeasible.map { ChartPoint(x: x[$0], y: values[$0], tooltip: tooltip($0) + " (infeasible)") })
        {
            series.append(crosses)
        }
        return Chart(
            title: "Slice: \(parameter)" + (objective.map { " (\($0))" } ?? ""),
            xAxis: ChartAxis(label: parameter, scale: scale, categories: categories),
            yAxis: ChartAxis(label: objective ?? "objective value"), series: series, skippedCount: skippedCount,
            note: "colour: trial number (dark = early)",
            colorBar: ColorBar(label: "trial", values: trialNumbers.map(Double.init)))
    }

    /// trial, parameter value, objective value (and feasible, when a trial is not).
    ///
    /// ```swift
    /// print(slice.table().markdown())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["trial", parameter, objective ?? "value"] + (feasible == nil ? [] : ["feasible"]),
            rows: x.indices.map { index in
                ["\(trialNumbers[index])", shown(index), NumberFormat.short(values[index], digits: 6)]
                    + (feasible.map { ["\($0[index])"] } ?? [])
            })
    }

    /// The parameter value of point `index` as text (the category name for a categorical parameter).
    private func shown(_ index: Int) -> String {
        guard let categories, !categories.isEmpty else { return NumberFormat.short(x[index], digits: 6) }
        return categories[min(max(Int(x[index]), 0), categories.count - 1)]
    }
}
