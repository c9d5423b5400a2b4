import VernierTune

/// The empirical distribution function of the complete trials' values: the fraction of trials with a value
/// ≤ x. Steeper and further left is better when minimizing.
///
/// ```swift
/// let edf = EmpiricalDistribution(trials: trials)
/// edf.fractions.last   // 1.0
/// ```
public struct EmpiricalDistribution: PlotData, Equatable {
    /// The values, ascending.
    public var values: [Double]
    /// `i / n` for the i-th value (1-based).
    public var fractions: [Double]
    /// Complete trials with NaN or infinite values, left out.
    public var skippedCount: Int

    /// Computes the EDF.
    ///
    /// ```swift
    /// let edf = EmpiricalDistribution(trials: trials)
    /// ```
    public init(trials: [FrozenTrial]) {
        let (kept, skipped) = StudyPlotSupport.finiteComplete(trials)
        let sorted = kept.map { $0.value! }.sorted()
        self.values = sorted
        self.fractions = sorted.indices.map { Double($0 + 1) / Double(sorted.count) }
        self.skippedCount = skipped
    }

    /// A step line from 0 to 1.
    ///
    /// ```swift
    /// let chart = edf.chart()
    /// ```
    public func chart() -> Chart {
        var points: [ChartPoint] = []
        if let first = values.first { points.append(ChartPoint(x: first, y: 0, marker: .none)) }
        points += zip(values, fractions).map {
            ChartPoint(
                x: $0, y: $1, marker: .none,
                tooltip: "≤ \(NumberFormat.short($0, digits: 6)): \(NumberFormat.short($1 * 100, digits: 3))%")
        }
        return Chart(
            title: "Empirical distribution of values", xAxis: ChartAxis(label: "objective value"),
            yAxis: ChartAxis(label: "fraction of trials", low: 0, high: 1),
            series: [ChartSeries(name: "EDF", style: .step, points: points, colorIndex: 0, showsInLegend: false)],
            skippedCount: skippedCount)
    }

    /// value, fraction.
    ///
    /// ```swift
    /// print(edf.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["value", "fraction"],
            rows: zip(values, fractions).map { [NumberFormat.short($0, digits: 6), NumberFormat.short($1, digits: 6)] })
    }
}
