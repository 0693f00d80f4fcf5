import Foundation

/// Vertical bars stacked from series, one bar per category (such as the optimal share of each
/// program in each bin of expected difficulty). Empty categories are drawn as gaps.
public struct StackedBarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var color: String
        /// One value per category; `nil` for a category with no data.
        public var values: [Double?]
        public init(name: String, color: String, values: [Double?]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    public var title: String
    public var subtitle = ""
    public var xLabel: String
    public var yLabel: String
    public var categories: [String]
    /// A small note under each category (such as how many cases it holds).
    public var notes: [String] = []
    public var series: [Series]
    /// The top of the axis (1 for shares).
    public var maximum = 1.0
    public var labelScale = 100.0
    public var labelSuffix = "%"
    public var width = 960.0
    public var height = 520.0

    public init(title: String, xLabel: String, yLabel: String, categories: [String], series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
    }

    public func svg() -> String {
        let left = 70.0
        let right = width - 230
        let top = subtitle.isEmpty ? 58.0 : 76.0
        let bottom = height - 70
        func py(_ v: Double) -> Double { bottom - min(max(v, 0), maximum) / maximum * (bottom - top) }
        var out = ChartFrame.open(width: width, height: height, title: title, subtitle: subtitle)
        for tick in Ticks.nice(0...maximum, count: 5) {
            out += ChartFrame.line(left, py(tick), right, py(tick), color: "#000", opacity: 0.08)
            out += ChartFrame.text(
                left - 8, py(tick) + 4, Ticks.label(tick * labelScale) + labelSuffix, anchor: "end", color: "#333")
        }
        out +=
            "<text transform=\"translate(18,\(svgNumber((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">\(escapeXML(yLabel))</text>\n"
        let slot = (right - left) / Double(max(categories.count, 1))
        for (c, category) in categories.enumerated() {
            let x = left + Double(c) * slot + slot * 0.12
            let barWidth = slot * 0.76
            var stacked = 0.0
            for s in series {
                guard c < s.values.count, let value = s.values[c], value > 0 else { continue }
                out +=
                    "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(py(stacked + value)))\" width=\"\(svgNumber(barWidth))\" height=\"\(svgNumber(py(stacked) - py(stacked + value)))\" fill=\"\(escapeXML(s.color))\"><title>\(escapeXML(category)): \(escapeXML(s.name)) \(escapeXML(Ticks.label(value * labelScale) + labelSuffix))</title></rect>\n"
                stacked += value
            }
            out += ChartFrame.text(x + barWidth / 2, bottom + 18, category, anchor: "middle", color: "#333", size: 11)
            if c < notes.count {
                out += ChartFrame.text(x + barWidth / 2, bottom + 33, notes[c], anchor: "middle", color: "#777", size: 10)
            }
        }
        out += ChartFrame.text((left + right) / 2, bottom + 56, xLabel, anchor: "middle", color: "#333")
        for (s, entry) in series.enumerated().reversed() {
            let y = top + Double(series.count - 1 - s) * 20
            out +=
                "<rect x=\"\(svgNumber(right + 20))\" y=\"\(svgNumber(y))\" width=\"12\" height=\"12\" fill=\"\(escapeXML(entry.color))\"/>\n"
            out += ChartFrame.text(right + 38, y + 11, entry.name, anchor: "start", color: "#333", size: 12)
        }
        return out + "</svg>\n"
    }
}

/// Colours for series: distinct, and readable on white and in print.
public enum ChartPalette {
    public static let colors = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
    ]

    public static func color(_ index: Int) -> String { colors[index % colors.count] }

}
