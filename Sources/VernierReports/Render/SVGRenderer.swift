import Foundation

/// Draws a ``Chart`` as a standalone SVG document: title, axes with nice (or decade) ticks, grid lines,
/// legend, series, heat maps, parallel coordinates and image grids. Marks carry `data-tip` attributes that the
/// HTML report turns into hover tooltips. All text from data is escaped.
///
/// The output is deterministic (same chart, same bytes), which the snapshot tests rely on.
///
/// ```swift
/// let svg = SVGRenderer(width: 640, height: 400).render(OptimizationHistory(trials: trials, direction: .minimize).chart())
/// try svg.write(toFile: "history.svg", atomically: true, encoding: .utf8)
/// ```
public struct SVGRenderer: Sendable {
    /// The width in pixels.
    public var width: Double
    /// The height in pixels.
    public var height: Double

    /// Creates a renderer for figures of the given size.
    ///
    /// ```swift
    /// let renderer = SVGRenderer(width: 800, height: 480)
    /// ```
    public init(width: Double = 640, height: Double = 400) {
        self.width = width
        self.height = height
    }

    /// The SVG text of `chart`.
    ///
    /// ```swift
    /// let svg = SVGRenderer().render(chart)   // "<svg xmlns=…>…</svg>"
    /// ```
    public func render(_ chart: Chart) -> String {
        var out = SVGBuilder()
        out.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(f(width))\" height=\"\(f(height))\" "
                + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
                + "font-size=\"12\" role=\"img\" aria-label=\"\(escapeXML(chart.title))\">")
        out.line("<rect width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#FFFFFF\"/>")
        out.line(
            "<text x=\"\(f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" "
                + "fill=\"#222222\">\(escapeXML(chart.title))</text>")
        var top = 36.0
        if let caption = chart.caption {
            out.line(
                "<text x=\"\(f(width / 2))\" y=\"40\" text-anchor=\"middle\" font-size=\"11\" fill=\"#666666\">"
                    + "\(escapeXML(caption))</text>")
            top = 52
        }
        if !chart.images.isEmpty {
            drawImages(chart.images, top: top, into: &out)
        } else if let parallel = chart.parallel {
            drawParallel(parallel, top: top, into: &out)
        } else {
            drawAxesChart(chart, top: top, into: &out)
        }
        out.line("</svg>")
        return out.text
    }

    func f(_ value: Double) -> String { NumberFormat.coordinate(value) }

    /// Legend entries: series that show in the legend, unique by name.
    func legendEntries(_ chart: Chart) -> [(name: String, color: String, dashed: Bool)] {
        var seen = Set<String>()
        var entries: [(String, String, Bool)] = []
        for (index, series) in chart.series.enumerated() where series.showsInLegend && !series.name.isEmpty {
            guard seen.insert(series.name).inserted else { continue }
            entries.append((series.name, Palette.color(series.colorIndex ?? index), series.dashed))
        }
        return entries
    }

    private func drawAxesChart(_ chart: Chart, top: Double, into out: inout SVGBuilder) {
        let legend = legendEntries(chart)
        let longestName = legend.map(\.name.count).max() ?? 0
        let legendWidth = legend.isEmpty ? 0.0 : min(Double(longestName) * 6.5 + 34, width * 0.3)
        let yTickWidth = chart.yAxis.categories.map { Double(min($0.map(\.count).max() ?? 0, 18)) * 6.5 + 14 } ?? 52
        let left = 24 + max(yTickWidth, 40)
        let colorBarWidth = chart.colorBar == nil ? 0.0 : Self.colorBarWidth
        let right = width - 16 - legendWidth - colorBarWidth
        let bottom = height - 46
        var xValues: [Double] = []
        var yValues: [Double] = []
        for series in chart.series {
            for point in series.points {
                xValues.append(point.x)
                if let end = point.xEnd { xValues.append(end) }
                yValues.append(point.y)
                if let error = point.error, error.isFinite { yValues += [point.y - error, point.y + error] }
            }
        }
        if let map = chart.heatmap {
            xValues += [map.xLow, map.xHigh]
            yValues += [map.yLow, map.yHigh]
        }
        let hasBars = chart.series.contains { $0.style == .bars }
        let x = AxisMapping(axis: chart.xAxis, values: xValues, pixelStart: left, pixelEnd: right)
        let y = AxisMapping(
            axis: chart.yAxis, values: yValues, pixelStart: bottom, pixelEnd: top + 8, includeZero: hasBars)
        // Frame, grid and ticks.
        out.line(
            "<rect x=\"\(f(left))\" y=\"\(f(top + 8))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top - 8))\" "
                + "fill=\"#FAFAFA\" stroke=\"#BBBBBB\"/>")
        if let map = chart.heatmap { drawHeatmap(map, x: x, y: y, into: &out) }
        out.line("<g class=\"grid\" stroke=\"#E3E3E3\" stroke-width=\"1\">")
        if chart.heatmap == nil {
            for tick in x.ticks { out.line(line(x.pixel(tick.value), top + 8, x.pixel(tick.value), bottom)) }
            for tick in y.ticks { out.line(line(left, y.pixel(tick.value), right, y.pixel(tick.value))) }
        }
        out.line("</g>")
        out.line("<g class=\"ticks\" fill=\"#444444\" font-size=\"11\">")
        for tick in x.ticks {
            let px = x.pixel(tick.value)
            out.line(line(px, bottom, px, bottom + 4, stroke: "#888888"))
            out.line(
                "<text x=\"\(f(px))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(escapeXML(clip(tick.label)))</text>"
            )
        }
        for tick in y.ticks {
            let py = y.pixel(tick.value)
            out.line(line(left - 4, py, left, py, stroke: "#888888"))
            out.line(
                "<text x=\"\(f(left - 7))\" y=\"\(f(py + 4))\" text-anchor=\"end\">\(escapeXML(clip(tick.label)))</text>"
            )
        }
        out.line("</g>")
        out.line(
            "<text x=\"\(f((left + right) / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\" fill=\"#222222\">"
                + "\(escapeXML(chart.xAxis.label + (x.isLog ? " (log)" : "")))</text>")
        let labelY = (top + 8 + bottom) / 2
        out.line(
            "<text x=\"14\" y=\"\(f(labelY))\" text-anchor=\"middle\" fill=\"#222222\" "
                + "transform=\"rotate(-90 14 \(f(labelY)))\">\(escapeXML(chart.yAxis.label + (y.isLog ? " (log)" : "")))</text>"
        )
        drawSeries(chart, x: x, y: y, into: &out)
        if let bar = chart.colorBar {
            drawColorBar(bar, left: right + 14, top: top + 14, bottom: bottom - 6, into: &out)
        }
        // Legend.
        if !legend.isEmpty {
            let legendX = right + colorBarWidth + 12
            out.line("<g class=\"legend\" font-size=\"11\" fill=\"#222222\">")
            for (index, entry) in legend.enumerated() {
                let ly = top + 18 + Double(index) * 18
                let dash = entry.dashed ? " stroke-dasharray=\"5 3\"" : ""
                out.line(
                    "<line x1=\"\(f(legendX))\" y1=\"\(f(ly))\" x2=\"\(f(legendX + 20))\" y2=\"\(f(ly))\" "
                        + "stroke=\"\(entry.color)\" stroke-width=\"3\"\(dash)/>")
                out.line("<text x=\"\(f(legendX + 26))\" y=\"\(f(ly + 4))\">\(escapeXML(clip(entry.name, 28)))</text>")
            }
            out.line("</g>")
        }
    }

    func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String? = nil) -> String {
        let strokeText = stroke.map { " stroke=\"\($0)\"" } ?? ""
        return "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\"\(strokeText)/>"
    }

    func clip(_ text: String, _ length: Int = 18) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

/// Accumulates SVG lines.
struct SVGBuilder {
    var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}
