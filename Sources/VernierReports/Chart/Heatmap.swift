/// A grid of values drawn as coloured cells: decision regions, an interpolated contour, a confusion matrix or a
/// weight image.
///
/// In a chart with axes, row 0 is the bottom row (at `yLow`); in an image grid (``Chart/images``) row 0 is the
/// top row, as in an image.
///
/// ```swift
/// let map = Heatmap(columns: 2, rows: 1, values: [0, 1], palette: .sequential)
/// ```
public struct Heatmap: Sendable, Codable, Equatable {
    /// The number of cells per row.
    public var columns: Int
    /// The number of rows.
    public var rows: Int
    /// The cells' values, row-major (`rows × columns`); NaN cells are left empty.
    public var values: [Double]
    /// How values become colours.
    public var palette: HeatmapPalette
    /// Per-cell opacity in 0…1 (`nil`: opaque).
    public var opacity: [Double]?
    /// Per-cell text drawn in the cell (confusion-matrix counts).
    public var cellLabels: [String]?
    /// The x value of the left edge of the grid.
    public var xLow: Double
    /// The x value of the right edge of the grid.
    public var xHigh: Double
    /// The y value of the bottom edge of the grid.
    public var yLow: Double
    /// The y value of the top edge of the grid.
    public var yHigh: Double
    /// A caption (image grids).
    public var title: String?

    /// Creates a heat map covering `xLow...xHigh × yLow...yHigh`.
    ///
    /// ```swift
    /// let map = Heatmap(columns: 3, rows: 3, values: counts, palette: .sequential, cellLabels: labels)
    /// ```
    public init(
        columns: Int, rows: Int, values: [Double], palette: HeatmapPalette, opacity: [Double]? = nil,
        cellLabels: [String]? = nil, xLow: Double = 0, xHigh: Double = 1, yLow: Double = 0, yHigh: Double = 1,
        title: String? = nil
    ) {
        precondition(values.count == rows * columns, "Heatmap: \(values.count) values for \(rows)×\(columns) cells")
        self.columns = columns
        self.rows = rows
        self.values = values
        self.palette = palette
        self.opacity = opacity
        self.cellLabels = cellLabels
        self.xLow = xLow
        self.xHigh = xHigh
        self.yLow = yLow
        self.yHigh = yHigh
        self.title = title
    }

    /// The finite values' smallest and largest (0...1 if there is none).
    ///
    /// ```swift
    /// let (low, high) = map.valueRange
    /// ```
    public var valueRange: (low: Double, high: Double) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, 1) }
        return (low, high)
    }
}

/// How a ``Heatmap`` maps values to colours.
///
/// ```swift
/// let palette: HeatmapPalette = .diverging
/// ```
public enum HeatmapPalette: String, Sendable, Codable, Equatable {
    /// Dark blue (low) to yellow (high), viridis-like, readable in grey scale.
    case sequential
    /// Blue (negative) – white (zero) – vermillion (positive), symmetric around zero.
    case diverging
    /// Values are class indices into the Okabe–Ito palette.
    case classes
}
