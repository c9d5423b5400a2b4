import Foundation

extension SVGRenderer {
    /// Draws every series: paths for lines and steps, markers, bars with whiskers, horizontal ranges.
    func drawSeries(_ chart: Chart, x: AxisMapping, y: AxisMapping, into out: inout SVGBuilder) {
        let colorValues = chart.series.flatMap { $0.points.compactMap(\.colorValue) }.filter(\.isFinite)
        let colorLow = colorValues.min() ?? 0
        let colorHigh = colorValues.max() ?? 1
        func colorOf(_ point: ChartPoint, _ fallback: String) -> String {
            if let value = point.colorValue {
                return Palette.sequential(colorHigh > colorLow ? (value - colorLow) / (colorHigh - colorLow) : 0.5)
            }
            return point.colorIndex.map(Palette.color) ?? fallback
        }
        let barSlots = max(chart.series.filter { $0.style == .bars }.count, 1)
        var barIndex = 0
        for (index, series) in chart.series.enumerated() {
            let color = Palette.color(series.colorIndex ?? index)
            let points = series.points.filter { x.accepts($0.x) && y.accepts($0.y) }
            let name = escapeXML(series.name)
            out.line("<g class=\"series\" data-series=\"\(name)\">")
            switch series.style {
            case .line, .step:
                if points.count > 1 {
                    var path = ""
                    for (position, point) in points.enumerated() {
                        let px = f(x.pixel(point.x))
                        let py = f(y.pixel(point.y))
                        if position == 0 {
                            path += "M\(px) \(py)"
                        } else if series.style == .step {
                            path += " H\(px) V\(py)"
                        } else {
                            path += " L\(px) \(py)"
                        }
                    }
                    let dash = series.dashed ? " stroke-dasharray=\"5 3\"" : ""
                    out.line(
                        "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" "
                            + "stroke-linejoin=\"round\"\(dash)/>")
                }
                let visible = points.count <= 40
                for point in points where visible || point.tooltip != nil || point.marker == .cross {
                    drawMarker(
                        point, x: x, y: y, color: colorOf(point, color), radius: visible ? 3 : 2.5,
                        hidden: !visible && point.marker != .cross, into: &out)
                }
            case .points:
                for point in points {
                    drawMarker(point, x: x, y: y, color: colorOf(point, color), radius: 4, hidden: false, into: &out)
                }
            case .bars:
                let slot = barSlotWidth(points: points, x: x)
                let barWidth = slot * 0.8 / Double(barSlots)
                let baseline = y.isLog ? y.low : min(max(0, y.low), y.high)
                for point in points {
                    let center = x.pixel(point.x) - slot * 0.4 + barWidth * (Double(barIndex) + 0.5)
                    let top = y.pixel(point.y)
                    let base = y.pixel(baseline)
                    let tip = point.tooltip.map { " data-tip=\"\(escapeXML($0))\"" } ?? ""
                    out.line(
                        "<rect x=\"\(f(center - barWidth / 2))\" y=\"\(f(min(top, base)))\" width=\"\(f(barWidth))\" "
                            + "height=\"\(f(abs(base - top)))\" fill=\"\(colorOf(point, color))\" fill-opacity=\"0.85\"\(tip)/>"
                    )
                    if let error = point.error, error.isFinite, error > 0 {
                        let high = y.pixel(point.y + error)
                        let low = y.pixel(y.isLog ? max(point.y - error, y.low) : point.y - error)
                        out.line(line(center, low, center, high, stroke: "#222222"))
                        out.line(line(center - 5, low, center + 5, low, stroke: "#222222"))
                        out.line(line(center - 5, high, center + 5, high, stroke: "#222222"))
                    }
                }
                barIndex += 1
            case .ranges:
                let laneHeight = abs(y.pixel(1) - y.pixel(0)) * 0.6
                for point in points {
                    let start = x.pixel(point.x)
                    let end = max(x.pixel(point.xEnd ?? point.x), start + 2)
                    let tip = point.tooltip.map { " data-tip=\"\(escapeXML($0))\"" } ?? ""
                    out.line(
                        "<rect x=\"\(f(start))\" y=\"\(f(y.pixel(point.y) - laneHeight / 2))\" width=\"\(f(end - start))\" "
                            + "height=\"\(f(max(laneHeight, 2)))\" fill=\"\(colorOf(point, color))\" fill-opacity=\"0.85\"\(tip)/>"
                    )
                }
            }
            out.line("</g>")
        }
    }

    private func barSlotWidth(points: [ChartPoint], x: AxisMapping) -> Double {
        let positions = Set(points.map { x.pixel($0.x) }).sorted()
        var gap = abs(x.pixelEnd - x.pixelStart) / Double(max(positions.count, 1))
        for index in positions.indices.dropFirst() { gap = min(gap, positions[index] - positions[index - 1]) }
        return max(gap, 2)
    }

