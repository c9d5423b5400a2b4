import VernierReports
import VernierTensor

/// The decision regions of a two-feature classifier on a grid, with the data points on top.
///
/// The caller passes the model as a closure from a `[M, 2]` tensor of points to probabilities: `[M, C]` (one
/// column per class) or `[M]`/`[M, 1]` (probability of class 1 for a binary classifier).
///
/// ```swift
/// let regions = DecisionRegions(points: x, labels: y, resolution: 100) { grid in softmax(model(grid)) }
/// let svg = SVGRenderer().render(regions.chart())
/// ```
public struct DecisionRegions: PlotData, Equatable {
    /// Grid cells per side.
    public var resolution: Int
    /// The grid's x range (data range plus a margin).
    public var xLow: Double
    /// The grid's right edge.
    public var xHigh: Double
    /// The grid's bottom edge.
    public var yLow: Double
    /// The grid's top edge.
    public var yHigh: Double
    /// The predicted class of every cell, row-major from the bottom row.
    public var predictedClass: [Int]
    /// The probability of the predicted class in every cell.
    public var confidence: [Double]
    /// The number of classes.
    public var classCount: Int
    /// The data points' first feature.
    public var pointX: [Double]
    /// The data points' second feature.
    public var pointY: [Double]
    /// The data points' labels.
    public var labels: [Int]
    /// Points with NaN or infinite coordinates left out.
    public var skippedCount: Int

    /// Evaluates `probabilities` once on a `resolution × resolution` grid covering the points.
    ///
    /// ```swift
    /// let regions = DecisionRegions(points: features, labels: labels) { model($0).sigmoid() }
    /// ```
    public init(
        points: Tensor, labels: [Int], resolution: Int = 100, margin: Double = 0.1,
        probabilities: (Tensor) -> Tensor
    ) {
        precondition(
            points.shape.count == 2 && points.shape[1] == 2,
            "DecisionRegions: points must be [N, 2], got \(points.shape)")
        precondition(
            points.shape[0] == labels.count, "DecisionRegions: \(points.shape[0]) points but \(labels.count) labels")
        precondition(resolution >= 2, "DecisionRegions: resolution must be ≥ 2, got \(resolution)")
        let scalars = points.scalars
        var xs: [Double] = []
        var ys: [Double] = []
        var kept: [Int] = []
        var skipped = 0
        for index in labels.indices {
            let x = Double(scalars[2 * index])
            let y = Double(scalars[2 * index + 1])
            guard x.isFinite, y.isFinite else {
                skipped += 1
                continue
            }
            xs.append(x)
            ys.append(y)
            kept.append(labels[index])
        }
        let xMin = xs.min() ?? -1
        let xMax = xs.max() ?? 1
        let yMin = ys.min() ?? -1
        let yMax = ys.max() ?? 1
        let xPad = max(xMax - xMin, 1e-6) * margin
        let yPad = max(yMax - yMin, 1e-6) * margin
        xLow = xMin - xPad
        xHigh = xMax + xPad
        yLow = yMin - yPad
        yHigh = yMax + yPad
        self.resolution = resolution
        var grid: [Float] = []
        grid.reserveCapacity(resolution * resolution * 2)
        for row in 0..<resolution {
            for column in 0..<resolution {
                grid.append(Float(xLow + (Double(column) + 0.5) * (xHigh - xLow) / Double(resolution)))
                grid.append(Float(yLow + (Double(row) + 0.5) * (yHigh - yLow) / Double(resolution)))
            }
        }
        let output = probabilities(Tensor(shape: [resolution * resolution, 2], scalars: grid))
        let cells = resolution * resolution
        let width = output.scalars.count / max(cells, 1)
        precondition(
            output.scalars.count == cells * width && width >= 1,
            "DecisionRegions: probabilities must be [M] or [M, C], got \(output.shape)")
        let probabilities = output.scalars
        var predicted: [Int] = []
        var confidence: [Double] = []
        predicted.reserveCapacity(cells)
        for cell in 0..<cells {
            if width == 1 {
                let p = Double(probabilities[cell])
                predicted.append(p >= 0.5 ? 1 : 0)
                confidence.append(p.isFinite ? max(p, 1 - p) : 0)
            } else {
                var best = 0
                for column in 1..<width where probabilities[cell * width + column] > probabilities[cell * width + best]
                {
                    best = column
                }
                predicted.append(best)
                confidence.append(Double(probabilities[cell * width + best]))
            }
        }
        self.predictedClass = predicted
        self.confidence = confidence
        self.classCount = max(width == 1 ? 2 : width, (kept.max() ?? 0) + 1)
        self.pointX = xs
        self.pointY = ys
        self.labels = kept
        self.skippedCount = skipped
    }

    /// Class-coloured regions (more opaque where the model is surer) and the points in the same colours.
    ///
    /// ```swift
    /// let chart = regions.chart()
    /// ```
    public func chart() -> Chart {
        let floor = 1 / Double(classCount)
        let opacity = confidence.map { 0.12 + 0.4 * max(0, min(1, ($0 - floor) / max(1 - floor, 1e-9))) }
        let map = Heatmap(
            columns: resolution, rows: resolution, values: predictedClass.map(Double.init), palette: .classes,
            opacity: opacity, xLow: xLow, xHigh: xHigh, yLow: yLow, yHigh: yHigh)
        let series = (0..<classCount).map { label in
            ChartSeries(
                name: "class \(label)", style: .points,
                points: labels.indices.filter { labels[$0] == label }.map {
                    ChartPoint(
                        x: pointX[$0], y: pointY[$0],
                        tooltip: "class \(label) (\(NumberFormat.short(pointX[$0])), \(NumberFormat.short(pointY[$0])))"
                    )
                }, colorIndex: label)
        }
        return Chart(
            title: "Decision regions", xAxis: ChartAxis(label: "x₁", low: xLow, high: xHigh),
            yAxis: ChartAxis(label: "x₂", low: yLow, high: yHigh), series: series, heatmap: map,
            skippedCount: skippedCount)
    }

    /// The data points: x1, x2, label.
    ///
    /// ```swift
    /// print(regions.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["x1", "x2", "label"],
            rows: labels.indices.map {
                [NumberFormat.short(pointX[$0], digits: 6), NumberFormat.short(pointY[$0], digits: 6), "\(labels[$0])"]
            })
    }
}
