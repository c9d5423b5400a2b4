/// One named set of marks on a ``Chart``: a line, scattered points, bars or horizontal ranges.
///
/// ```swift
/// let series = ChartSeries(name: "best so far", style: .step, points: [ChartPoint(x: 0, y: 3)])
/// ```
public struct ChartSeries: Sendable, Codable, Equatable {
    /// The name shown in the legend and tooltips.
    public var name: String
    /// How the points are drawn.
    public var style: SeriesStyle
    /// The data.
    public var points: [ChartPoint]
    /// The palette colour (`nil`: the series' position in the chart).
    public var colorIndex: Int?
    /// Whether the legend lists this series.
    public var showsInLegend: Bool
    /// Whether lines are dashed.
    public var dashed: Bool

    /// Creates a series.
    ///
    /// ```swift
    /// let series = ChartSeries(name: "train", style: .line, points: points, colorIndex: 0)
    /// ```
    public init(
        name: String, style: SeriesStyle, points: [ChartPoint], colorIndex: Int? = nil, showsInLegend: Bool = true,
        dashed: Bool = false
    ) {
        self.name = name
        self.style = style
        self.points = points
        self.colorIndex = colorIndex
        self.showsInLegend = showsInLegend
        self.dashed = dashed
    }
}

/// How a ``ChartSeries`` is drawn.
///
/// ```swift
/// let style: SeriesStyle = .points
/// ```
public enum SeriesStyle: String, Sendable, Codable, Equatable {
    /// Points joined by straight segments.
    case line
    /// Points joined by horizontal-then-vertical steps (best so far, EDF).
    case step
    /// Markers only.
    case points
    /// Vertical bars from zero (or the axis' low end) to `y`, with `error` whiskers.
    case bars
    /// Horizontal bars from `x` to `xEnd` at height `y` (timelines).
    case ranges
}

/// The shape of a point marker.
///
/// ```swift
/// let marker: PointMarker = trial.state == .pruned ? .cross : .circle
/// ```
public enum PointMarker: String, Sendable, Codable, Equatable {
    /// A filled circle.
    case circle
    /// A diagonal cross (pruned trials).
    case cross
    /// No marker.
    case none
}

/// One data point of a ``ChartSeries``.
///
/// ```swift
/// let point = ChartPoint(x: 3, y: 0.25, tooltip: "trial 3: 0.25")
/// ```
public struct ChartPoint: Sendable, Codable, Equatable {
    /// The horizontal position (an index on a categorical axis).
    public var x: Double
    /// The vertical position (an index on a categorical axis).
    public var y: Double
    /// The end of a horizontal range (``SeriesStyle/ranges``).
    public var xEnd: Double?
    /// A ± whisker half-length (bars and points).
    public var error: Double?
    /// A value coloured on the sequential scale instead of the series colour.
    public var colorValue: Double?
    /// An explicit palette colour for this point.
    public var colorIndex: Int?
    /// The marker shape.
    public var marker: PointMarker
    /// The text shown when hovering (HTML reports).
    public var tooltip: String?

    /// Creates a point.
    ///
    /// ```swift
    /// let point = ChartPoint(x: 0.01, y: 0.9, colorValue: 12)
    /// ```
    public init(
        x: Double, y: Double, xEnd: Double? = nil, error: Double? = nil, colorValue: Double? = nil,
        colorIndex: Int? = nil, marker: PointMarker = .circle, tooltip: String? = nil
    ) {
        self.x = x
        self.y = y
        self.xEnd = xEnd
        self.error = error
        self.colorValue = colorValue
        self.colorIndex = colorIndex
        self.marker = marker
        self.tooltip = tooltip
    }
}
