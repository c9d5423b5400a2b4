import VernierReports
import VernierTensor

/// Predictions against targets for a one-feature regression (the cubic experiment): the data points and the
/// model's curve.
///
/// ```swift
/// let fit = RegressionFit(x: xs, y: ys) { grid in model(grid) }      // curve on 200 points
/// let svg = SVGRenderer().render(fit.chart())
/// ```
public struct RegressionFit: PlotData, Equatable {
    /// The data's inputs.
    public var x: [Double]
    /// The data's targets.
    public var y: [Double]
    /// The curve's inputs, ascending.
    public var curveX: [Double]
    /// The model's predictions at `curveX`.
    public var prediction: [Double]
    /// Non-finite points and predictions left out.
    public var skippedCount: Int

    /// Creates the plot from data and an already computed curve.
    ///
    /// ```swift
    /// let fit = RegressionFit(x: [0, 1], y: [0, 1], curveX: [0, 1], prediction: [0.1, 0.9])
    /// ```
    public init(x: [Double], y: [Double], curveX: [Double], prediction: [Double]) {
        precondition(x.count == y.count, "RegressionFit: \(x.count) inputs but \(y.count) targets")
        precondition(
            curveX.count == prediction.count,
            "RegressionFit: \(curveX.count) curve inputs but \(prediction.count) predictions")
        let points = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        let curve = zip(curveX, prediction).filter { $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
        self.x = points.map(\.0)
        self.y = points.map(\.1)
        self.curveX = curve.map(\.0)
        self.prediction = curve.map(\.1)
        self.skippedCount = (x.count - points.count) + (curveX.count - curve.count)
    }

    /// Creates the plot by evaluating `predict` (from `[M, 1]` inputs to `[M]` or `[M, 1]` outputs) on
    /// `samples` evenly spaced inputs across the data's range.
    ///
    /// ```swift
    /// let fit = RegressionFit(x: xs, y: ys, samples: 200) { model($0) }
    /// ```
    public init(x: [Double], y: [Double], samples: Int = 200, predict: (Tensor) -> Tensor) {
        let finite = x.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 1
        let grid = (0..<samples).map { low + (high - low) * Double($0) / Double(max(samples - 1, 1)) }
        let output = predict(Tensor(shape: [samples, 1], scalars: grid.map(Float.init))).scalars.map(Double.init)
        precondition(
            output.count == samples, "RegressionFit: predict must return one value per input, got \(output.count)")
        self.init(x: x, y: y, curveX: grid, prediction: output)
    }

    /// Points for the data, a line for the model.
    ///
    /// ```swift
    /// let chart = fit.chart()
    /// ```
    public func chart() -> Chart {
        Chart(
            title: "Predictions vs targets", xAxis: ChartAxis(label: "x"), yAxis: ChartAxis(label: "y"),
            series: [
                ChartSeries(
                    name: "data", style: .points,
                    points: zip(x, y).map {
                        ChartPoint(x: $0, y: $1, tooltip: "(\(NumberFormat.short($0)), \(NumberFormat.short($1)))")
                    },
                    colorIndex: 4),
                ChartSeries(
                    name: "prediction", style: .line,
                    points: zip(curveX, prediction).map { ChartPoint(x: $0, y: $1, marker: .none) }, colorIndex: 1),
            ], skippedCount: skippedCount)
    }

    /// The curve: x, prediction.
    ///
    /// ```swift
    /// print(fit.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["x", "prediction"],
            rows: zip(curveX, prediction).map {
                [NumberFormat.short($0, digits: 6), NumberFormat.short($1, digits: 6)]
            })
    }
}
