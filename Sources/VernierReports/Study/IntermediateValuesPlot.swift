import VernierTune

/// The learning curves of all trials (values reported with `trial.report(_:step:)`); pruned trials are drawn
/// in a second colour and end in a cross.
///
/// ```swift
/// let curves = IntermediateValuesPlot(trials: try study.trials())
/// ```
public struct IntermediateValuesPlot: PlotData, Equatable {
    /// One learning curve.
    ///
    /// ```swift
    /// let curve = IntermediateValuesPlot.Curve(trialNumber: 0, state: .pruned, steps: [1], values: [0.5])
    /// ```
    public struct Curve: Sendable, Codable, Equatable {
        /// The trial.
        public var trialNumber: Int
        /// Its state.
        public var state: TrialState
        /// Steps, ascending.
        public var steps: [Int]
        /// Values (finite).
        public var values: [Double]

        /// Creates a curve.
        ///
        /// ```swift
        /// let curve = IntermediateValuesPlot.Curve(trialNumber: 1, state: .complete, steps: [1, 2], values: [1, 0.5])
        /// ```
        public init(trialNumber: Int, state: TrialState, steps: [Int], values: [Double]) {
            self.trialNumber = trialNumber
            self.state = state
            self.steps = steps
            self.values = values
        }
    }

    /// Curves of trials that reported at least one value, by trial number.
    public var curves: [Curve]
    /// NaN or infinite intermediate values, left out.
    public var skippedCount: Int

    /// Collects the curves.
    ///
    /// ```swift
    /// let curves = IntermediateValuesPlot(trials: trials)
    /// ```
    public init(trials: [FrozenTrial]) {
        var skipped = 0
        self.curves = trials.sorted { $0.number < $1.number }.compactMap { trial in
            guard !trial.intermediateValues.isEmpty else { return nil }
            let sorted = trial.intermediateValues.sorted { $0.key < $1.key }
            let finite = sorted.filter { $0.value.isFinite }
            skipped += sorted.count - finite.count
            return Curve(
                trialNumber: trial.number, state: trial.state, steps: finite.map(\.key), values: finite.map(\.value))
        }
        self.skippedCount = skipped
    }

    /// Lines per trial; pruned trials in vermillion ending in a cross.
    ///
    /// ```swift
    /// let chart = curves.chart()
    /// ```
    public func chart() -> Chart {
        var seen: Set<Bool> = []
        let series = curves.map { curve in
            let pruned = curve.state == .pruned
            var points = zip(curve.steps, curve.values).map {
                ChartPoint(
                    x: Double($0), y: $1, marker: .none,
                    tooltip: "trial \(curve.trialNumber) step \($0): \(NumberFormat.short($1))")
            }
            if pruned, !points.isEmpty { points[points.count - 1].marker = .cross }
            return ChartSeries(
                name: pruned ? "pruned" : curve.state == .complete ? "complete" : curve.state.rawValue, style: .line,
                points: points, colorIndex: pruned ? 1 : curve.state == .complete ? 0 : 7,
                showsInLegend: seen.insert(pruned).inserted, dashed: pruned)
        }
        return Chart(
            title: "Intermediate values", xAxis: ChartAxis(label: "step"), yAxis: ChartAxis(label: "reported value"),
            series: series, skippedCount: skippedCount)
    }

    /// trial, state, step, value.
    ///
    /// ```swift
    /// print(curves.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["trial", "state", "step", "value"],
            rows: curves.flatMap { curve in
                zip(curve.steps, curve.values).map {
                    ["\(curve.trialNumber)", curve.state.rawValue, "\($0)", NumberFormat.short($1, digits: 6)]
                }
            })
    }
}
