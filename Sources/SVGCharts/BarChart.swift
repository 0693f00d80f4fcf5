import Foundation

/// Horizontal bars on a shared axis, one row per label and one bar per series, with optional
/// markers (small diamonds, such as a critical probability) and a reference line. A
/// self-contained SVG document whose width is fixed in its view box, so it scales to any page.
public struct BarChart: Sendable {
    /// One row's bars, one value per series (`nil` leaves the bar out).
    public struct Row: Sendable {
        public var label: String
        public var values: [Double?]
        /// Markers drawn on this row: a value, a colour and a word for the legend.
        public var markers: [Double]
        /// A colour for the row's label (such as a band), or `nil` for the default.
        public var labelColor: String?
        public init(label: String, values: [Double?], markers: [Double] = [], labelColor: String? = nil) {
            self.label = label
            self.values = values
            self.markers = markers
            self.labelColor = labelColor
        }
    }

    /// A series: its colour and the name in the legend.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public init(name: String, color: String) {
            self.name = name
            self.color = color
        }
    }

    public var title: String
    public var subtitle = ""
    public var xLabel: String
    public var series: [Series]
    public var rows: [Row]
    /// A vertical line (such as 0, or the status quo) and its label.
    public var reference: (value: Double, label: String)?
    public var markerLegend = ""
    public var markerColor = "#111111"
    /// The axis always includes these values (such as 0 and 1 for probabilities).
    public var include: [Double] = [0]
    /// Multiplies values for tick labels (100 for percentages).
    public var labelScale = 1.0
    public var labelSuffix = ""
    /// Width of the label column.
    public var labelWidth = 230.0
    /// Dashed lines between rows (after row `afterRow`, counting from 0), each with a label.
    public var dividers: [(afterRow: Int, label: String)] = []
    public var width = 960.0

    /// Values are probabilities: the ticks read as percentages and the axis spans `span` (0 to 1
    /// by default; `[0]` lets it end just past the largest value).
    public mutating func showProbabilities(spanning span: [Double] = [0, 1]) {
        include = span
        labelScale = 100
        labelSuffix = "%"
    }

    public init(title: String, xLabel: String, series: [Series], rows: [Row]) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
        self.rows = rows
    }

    /// The chart without the series that draw nothing (every value missing or 0, such as the
    /// status quo's allocation when every minimum is 0): they would take a slot in every row and
    /// a name in the legend for no bar. A chart whose every series is empty keeps them all.
    var drawnSeriesOnly: BarChart {
        let drawn = series.indices.filter { s in rows.contains { s < $0.values.count && ($0.values[s] ?? 0) != 0 } }
        guard !drawn.isEmpty, drawn.count < series.count else { return self }
        var chart = self
        chart.series = drawn.map { series[$0] }
        for r in chart.rows.indices {
            let values = chart.rows[r].values
            chart.rows[r].values = drawn.map { $0 < values.count ? values[$0] : nil }
        }
        return chart
    }

    public func svg() -> String { drawnSeriesOnly.render() }

    /// The SVG of this chart, every series drawn.
    private func render() -> String {
        let barHeight = 14.0
        let rowHeight = max(24.0, Double(series.count) * barHeight + 10)
        let left = labelWidth
        let right = width - 30
        let top = subtitle.isEmpty ? 58.0 : 76.0
        var legend: [(String, String, Bool)] = series.count > 1 ? series.map { ($0.name, $0.color, false) } : []
        if !markerLegend.isEmpty { legend.append((markerLegend, markerColor, true)) }
        let legendLines = ChartFrame.legendLines(legend.map(\.0), x: left, right: width - 16)
        let legendHeight = legendLines == 0 ? 0 : 26.0 + 18 * Double(legendLines - 1)
        let height = top + Double(max(rows.count, 1)) * rowHeight + 56 + legendHeight
        let values = rows.flatMap { $0.values.compactMap { $0 } + $0.markers } + include + [reference?.value].compactMap { $0 }
        var (lower, upper) = (values.min() ?? 0, values.max() ?? 1)
        if upper - lower < 1e-12 {
            lower -= 0.5
            upper += 0.5
        }
        let pad = (upper - lower) * 0.03
        if lower < 0 || !include.contains(lower) { lower -= pad }
        upper += pad
        func px(_ v: Double) -> Double { left + (v - lower) / (upper - lower) * (right - left) }
        var out = ChartFrame.open(width: width, height: height, title: title, subtitle: subtitle)
        let bottom = top + Double(rows.count) * rowHeight
        for tick in Ticks.nice(lower...upper, count: 6) {
            let x = px(tick)
            out += ChartFrame.line(x, top - 6, x, bottom, color: "#000", opacity: 0.08)
            out += ChartFrame.text(x, bottom + 18, Ticks.label(tick * labelScale) + labelSuffix, anchor: "middle", color: "#333")
        }
        out += ChartFrame.text((left + right) / 2, bottom + 40, xLabel, anchor: "middle", color: "#333")
        let zero = px(min(max(0, lower), upper))
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            out += ChartFrame.text(left - 8, y + rowHeight / 2 + 4, row.label, anchor: "end", color: row.labelColor ?? "#222")
            for (s, value) in row.values.enumerated() {
                guard let value, s < series.count else { continue }
                let x = px(value)
                let barTop = y + 5 + Double(s) * barHeight
                out +=
                    "<rect x=\"\(svgNumber(min(x, zero)))\" y=\"\(svgNumber(barTop))\" width=\"\(svgNumber(max(abs(x - zero), 1)))\" height=\"\(svgNumber(barHeight - 3))\" fill=\"\(escapeXML(series[s].color))\"><title>\(escapeXML(row.label)): \(escapeXML(series[s].name)) \(escapeXML(Ticks.label(value * labelScale) + labelSuffix))</title></rect>\n"
            }
            for marker in row.markers {
                let x = px(marker)
                let cy = y + rowHeight / 2
                out +=
                    "<path d=\"M\(svgNumber(x)),\(svgNumber(cy - 7)) L\(svgNumber(x + 6)),\(svgNumber(cy)) L\(svgNumber(x)),\(svgNumber(cy + 7)) L\(svgNumber(x - 6)),\(svgNumber(cy)) Z\" fill=\"\(escapeXML(markerColor))\" stroke=\"#fff\" stroke-width=\"1\"><title>\(escapeXML(row.label)): \(escapeXML(markerLegend)) \(escapeXML(Ticks.label(marker * labelScale) + labelSuffix))</title></path>\n"
            }
        }
        for divider in dividers where divider.afterRow >= 0 && divider.afterRow < rows.count - 1 {
            let y = top + Double(divider.afterRow + 1) * rowHeight
            out += ChartFrame.line(16, y, right, y, color: "#555", opacity: 0.8, dashed: true)
            out += ChartFrame.text(right, y - 3, divider.label, anchor: "end", color: "#555", size: 11)
        }
        out += ChartFrame.line(zero, top - 6, zero, bottom, color: "#333", opacity: 0.6)
        if let reference {
            let x = px(reference.value)
            out += ChartFrame.line(x, top - 10, x, bottom, color: "#b03a2e", opacity: 0.9, dashed: true)
            out += ChartFrame.text(x + 4, top - 12, reference.label, anchor: "start", color: "#b03a2e", size: 11)
        }
        out += ChartFrame.legend(legend, x: left, y: bottom + 56, right: width - 16)
        return out + "</svg>\n"
    }
}

