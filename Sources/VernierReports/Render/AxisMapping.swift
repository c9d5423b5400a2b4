import Foundation

/// Maps data values of one axis to pixels (linear or log), with the axis' ticks and their labels.
struct AxisMapping {
    var low: Double
    var high: Double
    var isLog: Bool
    var pixelStart: Double
    var pixelEnd: Double
    var ticks: [(value: Double, label: String)]

    init(axis: ChartAxis, values: [Double], pixelStart: Double, pixelEnd: Double, includeZero: Bool = false) {
        self.pixelStart = pixelStart
        self.pixelEnd = pixelEnd
        if let categories = axis.categories {
            isLog = false
            low = -0.5
            high = Double(max(categories.count, 1)) - 0.5
            var categoryTicks: [(value: Double, label: String)] = []
            for (index, name) in categories.enumerated() { categoryTicks.append((Double(index), name)) }
            ticks = categoryTicks
            return
        }
        let isLog = axis.scale == .log
        self.isLog = isLog
        var finite = values.filter { $0.isFinite && (!isLog || $0 > 0) }
        if includeZero && !isLog { finite.append(0) }
        if let fixed = axis.low { finite.append(fixed) }
        if let fixed = axis.high { finite.append(fixed) }
        let dataLow = axis.low ?? finite.min() ?? (isLog ? 0.1 : 0)
        let dataHigh = axis.high ?? finite.max() ?? (isLog ? 1 : 1)
        let computed =
            isLog ? AxisTicks.logarithmic(low: dataLow, high: dataHigh) : AxisTicks.linear(low: dataLow, high: dataHigh)
        low = axis.low ?? computed.low
        high = axis.high ?? computed.high
        if high <= low { high = low + 1 }
        let (lowBound, highBound) = (low, high)
        ticks = computed.values.filter { $0 >= lowBound - 1e-12 * abs(lowBound) && $0 <= highBound * (1 + 1e-12) }
            .map { ($0, NumberFormat.short($0)) }
    }

    /// The pixel position of `value` (clamped to a little outside the axis for out-of-range values).
    func pixel(_ value: Double) -> Double {
        let t: Double
        if isLog {
            let v = value > 0 ? value : low
            t = (log10(v) - log10(low)) / (log10(high) - log10(low))
        } else {
            t = (value - low) / (high - low)
        }
        let clamped = min(max(t.isFinite ? t : 0, -0.05), 1.05)
        return pixelStart + clamped * (pixelEnd - pixelStart)
    }

    /// Whether the value can be drawn (finite, positive on a log axis).
    func accepts(_ value: Double) -> Bool { value.isFinite && (!isLog || value > 0) }
}
