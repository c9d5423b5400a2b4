/// The key of a chart whose marks are coloured by a number (``ChartPoint/colorValue``, a heat map): a vertical
/// bar of the sequential palette from `low` (dark) to `high` (light), drawn right of the plot.
///
/// ```swift
/// let bar = ColorBar(label: "value", low: 0.2, high: 3.5)
/// ```
public struct ColorBar: Sendable, Codable, Equatable {
    /// What the colour shows.
    public var label: String
    /// The value drawn darkest.
    public var low: Double
    /// The value drawn lightest.
    public var high: Double

    /// Creates a colour bar.
    public init(label: String, low: Double, high: Double) {
        self.label = label
        self.low = low
        self.high = high
    }

    /// The bar spanning the finite values, `nil` when there are none.
    ///
    /// ```swift
    /// ColorBar(label: "trial", values: [0, 4, 9])   // low 0, high 9
    /// ```
    public init?(label: String, values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        self.init(label: label, low: low, high: high)
    }
}
