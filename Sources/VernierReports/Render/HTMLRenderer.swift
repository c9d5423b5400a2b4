/// Renders a ``Report`` as one standalone HTML page: inline CSS, inline SVG figures, tables, and a small
/// inline script that shows the `data-tip` of the mark under the pointer. No network access, no CDN. All text
/// from data is escaped; tooltips are set with `textContent`, never parsed as HTML.
///
/// ```swift
/// let page = HTMLRenderer().render(report)
/// ```
public struct HTMLRenderer: Sendable {
    /// Creates a renderer.
    ///
    /// ```swift
    /// let renderer = HTMLRenderer()
    /// ```
    public init() {}

    /// The page's HTML.
    ///
    /// ```swift
    /// let page = HTMLRenderer().render(Report(title: "Empty"))
    /// ```
    public func render(_ report: Report) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeXML(report.title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header><h1>\(escapeXML(report.title))</h1>

            """
        if !report.summary.isEmpty {
            html += "<ul class=\"summary\">" + report.summary.map { "<li>\(escapeXML($0))</li>" }.joined() + "</ul>\n"
        }
        html += "</header>\n<main>\n"
        for section in report.sections { html += render(section) }
        html += "</main>\n<div id=\"tip\" role=\"tooltip\"></div>\n<script>\(Self.script)</script>\n</body>\n</html>\n"
        return html
    }

    /// One section as a `<section class="card">` element: heading, paragraph, inline SVG figure and table. The
    /// dashboard uses this to refresh its plots without reloading the page.
    ///
    /// ```swift
    /// let fragment = report.sections.map(HTMLRenderer().render).joined()
    /// ```
    public func render(_ section: ReportSection) -> String {
        let wide = section.chart == nil || section.width > 700 ? " wide" : ""
        var html = "<section class=\"card\(wide)\">\n<h2>\(escapeXML(section.title))</h2>\n"
        if let text = section.text { html += "<p>\(escapeXML(text))</p>\n" }
        if let chart = section.chart {
            html += SVGRenderer(width: section.width, height: section.height).render(chart)
        }
        if let table = section.table { html += tableHTML(table) }
        html += "</section>\n"
        return html
    }

    private func tableHTML(_ table: DataTable) -> String {
        var html =
            "<table>\n<thead><tr>" + table.headers.map { "<th>\(escapeXML($0))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in table.rows { html += "<tr>" + row.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>\n" }
        html += "</tbody>\n</table>\n"
        if table.rows.count > 12 {
            return "<details><summary>Table (\(table.rows.count) rows)</summary>\n\(html)</details>\n"
        }
        return html
    }

    /// The report's inline CSS (cards, charts, tables, tooltip).
    public static let style = """
        body{font-family:Helvetica,Arial,sans-serif;margin:0;background:#F2F2F2;color:#222}
        header{background:#FFF;padding:16px 24px;border-bottom:1px solid #DDD}
        h1{margin:0 0 6px 0;font-size:22px}h2{margin:0 0 8px 0;font-size:16px}
        .summary{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;color:#444;font-size:13px}
        main{display:flex;flex-wrap:wrap;gap:16px;padding:16px}
        .card{background:#FFF;border:1px solid #DDD;border-radius:6px;padding:12px;max-width:100%;overflow-x:auto}
        .card.wide{flex-basis:100%}
        svg.chart{display:block;max-width:100%;height:auto}
        table{border-collapse:collapse;font-size:12px;margin-top:8px}
        th,td{border:1px solid #DDD;padding:3px 8px;text-align:right}th{background:#F5F5F5}
        td:first-child,th:first-child{text-align:left}
        details summary{cursor:pointer;font-size:12px;color:#0072B2;margin-top:8px}
        #tip{position:fixed;pointer-events:none;background:rgba(20,20,20,.88);color:#FFF;padding:4px 8px;border-radius:4px;
        font-size:12px;display:none;max-width:420px;z-index:10}
        [data-tip]:hover{stroke:#000;stroke-width:1.5}
        """

    /// The report's inline script: shows the `data-tip` of the mark under the pointer in `#tip`.
    public static let script = """
        (function(){var tip=document.getElementById('tip');
        document.addEventListener('mousemove',function(e){var t=e.target;
        var text=t&&t.getAttribute?t.getAttribute('data-tip'):null;
        if(text===null){tip.style.display='none';return;}
        tip.textContent=text;tip.style.display='block';
        tip.style.left=Math.min(e.clientX+12,window.innerWidth-tip.offsetWidth-8)+'px';
        tip.style.top=(e.clientY+14)+'px';});})();
        """
}
