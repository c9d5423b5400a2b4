import Foundation
import VernierReports
import VernierTraining

/// The loss of every optimizer step and its exponential moving average (bias-corrected, as TensorBoard's
/// smoothing: `s = α·s + (1−α)·x`, divided by `1 − αᵗ`).
///
/// ```swift
/// let steps = StepLossCurve(history: history, smoothing: 0.9)
/// print(steps.smoothed.last!)
/// ```
public struct StepLossCurve: PlotData, Equatable {
    /// The step numbers (1-based) of the finite losses.
    public var steps: [Int]
    /// The raw losses.
    public var losses: [Double]
    /// The smoothed losses.
    public var smoothed: [Double]
    /// The EMA factor α in 0..<1.
    public var smoothing: Double
    /// NaN or infinite losses left out.
    public var skippedCount: Int

    /// Computes the curve from `history.stepLosses`.
    ///
    /// ```swift
    /// let steps = StepLossCurve(history: history)
    /// ```
    public init(history: TrainingHistory, smoothing: Double = 0.9) {
        self.init(losses: history.stepLosses.map(Double.init), smoothing: smoothing)
    }

    /// Computes the curve from raw step losses; NaN and infinite values are skipped and counted.
    ///
    /// ```swift
    /// let steps = StepLossCurve(losses: [1, 0.5, .nan, 0.25], smoothing: 0.5)   // skippedCount 1
    /// ```
    public init(losses: [Double], smoothing: Double = 0.9) {
        precondition((0..<1).contains(smoothing), "StepLossCurve: smoothing must be in 0..<1, got \(smoothing)")
        self.smoothing = smoothing
        var steps: [Int] = []
        var kept: [Double] = []
        var smoothed: [Double] = []
        var average = 0.0
        var skipped = 0
        for (index, loss) in losses.enumerated() {
            guard loss.isFinite else {
                skipped += 1
                continue
            }
            average = smoothing * average + (1 - smoothing) * loss
            steps.append(index + 1)
            kept.append(loss)
            smoothed.append(average / (1 - pow(smoothing, Double(kept.count))))
        }
        self.steps = steps
        self.losses = kept
        self.smoothed = smoothed
        self.skippedCount = skipped
    }

    /// The raw losses as a faint line and the smoothed curve on top (long runs are thinned to ≤ 1000 points).
    ///
    /// ```swift
    /// let chart = StepLossCurve(history: history).chart()
    /// ```
    public func chart() -> Chart {
        let stride = max(1, steps.count / 1000)
        let indices = Swift.stride(from: 0, to: steps.count, by: stride)
        let positive = (losses.min() ?? 0) > 0 && (losses.max() ?? 0) / (losses.min() ?? 1) > 10
        return Chart(
            title: "Loss per step", xAxis: ChartAxis(label: "step"),
            yAxis: ChartAxis(label: "loss", scale: positive ? .log : .linear),
            series: [
                ChartSeries(
                    name: "loss", style: .line,
                    points: indices.map { ChartPoint(x: Double(steps[$0]), y: losses[$0], marker: .none) },
                    colorIndex: 4),
                ChartSeries(
                    name: "EMA \(NumberFormat.short(smoothing))", style: .line,
                    points: indices.map { ChartPoint(x: Double(steps[$0]), y: smoothed[$0], marker: .none) },
                    colorIndex: 0),
            ], skippedCount: skippedCount)
    }

    /// step, loss, smoothed.
    ///
    /// ```swift
    /// print(steps.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["step", "loss", "smoothed"],
            rows: steps.indices.map {
                [
                    "\(steps[$0])", NumberFormat.short(losses[$0], digits: 6),
                    NumberFormat.short(smoothed[$0], digits: 6),
                ]
            })
    }
}
