/// One section of a ``Report``: a heading, an optional paragraph, an optional figure and an optional table.
///
/// ```swift
/// let section = ReportSection(title: "History", plot: OptimizationHistory(trials: trials, direction: .minimize))
/// ```
public struct ReportSection: Sendable, Codable, Equatable {
    /// The heading.
    public var title: String
    /// A paragraph of plain text (escaped when rendered).
    public var text: String?
    /// The figure.
    public var chart: Chart?
    /// The table (shown under the figure, folded when it has more than 12 rows).
    public var table: DataTable?
    /// The figure's width in pixels.
    public var width: Double
    /// The figure's height in pixels.
    public var height: Double

    /// Creates a section from parts.
    ///
    /// ```swift
    /// let section = ReportSection(title: "Best trials", table: DataTable(headers: ["trial"], rows: [["3"]]))
    /// ```
    public init(
        title: String, text: String? = nil, chart: Chart? = nil, table: DataTable? = nil, width: Double = 640,
        height: Double = 400
    ) {
        self.title = title
        self.text = text
        self.chart = chart
        self.table = table
        self.width = width
        self.height = height
    }

    /// Creates a section showing a plot's chart and (optionally) its table.
    ///
    /// ```swift
    /// let section = ReportSection(title: "Loss", plot: TrainingCurves(history: history), includesTable: true)
    /// ```
    public init(
        title: String, plot: some PlotData, text: String? = nil, includesTable: Bool = false, width: Double = 640,
        height: Double = 400
    ) {
        self.init(
            title: title, text: text, chart: plot.chart(), table: includesTable ? plot.table() : nil, width: width,
            height: height)
    }
}
