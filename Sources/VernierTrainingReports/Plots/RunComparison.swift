import VernierReports
import VernierTraining

/// Several training runs on one chart, e.g. the validation loss of SGD, Adam and RMSProp.
///
/// ```swift
/// let comparison = RunComparison(
///     runs: [("SGD", sgdHistory), ("Adam", adamHistory), ("RMSProp", rmsPropHistory)], quantity: "train_loss")
/// ```
public struct RunComparison: PlotData, Equatable {
    /// The compared quantity ("train_loss", "val_loss", "val_accuracy", …).
    public var quantity: String
    /// One curve per run, in the given order.
    public var runs: [TrainingCurves.Curve]
    /// NaN or infinite values left out.
    public var skippedCount: Int

    /// Computes one curve per run from `EpochRecord.value(named:)`.
    ///
    /// ```swift
    /// let comparison = RunComparison(runs: [("a", a), ("b", b)])
    /// ```
    public init(runs: [(name: String, history: TrainingHistory)], quantity: String = "train_loss") {
        self.quantity = quantity
        var skipped = 0
        self.runs = runs.map { run in
            var epochs: [Int] = []
            var values: [Double] = []
            for record in run.history.epochs {
                guard let value = record.value(named: quantity) else { continue }
                guard value.isFinite else {
                    skipped += 1
                    continue
                }
                epochs.append(record.epoch)
                values.append(value)
            }
            return TrainingCurves.Curve(name: run.name, epochs: epochs, values: values)
        }
        self.skippedCount = skipped
    }

    /// One line per run.
    ///
    /// ```swift
    /// let svg = SVGRenderer().render(comparison.chart())
    /// ```
    public func chart() -> Chart {
        let all = runs.flatMap(\.values)
        let useLog = quantity.hasSuffix("loss") && (all.min() ?? 0) > 0 && (all.max() ?? 0) / (all.min() ?? 1) > 10
        return Chart(
            title: "\(quantity) by run", xAxis: ChartAxis(label: "epoch"),
            yAxis: ChartAxis(label: quantity, scale: useLog ? .log : .linear),
            series: runs.enumerated().map { index, run in
                ChartSeries(
                    name: run.name, style: .line,
                    points: zip(run.epochs, run.values).map {
                        ChartPoint(x: Double($0), y: $1, tooltip: "\(run.name) epoch \($0): \(NumberFormat.short($1))")
                    }, colorIndex: index)
            }, skippedCount: skippedCount)
    }

    /// One row per epoch, one column per run.
    ///
    /// ```swift
    /// print(comparison.table().markdown())
    /// ```
    public func table() -> DataTable {
        let epochs = Set(runs.flatMap(\.epochs)).sorted()
        let lookup = runs.map { Dictionary(zip($0.epochs, $0.values), uniquingKeysWith: { $1 }) }
        return DataTable(
            headers: ["epoch"] + runs.map(\.name),
            rows: epochs.map { epoch in ["\(epoch)"] + lookup.map { $0[epoch].map { NumberFormat.short($0) } ?? "" } })
    }
}
