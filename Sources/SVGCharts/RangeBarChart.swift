import Foundation

/// Horizontal bars, each spanning two values on a shared axis, around a reference value: a
/// tornado diagram when rows are sorted by length. A self-contained SVG document.
public struct RangeBarChart: Sendable {
    public struct Row: Sendable {
        public var label: String
        /// The value at the row's "low" setting and at its "high" setting.
        public var low: Double
        public var high: Double
        public init(label: String, low: Double, high: Double) {
            self.label = label
            self.low = low
            self.high = high
        }
    }

    public var title: String
    public var subtitle = ""
    public var xLabel: String
    /// Drawn as a vertical line (such as the value with everything at its median).
    public var reference: Double
    public var rows: [Row]
    public var lowColor = "#2e86c1"
    public var highColor = "#d35400"
    public var lowLegend = "at the 5th percentile"
    public var highLegend = "at the 95th percentile"
    /// Multiplies values for tick labels (100 for percentages).
    public var labelScale = 1.0
    public var labelSuffix = ""

    public init(title: String, xLabel: String, reference: Double, rows: [Row]) {
        self.title = title
        self.xLabel = xLabel
        self.reference = reference
        self.rows = rows
    }

    public func svg() -> String {
        let rowHeight = 24.0
        let left = 330.0
        let right = 880.0
        let top = subtitle.isEmpty ? 60.0 : 78.0
        let height = top + Double(max(rows.count, 1)) * rowHeight + 80
        let values = rows.flatMap { [$0.low, $0.high] } + [reference]
        var lower = values.min() ?? 0
        var upper = values.max() ?? 1
        if upper - lower < 1e-12 {
            lower -= 0.5
            upper += 0.5
        }
        let pad = (upper - lower) * 0.05
        lower -= pad
        upper += pad
        func px(_ v: Double) -> Double { left + (v - lower) / (upper - lower) * (right - left) }
        var out = rowChartStart(height: height, title: title, subtitle: subtitle)
        let bottom = top + Double(rows.count) * rowHeight
        for tick in Ticks.nice(lower...upper, count: 6) {
            let x = px(tick)
            out +=
                "<line x1=\"\(svgNumber(x))\" y1=\"\(svgNumber(top - 6))\" x2=\"\(svgNumber(x))\" y2=\"\(svgNumber(bottom))\" stroke=\"#000\" stroke-opacity=\"0.08\"/>\n"
            out +=
                "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(bottom + 18))\" text-anchor=\"middle\" fill=\"#333\">\(escapeXML(Ticks.label(tick * labelScale) + labelSuffix))</text>\n"
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let middle = px(reference)
            out +=
                "<text x=\"\(svgNumber(left - 8))\" y=\"\(svgNumber(y + 16))\" text-anchor=\"end\" fill=\"#222\">\(escapeXML(row.label))</text>\n"
            for (value, colour) in [(row.low, lowColor), (row.high, highColor)] {
                let x = px(value)
                out +=
                    "<rect x=\"\(svgNumber(min(x, middle)))\" y=\"\(svgNumber(y + 4))\" width=\"\(svgNumber(max(abs(x - middle), 0.5)))\" height=\"\(svgNumber(rowHeight - 8))\" fill=\"\(escapeXML(colour))\" fill-opacity=\"0.8\"/>\n"
            }
        }
        out +=
            "<line x1=\"\(svgNumber(px(reference)))\" y1=\"\(svgNumber(top - 10))\" x2=\"\(svgNumber(px(reference)))\" y2=\"\(svgNumber(bottom))\" stroke=\"#222\" stroke-width=\"1.5\"/>\n"
        out +=
            "<text x=\"\(svgNumber((left + right) / 2))\" y=\"\(svgNumber(bottom + 40))\" text-anchor=\"middle\" fill=\"#222\">\(escapeXML(xLabel))</text>\n"
        let legendY = bottom + 58
        out +=
            "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(legendY))\" width=\"14\" height=\"12\" fill=\"\(escapeXML(lowColor))\"/><text x=\"\(svgNumber(left + 20))\" y=\"\(svgNumber(legendY + 11))\">\(escapeXML(lowLegend))</text>\n"
        out +=
            "<rect x=\"\(svgNumber(left + 220))\" y=\"\(svgNumber(legendY))\" width=\"14\" height=\"12\" fill=\"\(escapeXML(highColor))\"/><text x=\"\(svgNumber(left + 240))\" y=\"\(svgNumber(legendY + 11))\">\(escapeXML(highLegend))</text>\n"
        return out + "</svg>\n"
    }
}
