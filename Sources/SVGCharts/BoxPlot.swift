import Foundation

/// Horizontal box plots on a shared axis, one per group: whiskers from the 5th to the 95th
/// percentile, a box from the 25th to the 75th, the median as a line and the mean as a dot.
public struct BoxPlot: Sendable {
    /// A group's summary (compute it with ``Box/init(values:)``).
    public struct Box: Sendable, Equatable {
        public var p5: Double
        public var p25: Double
        public var median: Double
        public var p75: Double
        public var p95: Double
        public var mean: Double

        public init(p5: Double, p25: Double, median: Double, p75: Double, p95: Double, mean: Double) {
            self.p5 = p5
            self.p25 = p25
            self.median = median
            self.p75 = p75
            self.p95 = p95
            self.mean = mean
        }

        /// The summary of `values` (order statistics at the nearest rank).
        public init(values: [Double]) {
            let sorted = values.sorted()
            func q(_ p: Double) -> Double {
                sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count - 1)).rounded())))]
            }
            self.init(
                p5: q(0.05), p25: q(0.25), median: q(0.5), p75: q(0.75), p95: q(0.95),
                mean: sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count))
        }
    }

    public var title: String
    public var subtitle = ""
    public var xLabel: String
    public var groups: [(label: String, box: Box)]
    public var color = "#2e86c1"
    public var labelScale = 1.0
    public var labelSuffix = ""
    public var width = 960.0

    public init(title: String, xLabel: String, groups: [(label: String, box: Box)]) {
        self.title = title
        self.xLabel = xLabel
        self.groups = groups
    }

    public func svg() -> String {
        let rowHeight = 40.0
        let left = 200.0
        let right = width - 30
        let top = subtitle.isEmpty ? 58.0 : 76.0
        let height = top + Double(max(groups.count, 1)) * rowHeight + 86
        let values = groups.flatMap { [$0.box.p5, $0.box.p95, $0.box.mean] }.filter(\.isFinite) + [0]
        var (lower, upper) = (values.min() ?? 0, values.max() ?? 1)
        if upper - lower < 1e-12 { upper = lower + 1e-3 }
        upper += (upper - lower) * 0.04
        func px(_ v: Double) -> Double { left + (v - lower) / (upper - lower) * (right - left) }
        var out = ChartFrame.open(width: width, height: height, title: title, subtitle: subtitle)
        let bottom = top + Double(groups.count) * rowHeight
        for tick in Ticks.nice(lower...upper, count: 6) {
            out += ChartFrame.line(px(tick), top - 6, px(tick), bottom, color: "#000", opacity: 0.08)
            out += ChartFrame.text(
                px(tick), bottom + 18, Ticks.label(tick * labelScale) + labelSuffix, anchor: "middle", color: "#333")
        }
        out += ChartFrame.text((left + right) / 2, bottom + 40, xLabel, anchor: "middle", color: "#333")
        for (i, group) in groups.enumerated() {
            let b = group.box
            let middle = top + Double(i) * rowHeight + rowHeight / 2
            let show = { (v: Double) in Ticks.label(v * labelScale) + labelSuffix }
            out += ChartFrame.text(left - 8, middle + 4, group.label, anchor: "end", color: "#222")
            out += ChartFrame.line(px(b.p5), middle, px(b.p95), middle, color: color, width: 1.5)
            for whisker in [b.p5, b.p95] {
                out += ChartFrame.line(px(whisker), middle - 7, px(whisker), middle + 7, color: color, width: 1.5)
            }
            out +=
                "<rect x=\"\(svgNumber(px(b.p25)))\" y=\"\(svgNumber(middle - 11))\" width=\"\(svgNumber(max(px(b.p75) - px(b.p25), 1)))\" height=\"22\" fill=\"\(escapeXML(color))\" fill-opacity=\"0.35\" stroke=\"\(escapeXML(color))\"><title>\(escapeXML(group.label)): 5th \(escapeXML(show(b.p5))), 25th \(escapeXML(show(b.p25))), median \(escapeXML(show(b.median))), 75th \(escapeXML(show(b.p75))), 95th \(escapeXML(show(b.p95))), mean \(escapeXML(show(b.mean)))</title></rect>\n"
            out += ChartFrame.line(px(b.median), middle - 11, px(b.median), middle + 11, color: "#1b2631", width: 2.5)
            out +=
                "<circle cx=\"\(svgNumber(px(b.mean)))\" cy=\"\(svgNumber(middle))\" r=\"4\" fill=\"#d35400\" stroke=\"#fff\"/>\n"
        }
        out += ChartFrame.legend([("box: 25th to 75th percentile", color, false)], x: left, y: bottom + 66)
        out += ChartFrame.line(left + 230, bottom + 61, left + 250, bottom + 61, color: color, width: 1.5)
        out += ChartFrame.line(left + 230, bottom + 55, left + 230, bottom + 67, color: color, width: 1.5)
        out += ChartFrame.line(left + 250, bottom + 55, left + 250, bottom + 67, color: color, width: 1.5)
        out += ChartFrame.text(
            left + 256, bottom + 66, "whiskers: 5th to 95th percentile", anchor: "start", color: "#333", size: 12)
        out +=
            "<line x1=\"\(svgNumber(right - 220))\" y1=\"\(svgNumber(bottom + 61))\" x2=\"\(svgNumber(right - 208))\" y2=\"\(svgNumber(bottom + 61))\" stroke=\"#1b2631\" stroke-width=\"2.5\"/>\n"
        out += ChartFrame.text(right - 203, bottom + 66, "median", anchor: "start", color: "#333", size: 12)
        out += "<circle cx=\"\(svgNumber(right - 130))\" cy=\"\(svgNumber(bottom + 61))\" r=\"4\" fill=\"#d35400\"/>\n"
        out += ChartFrame.text(right - 122, bottom + 66, "mean", anchor: "start", color: "#333", size: 12)
        return out + "</svg>\n"
    }
}
