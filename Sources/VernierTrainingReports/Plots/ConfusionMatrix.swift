import VernierReports
/// Counts of (actual, predicted) class pairs.
///
/// ```swift
/// let matrix = ConfusionMatrix(actual: [0, 1, 1], predicted: [0, 1, 0], classNames: ["cat", "dog"])
/// matrix.counts   // [[1, 0], [1, 1]]
/// ```
public struct ConfusionMatrix: PlotData, Equatable {
    /// The class names (index = class).
    public var classNames: [String]
    /// `counts[actual][predicted]`.
    public var counts: [[Int]]
    /// Always 0 (labels are integers); present for ``PlotData``.
    public var skippedCount: Int

    /// Counts the pairs; the class count is the larger of `classNames.count` and the largest label + 1.
    ///
    /// ```swift
    /// let matrix = ConfusionMatrix(actual: labels, predicted: predictions)
    /// ```
    public init(actual: [Int], predicted: [Int], classNames: [String] = []) {
        precondition(
            actual.count == predicted.count,
            "ConfusionMatrix: \(actual.count) labels but \(predicted.count) predictions")
        precondition(
            !actual.contains { $0 < 0 } && !predicted.contains { $0 < 0 }, "ConfusionMatrix: class indices must be ≥ 0")
        let count = max(classNames.count, (actual.max() ?? -1) + 1, (predicted.max() ?? -1) + 1)
        self.classNames = (0..<count).map { $0 < classNames.count ? classNames[$0] : "\($0)" }
        var counts = Array(repeating: Array(repeating: 0, count: count), count: count)
        for (a, p) in zip(actual, predicted) { counts[a][p] += 1 }
        self.counts = counts
        self.skippedCount = 0
    }

    /// The fraction on the diagonal (0 when empty).
    ///
    /// ```swift
    /// print(matrix.accuracy)
    /// ```
    public var accuracy: Double {
        let total = counts.joined().reduce(0, +)
        return total == 0 ? 0 : Double(counts.indices.map { counts[$0][$0] }.reduce(0, +)) / Double(total)
    }

    /// A heat map with the counts written in the cells; actual classes top to bottom.
    ///
    /// ```swift
    /// let chart = matrix.chart()
    /// ```
    public func chart() -> Chart {
        let n = classNames.count
        var values: [Double] = []
        var labels: [String] = []
        for row in 0..<n {  // row 0 (bottom) is the last actual class, so class 0 reads first from the top
            let actual = n - 1 - row
            for predicted in 0..<n {
                values.append(Double(counts[actual][predicted]))
                labels.append("\(counts[actual][predicted])")
            }
        }
        let map = Heatmap(
            columns: n, rows: n, values: values, palette: .sequential, cellLabels: labels, xLow: -0.5,
            xHigh: Double(n) - 0.5, yLow: -0.5, yHigh: Double(n) - 0.5)
        return Chart(
            title: "Confusion matrix", xAxis: ChartAxis(label: "predicted", categories: classNames),
            yAxis: ChartAxis(label: "actual", categories: classNames.reversed()), heatmap: map,
            note: "accuracy \(NumberFormat.short(accuracy, digits: 4))")
    }

    /// One row per actual class, one column per predicted class.
    ///
    /// ```swift
    /// print(matrix.table().markdown())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["actual \\ predicted"] + classNames,
            rows: counts.indices.map { [classNames[$0]] + counts[$0].map(String.init) })
    }
}
