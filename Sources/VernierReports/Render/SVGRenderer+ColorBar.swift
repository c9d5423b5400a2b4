extension SVGRenderer {
    /// The width a colour bar takes right of the plot.
    static let colorBarWidth = 74.0

    /// Draws `bar` as 24 stacked cells of the sequential palette between `top` and `bottom`, starting at `left`,
    /// with the low, middle and high values and the label.
    func drawColorBar(_ bar: ColorBar, left: Double, top: Double, bottom: Double, into out: inout SVGBuilder) {
        let cells = 24
        let height = (bottom - top) / Double(cells)
        out.line("<g class=\"colorbar\" font-size=\"10\" fill=\"#444444\">")
        for cell in 0..<cells {
            let t = (Double(cell) + 0.5) / Double(cells)
            let y = bottom - Double(cell + 1) * height
            out.line(
                "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"12\" height=\"\(f(height + 0.5))\" "
                    + "fill=\"\(Palette.sequential(t))\"/>")
        }
        out.line(
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"12\" height=\"\(f(bottom - top))\" fill=\"none\" "
                + "stroke=\"#888888\"/>")
        let middle = (bar.low + bar.high) / 2
        for (value, y) in [(bar.high, top), (middle, (top + bottom) / 2), (bar.low, bottom)] {
            out.line(line(left + 12, y, left + 15, y, stroke: "#888888"))
            out.line(
                "<text x=\"\(f(left + 17))\" y=\"\(f(y + 3))\">"
                    + "\(escapeXML(NumberFormat.short(value, digits: 3)))</text>")
        }
        let labelX = left + 66
        let labelY = (top + bottom) / 2
        out.line(
            "<text x=\"\(f(labelX))\" y=\"\(f(labelY))\" text-anchor=\"middle\" fill=\"#222222\" "
                + "transform=\"rotate(-90 \(f(labelX)) \(f(labelY)))\">\(escapeXML(clip(bar.label, 24)))</text>")
        out.line("</g>")
    }
}
