import VernierTune

/// The objective value of every complete trial in order, and the best value so far (lowest when minimizing,
/// highest when maximizing).
///
/// ```swift
/// let history = try OptimizationHistory(study: study)
/// print(history.bestSoFar.last!)
/// ```
public struct OptimizationHistory: PlotData, Equatable {
    /// Minimize or maximize.
    public var direction: StudyDirection
    /// Trial numbers of the complete trials with finite values.
    public var trialNumbers: [Int]
    /// Their values.
    public var values: [Double]
    /// The best value up to and including each trial.
    public var bestSoFar: [Double]
    /// Complete trials with NaN or infinite values, left out.
    public var skippedCount: Int

    /// Reads a study's trials.
    ///
    /// ```swift
    /// let history = try OptimizationHistory(study: study)
    /// ```
    public init(study: Study) throws {
        self.init(trials: try study.trials(), direction: study.direction)
    }

    /// Computes the history from trials (only complete trials count).
    ///
    /// ```swift
    /// let history = OptimizationHistory(trials: trials, direction: .maximize)
    /// ```
    public init(trials: [FrozenTrial], direction: StudyDirection) {
        let (kept, skipped) = StudyPlotSupport.finiteComplete(trials)
        self.direction = direction
        self.trialNumbers = kept.map(\.number)
        self.values = kept.map { $0.value! }
        var best: [Double] = []
        for value in values {
            if let last = best.last, !direction.isBetter(value, than: last) {
                best.append(last)
            } else {
                best.append(value)
            }
        }
        self.bestSoFar = best
        self.skippedCount = skipped
    }

    /// Points per trial and the best-so-far step line.
    ///
    /// ```swift
    /// let chart = history.chart()
    /// ```
    public func chart() -> Chart {
        let positive = (values.min() ?? 0) > 0 && (values.max() ?? 0) / (values.min() ?? 1) > 100
        return Chart(
            title: "Optimization history", xAxis: ChartAxis(label: "trial"),
            yAxis: ChartAxis(label: "objective value", scale: positive ? .log : .linear),
            series: [
                ChartSeries(
                    name: "value", style: .points,
                    points: zip(trialNumbers, values).map {
                        ChartPoint(x: Double($0), y: $1, tooltip: "trial \($0): \(NumberFormat.short($1, digits: 6))")
                    }, colorIndex: 0),
                ChartSeries(
                    name: "best so far (\(direction.rawValue))", style: .step,
                    points: zip(trialNumbers, bestSoFar).map { ChartPoint(x: Double($0), y: $1, marker: .none) },
                    colorIndex: 1),
            ], skippedCount: skippedCount)
    }

    /// trial, value, best so far.
    ///
    /// ```swift
    /// print(history.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["trial", "value", "best_so_far"],
            rows: trialNumbers.indices.map {
                [
                    "\(trialNumbers[$0])", NumberFormat.short(values[$0], digits: 6),
                    NumberFormat.short(bestSoFar[$0], digits: 6),
                ]
            })
    }
}
