import Foundation

extension SVGRenderer {
    /// Draws parallel coordinates: evenly spaced vertical axes, one coloured polyline per line.
    func drawParallel(_ parallel: ParallelAxes, top: Double, into out: inout SVGBuilder) {
        let left = 50.0
        let right = width - 50
        let axisTop = top + 30
        let bottom = height - 40
        let count = parallel.axes.count
        guard count > 0 else { return }
        func xPosition(_ index: Int) -> Double {
            count == 1 ? (left + right) / 2 : left + (right - left) * Double(index) / Double(count - 1)
        }
        let mappings = parallel.axes.map { axis in
            AxisMapping(
                axis: ChartAxis(
                    label: axis.name, scale: axis.scale, categories: axis.categories,
                    low: axis.categories == nil ? axis.low : nil, high: axis.categories == nil ? axis.high : nil),
                values: [axis.low, axis.high], pixelStart: bottom, pixelEnd: axisTop)
        }
        let colors = parallel.lines.map(\.colorValue).filter(\.isFinite)
        let colorLow = colors.min() ?? 0
        let colorHigh = colors.max() ?? 1
        out.line("<g class=\"lines\" fill=\"none\" stroke-width=\"1.5\" stroke-opacity=\"0.7\">")
        for line in parallel.lines {
            var path = ""
            var pen = false
            for (index, value) in line.values.enumerated() where index < count {
                guard mappings[index].accepts(value) else {
                    pen = false
                    continue
                }
                path +=
                    "\(pen ? " L" : (path.isEmpty ? "M" : " M"))\(f(xPosition(index))) \(f(mappings[index].pixel(value)))"
                pen = true
            }
            guard !path.isEmpty else { continue }
            let t = colorHigh > colorLow ? (line.colorValue - colorLow) / (colorHigh - colorLow) : 0.5
            let tip = line.tooltip.map { " data-tip=\"\(escapeXML($0))\"" } ?? ""
            let stroke =
                line.infeasible == true
                ? "stroke=\"#999999\" stroke-dasharray=\"4 3\"" : "stroke=\"\(Palette.sequential(t))\""
            out.line("<path d=\"\(path)\" \(stroke)\(tip)/>")
        }
        out.line("</g>")
        out.line("<g class=\"axes\" font-size=\"11\" fill=\"#333333\">")
        for (index, mapping) in mappings.enumerated() {
            let px = xPosition(index)
            out.line(line(px, axisTop, px, bottom, stroke: "#555555"))
            out.line(
                "<text x=\"\(f(px))\" y=\"\(f(axisTop - 10))\" text-anchor=\"middle\" font-weight=\"bold\">"
                    + "\(escapeXML(clip(parallel.axes[index].name, 16)))</text>")
            let ticks =
                mapping.ticks.count > 6
                ? stride(from: 0, to: mapping.ticks.count, by: 2).map { mapping.ticks[$0] } : mapping.ticks
            for tick in ticks {
                out.line(
                    "<text x=\"\(f(px + 4))\" y=\"\(f(mapping.pixel(tick.value) + 4))\" font-size=\"10\">"
                        + "\(escapeXML(clip(tick.label, 12)))</text>")
            }
        }
        out.line("</g>")
    }

    /// Draws small images (row 0 at the top) in a grid, sharing one colour scale.
    func drawImages(_ images: [Heatmap], top: Double, into out: inout SVGBuilder) {
        let columns = Int(Double(images.count).squareRoot().rounded(.up))
        let rows = (images.count + columns - 1) / columns
        let cellWidth = (width - 20) / Double(columns)
        let cellHeight = (height - top - 10) / Double(rows)
        let side = max(min(cellWidth, cellHeight - 18) - 8, 4)
        let lows = images.map(\.valueRange.low)
        let highs = images.map(\.valueRange.high)
        let low = lows.min() ?? 0
        let high = highs.max() ?? 1
        out.line("<g class=\"images\" shape-rendering=\"crispEdges\">")
        for (number, image) in images.enumerated() {
            let originX = 10 + Double(number % columns) * cellWidth + (cellWidth - side) / 2
            let originY = top + Double(number / columns) * cellHeight + 16
            if let title = image.title {
                out.line(
                    "<text x=\"\(f(originX + side / 2))\" y=\"\(f(originY - 4))\" text-anchor=\"middle\" font-size=\"11\">"
                        + "\(escapeXML(title))</text>")
            }
            let pixelWidth = side / Double(image.columns)
            let pixelHeight = side / Double(image.rows)
            for row in 0..<image.rows {
                var column = 0
                while column < image.columns {
                    let index = row * image.columns + column
                    let color = quantized(image, index: index, low: low, high: high)
                    var end = column + 1
                    while end < image.columns,
                        quantized(image, index: row * image.columns + end, low: low, high: high) == color
                    {
                        end += 1
                    }
                    if let color {
                        out.line(
                            "<rect x=\"\(f(originX + Double(column) * pixelWidth))\" y=\"\(f(originY + Double(row) * pixelHeight))\" "
                                + "width=\"\(f(Double(end - column) * pixelWidth + 0.3))\" height=\"\(f(pixelHeight + 0.3))\" fill=\"\(color)\"/>"
                        )
                    }
                    column = end
                }
            }
            out.line(
                "<rect x=\"\(f(originX))\" y=\"\(f(originY))\" width=\"\(f(side))\" height=\"\(f(side))\" fill=\"none\" "
                    + "stroke=\"#999999\"/>")
        }
        out.line("</g>")
    }

    /// A cell colour on a 16-level scale (so runs merge).
    private func quantized(_ image: Heatmap, index: Int, low: Double, high: Double) -> String? {
        let value = image.values[index]
        guard value.isFinite else { return nil }
        switch image.palette {
        case .diverging:
            let scale = max(abs(low), abs(high))
            return Palette.diverging(scale > 0 ? (value / scale * 8).rounded() / 8 : 0)
        case .sequential:
            return Palette.sequential(high > low ? ((value - low) / (high - low) * 16).rounded() / 16 : 0.5)
        case .classes:
            return Palette.color(Int(value))
        }
    }
}
