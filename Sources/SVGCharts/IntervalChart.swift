import Foundation

/// Horizontal intervals on a shared axis, one per row, each with a marked point inside it (such as
/// the amounts of a program that keep an allocation near its best, around the best one's own
/// amount). A self-contained SVG document.
public struct IntervalChart: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var low: Double
        public var high: Double
        /// Drawn as a dot.
        public var mark: Double
        public init(label: String, low: Double, high: Double, mark: Double) {
            self.label = label
            self.low = low
            self.high = high
            self.mark = mark
        }
    }

    public var title: String
    public var subtitle = ""
    public var xLabel: String
    public var rows: [Row]
    public var color = "#2e86c1"
    public var markColor = "#222222"
    public var intervalLegend = "interval"
    public var markLegend = "mark"

    public init(title: String, xLabel: String, rows: [Row]) {
        self.title = title
        self.xLabel = xLabel
        self.rows = rows
    }

    public func svg() -> String {
        let rowHeight = 26.0
        let left = 240.0
        let right = 920.0
        let top = subtitle.isEmpty ? 60.0 : 78.0
        let height = top + Double(max(rows.count, 1)) * rowHeight + 80
        let values = rows.flatMap { [$0.low, $0.high, $0.mark] }.filter(\.isFinite) + [0]
        let lower = values.min() ?? 0
        var upper = values.max() ?? 1
        if upper - lower < 1e-12 { upper = lower + 1 }
        upper += (upper - lower) * 0.03
        func px(_ v: Double) -> Double { left + (v - lower) / (upper - lower) * (right - left) }
        var out = rowChartStart(height: height, title: title, subtitle: subtitle)
        let bottom = top + Double(rows.count) * rowHeight
        var seen: Set<String> = []
        for tick in Ticks.nice(lower...upper, count: 7) {
            let label = Ticks.label(tick)
            guard seen.insert(label).inserted else { continue }
            let x = px(tick)
            out +=
                "<line x1=\"\(svgNumber(x))\" y1=\"\(svgNumber(top - 6))\" x2=\"\(svgNumber(x))\" y2=\"\(svgNumber(bottom))\" stroke=\"#000\" stroke-opacity=\"0.08\"/>\n"
            out +=
                "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(bottom + 18))\" text-anchor=\"middle\" fill=\"#333\">\(escapeXML(label))</text>\n"
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            out +=
                "<text x=\"\(svgNumber(left - 10))\" y=\"\(svgNumber(y + 17))\" text-anchor=\"end\" fill=\"#222\">\(escapeXML(row.label))</text>\n"
            let a = px(row.low)
            let b = px(row.high)
            out +=
                "<rect x=\"\(svgNumber(a))\" y=\"\(svgNumber(y + 6))\" width=\"\(svgNumber(max(b - a, 2)))\" height=\"\(svgNumber(rowHeight - 12))\" fill=\"\(escapeXML(color))\" fill-opacity=\"0.75\"/>\n"
            out +=
                "<circle cx=\"\(svgNumber(px(row.mark)))\" cy=\"\(svgNumber(y + rowHeight / 2))\" r=\"4.5\" fill=\"\(escapeXML(markColor))\"/>\n"
        }
        out +=
            "<text x=\"\(svgNumber((left + right) / 2))\" y=\"\(svgNumber(bottom + 40))\" text-anchor=\"middle\" fill=\"#222\">\(escapeXML(xLabel))</text>\n"
        let legendY = bottom + 58
        out +=
            "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(legendY))\" width=\"14\" height=\"12\" fill=\"\(escapeXML(color))\" fill-opacity=\"0.75\"/><text x=\"\(svgNumber(left + 20))\" y=\"\(svgNumber(legendY + 11))\">\(escapeXML(intervalLegend))</text>\n"
        out +=
            "<circle cx=\"\(svgNumber(left + 327))\" cy=\"\(svgNumber(legendY + 6))\" r=\"4.5\" fill=\"\(escapeXML(markColor))\"/><text x=\"\(svgNumber(left + 340))\" y=\"\(svgNumber(legendY + 11))\">\(escapeXML(markLegend))</text>\n"
        return out + "</svg>\n"
    }
}