/// Pieces every chart draws the same way.
enum ChartFrame {
    static func open(width: Double, height: Double, title: String, subtitle: String) -> String {
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(svgNumber(width)) \(svgNumber(height))" width="\(svgNumber(width))" height="\(svgNumber(height))" role="img" aria-label="\(escapeXML(title))" font-family="Helvetica, Arial, sans-serif" font-size="13">
            <title>\(escapeXML(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="20" y="30" font-size="18" font-weight="bold" fill="#222">\(escapeXML(title))</text>

            """
        if !subtitle.isEmpty { out += "<text x=\"20\" y=\"52\" fill=\"#555\">\(escapeXML(subtitle))</text>\n" }
        return out
    }

    static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String, opacity: Double = 1, dashed: Bool = false,
        width: Double = 1
    ) -> String {
        "<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x2))\" y2=\"\(svgNumber(y2))\" stroke=\"\(escapeXML(color))\" stroke-opacity=\"\(svgNumber(opacity))\" stroke-width=\"\(svgNumber(width))\"\(dashed ? " stroke-dasharray=\"5 4\"" : "")/>\n"
    }

    static func text(
        _ x: Double, _ y: Double, _ text: String, anchor: String, color: String, size: Double? = nil, bold: Bool = false
    ) -> String {
        "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" text-anchor=\"\(anchor)\" fill=\"\(escapeXML(color))\"\(size.map { " font-size=\"\(svgNumber($0))\"" } ?? "")\(bold ? " font-weight=\"bold\"" : "")>\(escapeXML(text))</text>\n"
    }

    /// Where each legend entry starts: left to right from `x`, onto a new line 18 px lower when the
    /// next entry would pass `right` (nil: never).
    static func legendLayout(_ names: [String], x: Double, right: Double?) -> [(x: Double, line: Int)] {
        var cursor = x
        var line = 0
        return names.map { name in
            let width = 30 + Double(name.count) * 6.6
            if let right, cursor > x, cursor + width - 13 > right {
                cursor = x
                line += 1
            }
            defer { cursor += width }
            return (cursor, line)
        }
    }

    /// The lines a legend takes (see ``legendLayout(_:x:right:)``).
    static func legendLines(_ names: [String], x: Double, right: Double?) -> Int {
        names.isEmpty ? 0 : (legendLayout(names, x: x, right: right).last?.line ?? 0) + 1
    }

    /// A row of legend entries: a swatch (or a diamond for markers) and a name, wrapping before
    /// `right` when it is given.
    static func legend(
        _ entries: [(name: String, color: String, marker: Bool)], x: Double, y: Double, right: Double? = nil
    ) -> String {
        var out = ""
        let layout = legendLayout(entries.map(\.name), x: x, right: right)
        for (entry, place) in zip(entries, layout) {
            let cursor = place.x
            let y = y + 18 * Double(place.line)
            if entry.marker {
                out +=
                    "<path d=\"M\(svgNumber(cursor + 6)),\(svgNumber(y - 12)) L\(svgNumber(cursor + 12)),\(svgNumber(y - 5)) L\(svgNumber(cursor + 6)),\(svgNumber(y + 2)) L\(svgNumber(cursor)),\(svgNumber(y - 5)) Z\" fill=\"\(escapeXML(entry.color))\"/>\n"
            } else {
                out +=
                    "<rect x=\"\(svgNumber(cursor))\" y=\"\(svgNumber(y - 11))\" width=\"12\" height=\"12\" fill=\"\(escapeXML(entry.color))\"/>\n"
            }
            out += text(cursor + 17, y, entry.name, anchor: "start", color: "#333", size: 12)
        }
        return out
    }
}
