import VernierReports
import VernierTensor

/// The first layer's weights to each unit (or class) drawn as images, for square image inputs (28×28 → a
/// `[784, k]` weight matrix gives k images).
///
/// ```swift
/// let images = WeightImages(weights: linear.weight, classNames: FashionMNIST.classNames)
/// let svg = SVGRenderer(width: 800, height: 360).render(images.chart())
/// ```
public struct WeightImages: PlotData, Equatable {
    /// The image side (28 for 784 inputs).
    public var side: Int
    /// One image per column, row-major, `side × side` values each.
    public var images: [[Double]]
    /// The images' captions.
    public var names: [String]
    /// Non-finite weights (drawn empty).
    public var skippedCount: Int

    /// Splits a `[side², k]` weight tensor into k images.
    ///
    /// ```swift
    /// let images = WeightImages(weights: Tensor(shape: [784, 10], scalars: w))
    /// ```
    public init(weights: Tensor, classNames: [String] = []) {
        precondition(weights.shape.count == 2, "WeightImages: weights must be [pixels, k], got \(weights.shape)")
        let pixels = weights.shape[0]
        let count = weights.shape[1]
        let side = Int(Double(pixels).squareRoot().rounded())
        precondition(side * side == pixels, "WeightImages: \(pixels) inputs is not a square image")
        let scalars = weights.scalars
        self.side = side
        self.images = (0..<count).map { unit in (0..<pixels).map { Double(scalars[$0 * count + unit]) } }
        self.names = (0..<count).map { $0 < classNames.count ? classNames[$0] : "unit \($0)" }
        self.skippedCount = scalars.filter { !$0.isFinite }.count
    }

    /// A grid of images on one diverging scale (blue negative, vermillion positive).
    ///
    /// ```swift
    /// let chart = images.chart()
    /// ```
    public func chart() -> Chart {
        Chart(
            title: "First-layer weights", xAxis: ChartAxis(label: ""), yAxis: ChartAxis(label: ""),
            images: zip(images, names).map {
                Heatmap(columns: side, rows: side, values: $0, palette: .diverging, title: $1)
            }, skippedCount: skippedCount, note: "blue: negative, vermillion: positive")
    }

    /// Per image: name, min, max, mean absolute weight.
    ///
    /// ```swift
    /// print(images.table().markdown())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["image", "min", "max", "mean |w|"],
            rows: zip(images, names).map { values, name in
                let finite = values.filter(\.isFinite)
                let mean = finite.isEmpty ? 0 : finite.map(abs).reduce(0, +) / Double(finite.count)
                return [
                    name, NumberFormat.short(finite.min() ?? .nan), NumberFormat.short(finite.max() ?? .nan),
                    NumberFormat.short(mean),
                ]
            })
    }
}
