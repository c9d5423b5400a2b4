import VernierReports
import VernierTraining

/// Per-epoch curves of one quantity from a ``TrainingHistory``: the loss (train and validation) or a metric
/// such as accuracy (train and validation).
///
/// ```swift
/// let loss = TrainingCurves(history: history)                        // train_loss and val_loss per epoch
/// let accuracy = TrainingCurves(history: history, quantity: "accuracy")
/// ```
public struct TrainingCurves: PlotData, Equatable {
    /// "loss" or a metric name.
    public var quantity: String
    /// One curve per split that recorded the quantity ("train", "validation").
    public var curves: [Curve]
    /// NaN or infinite values left out.
    public var skippedCount: Int

    /// One named curve: epochs and values.
    ///
    /// ```swift
    /// let curve = TrainingCurves.Curve(name: "train", epochs: [1, 2], values: [0.9, 0.5])
    /// ```
    public struct Curve: Sendable, Codable, Equatable {
        /// The curve's name.
        public var name: String
        /// The x values.
        public var epochs: [Int]
        /// The y values (finite).
        public var values: [Double]

        /// Creates a curve.
        ///
        /// ```swift
        /// let curve = TrainingCurves.Curve(name: "validation", epochs: [1], values: [0.7])
        /// ```
        public init(name: String, epochs: [Int], values: [Double]) {
            self.name = name
            self.epochs = epochs
            self.values = values
        }
    }

    /// Computes the curves; NaN and infinite values are skipped and counted.
    ///
    /// ```swift
    /// let curves = TrainingCurves(history: history, quantity: "loss")
    /// ```
    public init(history: TrainingHistory, quantity: String = "loss") {
        self.quantity = quantity
        var skipped = 0
        var curves: [Curve] = []
        for (split, prefix) in [("train", "train_"), ("validation", "val_")] {
            var epochs: [Int] = []
            var values: [Double] = []
            for record in history.epochs {
                guard let value = record.value(named: prefix + quantity) else { continue }
                guard value.isFinite else {
                    skipped += 1
                    continue
                }
                epochs.append(record.epoch)
                values.append(value)
            }
            if !epochs.isEmpty || history.epochs.contains(where: { $0.value(named: prefix + quantity) != nil }) {
                curves.append(Curve(name: split, epochs: epochs, values: values))
            }
        }
        self.curves = curves
        self.skippedCount = skipped
    }

    /// Lines per split; a log y axis for a positive loss spanning more than a decade.
    ///
    /// ```swift
    /// let chart = TrainingCurves(history: history).chart()
    /// ```
    public func chart() -> Chart {
        let all = curves.flatMap(\.values)
        let useLog = quantity.hasSuffix("loss") && (all.min() ?? 0) > 0 && (all.max() ?? 0) / (all.min() ?? 1) > 10
        let series = curves.enumerated().map { index, curve in
            ChartSeries(
                name: curve.name, style: .line,
                points: zip(curve.epochs, curve.values).map {
                    ChartPoint(
                        x: Double($0), y: $1, tooltip: "\(curve.name) epoch \($0): \(NumberFormat.short($1, digits: 5))"
                    )
                }, colorIndex: index, dashed: curve.name == "validation")
        }
        return Chart(
            title: quantity == "loss" ? "Loss per epoch" : "\(quantity) per epoch", xAxis: ChartAxis(label: "epoch"),
            yAxis: ChartAxis(label: quantity, scale: useLog ? .log : .linear), series: series,
            skippedCount: skippedCount)
    }

    /// One row per epoch, one column per curve.
    ///
    /// ```swift
    /// print(curves.table().csv())
    /// ```
    public func table() -> DataTable {
        let epochs = Set(curves.flatMap(\.epochs)).sorted()
        let lookup = curves.map { Dictionary(zip($0.epochs, $0.values), uniquingKeysWith: { $1 }) }
        return DataTable(
            headers: ["epoch"] + curves.map { "\($0.name)_\(quantity)" },
            rows: epochs.map { epoch in
                ["\(epoch)"] + lookup.map { $0[epoch].map { NumberFormat.short($0, digits: 6) } ?? "" }
            })
    }
}
