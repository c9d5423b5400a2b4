/// Parallel coordinates: one vertical axis per parameter (and the objective), one polyline per trial.
///
/// ```swift
/// let axes = ParallelAxes(
///     axes: [ParallelAxis(name: "lr", low: 1e-4, high: 1, scale: .log)],
///     lines: [ParallelLine(values: [0.01], colorValue: 0.3)])
/// ```
public struct ParallelAxes: Sendable, Codable, Equatable {
    /// The axes, left to right.
    public var axes: [ParallelAxis]
    /// One line per trial; `values[i]` is on `axes[i]` (an index for a categorical axis).
    public var lines: [ParallelLine]

    /// Creates parallel coordinates.
    ///
    /// ```swift
    /// let axes = ParallelAxes(axes: axes, lines: lines)
    /// ```
    public init(axes: [ParallelAxis], lines: [ParallelLine]) {
        self.axes = axes
        self.lines = lines
    }
}

/// One vertical axis of ``ParallelAxes``.
///
/// ```swift
/// let axis = ParallelAxis(name: "optimizer", low: 0, high: 2, categories: ["sgd", "adam", "rmsprop"])
/// ```
public struct ParallelAxis: Sendable, Codable, Equatable {
    /// The parameter's name.
    public var name: String
    /// The bottom value.
    public var low: Double
    /// The top value.
    public var high: Double
    /// Linear or log.
    public var scale: AxisScale
    /// Category names for a categorical parameter.
    public var categories: [String]?

    /// Creates an axis.
    ///
    /// ```swift
    /// let axis = ParallelAxis(name: "value", low: 0, high: 1)
    /// ```
    public init(name: String, low: Double, high: Double, scale: AxisScale = .linear, categories: [String]? = nil) {
        self.name = name
        self.low = low
        self.high = high
        self.scale = scale
        self.categories = categories
    }
}

/// One trial's polyline in ``ParallelAxes``.
///
/// ```swift
/// let line = ParallelLine(values: [0.01, 2, 0.93], colorValue: 0.93, tooltip: "trial 4")
/// ```
public struct ParallelLine: Sendable, Codable, Equatable {
    /// One value per axis (NaN: the trial has no such parameter; the line skips the axis).
    public var values: [Double]
    /// The value coloured on the sequential scale.
    public var colorValue: Double
    /// The hover text.
    public var tooltip: String?
    /// `true` for an infeasible trial, drawn as a dashed grey line (`nil`: feasible, coloured by value).
    public var infeasible: Bool?

    /// Creates a line.
    ///
    /// ```swift
    /// let line = ParallelLine(values: [1, 2], colorValue: 0.5)
    /// ```
    public init(values: [Double], colorValue: Double, tooltip: String? = nil, infeasible: Bool? = nil) {
        self.values = values
        self.colorValue = colorValue
        self.tooltip = tooltip
        self.infeasible = infeasible
    }
}
