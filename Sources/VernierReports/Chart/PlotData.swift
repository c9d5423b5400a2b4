/// Plot data computed from a training history or a study: `Codable`, drawable as a ``Chart`` and printable as
/// a ``DataTable``.
///
/// ```swift
/// let history = OptimizationHistory(trials: trials, direction: .minimize)
/// let svg = SVGRenderer().render(history.chart())
/// print(history.table().markdown())
/// ```
public protocol PlotData: Sendable, Codable {
    /// How many NaN or infinite input values were left out.
    var skippedCount: Int { get }
    /// The figure.
    func chart() -> Chart
    /// The same data as rows.
    func table() -> DataTable
}
