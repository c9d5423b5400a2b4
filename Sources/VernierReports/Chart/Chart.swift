/// Everything a renderer needs to draw one figure: axes, series, an optional heat map behind them, parallel
/// axes or a grid of small images. Every plot-data struct (``OptimizationHistory``, ``TrainingCurves``, …)
/// turns itself into a `Chart`; the SVG renderer draws only `Chart`s.
///
/// ```swift
/// let chart = Chart(
///     title: "Loss", xAxis: ChartAxis(label: "epoch"), yAxis: ChartAxis(label: "loss", scale: .log),
///     series: [ChartSeries(name: "train", style: .line, points: [ChartPoint(x: 1, y: 0.5)])])
/// let svg = SVGRenderer().render(chart)
/// ```
public struct Chart: Sendable, Codable, Equatable {
    /// The title drawn above the plot.
    public var title: String
    /// The horizontal axis.
    public var xAxis: ChartAxis
    /// The vertical axis.
    public var yAxis: ChartAxis
    /// Lines, points, bars or ranges drawn on the axes.
    public var series: [ChartSeries]
    /// A grid of coloured cells drawn behind the series (decision regions, contour, confusion matrix).
    public var heatmap: Heatmap?
    /// Parallel coordinates (replaces the x/y axes when set).
    public var parallel: ParallelAxes?
    /// Small images drawn in a grid (replaces the x/y axes when not empty).
    public var images: [Heatmap]
    /// How many input values were NaN or infinite and left out.
    public var skippedCount: Int
    /// A short line under the title (for example "3 NaN values skipped").
    public var note: String?
    /// The key of the colours of ``ChartPoint/colorValue`` and the heat map, drawn right of the plot.
    public var colorBar: ColorBar?

    /// Creates a chart.
    ///
    /// ```swift
    /// let chart = Chart(title: "EDF", xAxis: ChartAxis(label: "value"), yAxis: ChartAxis(label: "fraction"))
    /// ```
    public init(
        title: String, xAxis: ChartAxis, yAxis: ChartAxis, series: [ChartSeries] = [], heatmap: Heatmap? = nil,
        parallel: ParallelAxes? = nil, images: [Heatmap] = [], skippedCount: Int = 0, note: String? = nil,
        colorBar: ColorBar? = nil
    ) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.heatmap = heatmap
        self.parallel = parallel
        self.images = images
        self.skippedCount = skippedCount
        self.note = note
        self.colorBar = colorBar
    }

    /// The note to print under the title: ``note`` and, if any value was skipped, how many.
    ///
    /// ```swift
    /// print(chart.caption ?? "")   // "2 NaN/inf values skipped"
    /// ```
    public var caption: String? {
        var parts: [String] = []
        if let note, !note.isEmpty { parts.append(note) }
        if skippedCount > 0 { parts.append("\(skippedCount) NaN/inf value\(skippedCount == 1 ? "" : "s") skipped") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}

/// One axis of a ``Chart``: its label, linear or log scale, optional categories and optional fixed range.
///
/// ```swift
/// let axis = ChartAxis(label: "learning rate", scale: .log)
/// let categorical = ChartAxis(label: "optimizer", categories: ["sgd", "adam"])
/// ```
public struct ChartAxis: Sendable, Codable, Equatable {
    /// The label drawn beside the axis.
    public var label: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// Names of the positions 0, 1, 2, … for a categorical axis (`nil` for a numeric axis).
    public var categories: [String]?
    /// A fixed lower bound (`nil`: from the data).
    public var low: Double?
    /// A fixed upper bound (`nil`: from the data).
    public var high: Double?

    /// Creates an axis.
    ///
    /// ```swift
    /// let axis = ChartAxis(label: "accuracy", low: 0, high: 1)
    /// ```
    public init(
        label: String, scale: AxisScale = .linear, categories: [String]? = nil, low: Double? = nil,
        high: Double? = nil
    ) {
        self.label = label
        self.scale = scale
        self.categories = categories
        self.low = low
        self.high = high
    }
}

/// Linear or logarithmic (base 10) axis scale.
///
/// ```swift
/// let scale: AxisScale = distribution.isLog ? .log : .linear
/// ```
public enum AxisScale: String, Sendable, Codable, Equatable {
    /// Evenly spaced values.
    case linear
    /// Evenly spaced decades; non-positive values cannot be drawn.
    case log
}