    private func drawMarker(
        _ point: ChartPoint, x: AxisMapping, y: AxisMapping, color: String, radius: Double, hidden: Bool,
        into out: inout SVGBuilder
    ) {
        let px = x.pixel(point.x)
        let py = y.pixel(point.y)
        let tip = point.tooltip.map { " data-tip=\"\(escapeXML($0))\"" } ?? ""
        if let error = point.error, error.isFinite, error > 0 {
            out.line(line(px, y.pixel(point.y - error), px, y.pixel(point.y + error), stroke: color))
        }
        switch point.marker {
        case .circle, .none:
            let fill =
                hidden || point.marker == .none ? "fill=\"transparent\"" : "fill=\"\(color)\" fill-opacity=\"0.85\""
            out.line("<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"\(f(radius))\" \(fill)\(tip)/>")
        case .cross:
            let r = radius + 1
            out.line(
                "<path d=\"M\(f(px - r)) \(f(py - r)) L\(f(px + r)) \(f(py + r)) M\(f(px - r)) \(f(py + r)) "
                    + "L\(f(px + r)) \(f(py - r))\" stroke=\"\(color)\" stroke-width=\"2\"\(tip)/>")
        }
    }

    /// The fill of one heat-map cell (nil for an empty cell).
    func cellColor(_ map: Heatmap, index: Int, low: Double, high: Double) -> String? {
        let value = map.values[index]
        guard value.isFinite else { return nil }
        switch map.palette {
        case .sequential: return Palette.sequential(high > low ? (value - low) / (high - low) : 0.5)
        case .diverging:
            let scale = max(abs(low), abs(high))
            return Palette.diverging(scale > 0 ? value / scale : 0)
        case .classes: return Palette.color(Int(value))
        }
    }

    /// The data value of cell edge `index` of `count` cells between `low` and `high`: evenly spaced in the data on
    /// a linear axis, evenly spaced in decades on a log axis (where the cells were computed in log space).
    func edge(_ low: Double, _ high: Double, _ index: Double, _ count: Int, _ width: Double, log isLog: Bool) -> Double
    {
        guard isLog, low > 0, high > 0 else { return low + index * width }
        return pow(10, log10(low) + (log10(high) - log10(low)) * index / Double(count))
    }

    /// Draws a heat map on the axes, merging runs of equal cells in a row into one rectangle; on a log axis the
    /// cells are evenly spaced in decades.
    func drawHeatmap(_ map: Heatmap, x: AxisMapping, y: AxisMapping, into out: inout SVGBuilder) {
        let (low, high) = map.valueRange
        let cellWidth = (map.xHigh - map.xLow) / Double(map.columns)
        let cellHeight = (map.yHigh - map.yLow) / Double(map.rows)
        // One opacity for every cell goes on the group, so the 0.3 px overlaps between cells do not show as
        // darker seams.
        let uniformOpacity = map.opacity.flatMap { values in
            values.allSatisfy { $0 == values.first } ? values.first : nil
        }
        let groupOpacity = uniformOpacity.map { $0 < 1 ? " opacity=\"\(f($0))\"" : "" } ?? ""
        out.line("<g class=\"heatmap\" shape-rendering=\"crispEdges\"\(groupOpacity)>")
        for row in 0..<map.rows {
            var column = 0
            while column < map.columns {
                let index = row * map.columns + column
                let color = cellColor(map, index: index, low: low, high: high)
                let opacity = uniformOpacity != nil ? 1 : map.opacity.map { (($0[index] * 20).rounded() / 20) } ?? 1
                var end = column + 1
                while end < map.columns, map.cellLabels == nil {
                    let next = row * map.columns + end
                    let nextOpacity =
                        uniformOpacity != nil ? 1 : map.opacity.map { (($0[next] * 20).rounded() / 20) } ?? 1
                    guard cellColor(map, index: next, low: low, high: high) == color, nextOpacity == opacity else {
                        break
                    }
                    end += 1
                }
                if let color {
                    let x0 = x.pixel(edge(map.xLow, map.xHigh, Double(column), map.columns, cellWidth, log: x.isLog))
                    let x1 = x.pixel(edge(map.xLow, map.xHigh, Double(end), map.columns, cellWidth, log: x.isLog))
                    let y0 = y.pixel(edge(map.yLow, map.yHigh, Double(row), map.rows, cellHeight, log: y.isLog))
                    let y1 = y.pixel(edge(map.yLow, map.yHigh, Double(row + 1), map.rows, cellHeight, log: y.isLog))
                    let opacityText = opacity < 1 ? " fill-opacity=\"\(f(opacity))\"" : ""
                    let tip = map.cellLabels.map { " data-tip=\"\(escapeXML($0[index]))\"" } ?? ""
                    out.line(
                        "<rect x=\"\(f(min(x0, x1)))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(abs(x1 - x0) + 0.3))\" "
                            + "height=\"\(f(abs(y1 - y0) + 0.3))\" fill=\"\(color)\"\(opacityText)\(tip)/>")
                    if let labels = map.cellLabels {
                        let t = high > low ? (map.values[index] - low) / (high - low) : 0
                        let textColor = map.palette == .sequential && t < 0.6 ? "#FFFFFF" : "#111111"
                        out.line(
                            "<text x=\"\(f((x0 + x1) / 2))\" y=\"\(f((y0 + y1) / 2 + 4))\" text-anchor=\"middle\" "
                                + "fill=\"\(textColor)\">\(escapeXML(labels[index]))</text>")
                    }
                }
                column = end
            }
        }
        out.line("</g>")
    }
}
