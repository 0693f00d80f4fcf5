import Foundation

/// A chart of lines and shaded areas over x, with horizontal bands and reference lines, as a
/// self-contained SVG document (no scripts, no external resources). Knows nothing of the model.
///
/// ```swift
/// var chart = LineChart(title: "Race", xLabel: "year", yLabel: "level", x: 2026...2056, y: 1...10)
/// chart.bands.append(.init(from: 0.5, to: 3.5, color: "#d9f2d9", label: "green"))
/// chart.areas.append(.init(x: years, lower: p5, upper: p95, color: "#c0392b", label: "required, 5–95%"))
/// chart.lines.append(.init(x: years, y: p50, color: "#c0392b", label: "required, median"))
/// let svg = chart.svg()
/// ```
public struct LineChart: Sendable {
    /// A horizontal stripe between two y values (such as a band of levels).
    public struct Band: Sendable {
        public var from: Double
        public var to: Double
        /// The stripe's fill: keep it pale, so that areas drawn over it keep their own colour.
        public var color: String
        public var label: String
        /// A strong version of the colour, drawn as a narrow strip at the plot's right edge beside
        /// the label, so the band stays recognisable under pale fills.
        public var edgeColor: String?
        public init(from: Double, to: Double, color: String, label: String, edgeColor: String? = nil) {
            self.from = from
            self.to = to
            self.color = color
            self.label = label
            self.edgeColor = edgeColor
        }
    }

    /// A dashed horizontal line at y with a label at its right end (such as a threshold).
    public struct ReferenceLine: Sendable {
        public var y: Double
        public var label: String
        public var color: String
        public init(y: Double, label: String, color: String = "#333333") {
            self.y = y
            self.label = label
            self.color = color
        }
    }

    /// The region between two curves (such as a 5–95% fan).
    public struct Area: Sendable {
        public var x: [Double]
        public var lower: [Double]
        public var upper: [Double]
        public var color: String
        public var opacity: Double
        public var label: String
        /// Draw both edges as steps (constant until the next point), for quantities that jump.
        public var stepped: Bool
        /// Draw both edges as thin lines in the area's colour, so that where two areas overlap
        /// each one's extent can still be read.
        public var outlined: Bool
        public init(
            x: [Double], lower: [Double], upper: [Double], color: String, opacity: Double = 0.25, stepped: Bool = false,
            outlined: Bool = false, label: String
        ) {
            self.x = x
            self.lower = lower
            self.upper = upper
            self.color = color
            self.opacity = opacity
            self.stepped = stepped
            self.outlined = outlined
            self.label = label
        }
    }

    public struct Line: Sendable {
        public var x: [Double]
        public var y: [Double]
        public var color: String
        public var width: Double
        public var dashed: Bool
        /// Draw as steps (constant until the next point), for quantities that jump.
        public var stepped: Bool
        public var label: String
        public init(
            x: [Double], y: [Double], color: String, width: Double = 2.5, dashed: Bool = false, stepped: Bool = false,
            label: String
        ) {
            self.x = x
            self.y = y
            self.color = color
            self.width = width
            self.dashed = dashed
            self.stepped = stepped
            self.label = label
        }
    }

    public var width = 960.0
    public var height = 560.0
    public var title: String
    public var subtitle: String = ""
    public var xLabel: String
    public var yLabel: String
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    /// Fixed y ticks with labels; round numbers when empty.
    public var yTicks: [(value: Double, label: String)] = []
    public var bands: [Band] = []
    public var referenceLines: [ReferenceLine] = []
    /// Vertical lines at x values (such as the arrival of transformative AI), each labelled, with
    /// an optional shaded range around them.
    public var markers: [Marker] = []

    /// A vertical line at `x`, with a label and an optional shaded range `from`…`to`.
    public struct Marker: Sendable {
        public var x: Double
        public var label: String
        public var color: String
        public var range: ClosedRange<Double>?
        public init(x: Double, label: String, color: String = "#6c3483", range: ClosedRange<Double>? = nil) {
            self.x = x
            self.label = label
            self.color = color
            self.range = range
        }
    }
    public var areas: [Area] = []
    public var lines: [Line] = []

    public init(title: String, xLabel: String, yLabel: String, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
    }

    private var plot: (left: Double, top: Double, right: Double, bottom: Double) {
        (70, subtitle.isEmpty ? 50 : 68, width - 190, height - 60)
    }

    private func px(_ value: Double) -> Double {
        let p = plot
        let span = max(x.upperBound - x.lowerBound, 1e-12)
        return p.left + (value - x.lowerBound) / span * (p.right - p.left)
    }

    private func py(_ value: Double) -> Double {
        let p = plot
        let span = max(y.upperBound - y.lowerBound, 1e-12)
        return p.bottom - (min(max(value, y.lowerBound), y.upperBound) - y.lowerBound) / span * (p.bottom - p.top)
    }

    private func path(_ xs: [Double], _ ys: [Double], stepped: Bool) -> String {
        var d = ""
        for i in xs.indices where i < ys.count {
            if i == 0 {
                d += "M\(svgNumber(px(xs[i]))),\(svgNumber(py(ys[i])))"
            } else if stepped {
                d += " H\(svgNumber(px(xs[i]))) V\(svgNumber(py(ys[i])))"
            } else {
                d += " L\(svgNumber(px(xs[i]))),\(svgNumber(py(ys[i])))"
            }
        }
        return d
    }

    /// The chart as an SVG document.
    public func svg() -> String {
        let p = plot
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(svgNumber(width))" height="\(svgNumber(height))" viewBox="0 0 \(svgNumber(width)) \(svgNumber(height))" font-family="Helvetica, Arial, sans-serif" font-size="13">
            <title>\(escapeXML(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(svgNumber(p.left))" y="28" font-size="18" font-weight="bold" fill="#222">\(escapeXML(title))</text>

            """
        if !subtitle.isEmpty {
            out += "<text x=\"\(svgNumber(p.left))\" y=\"48\" fill=\"#555\">\(escapeXML(subtitle))</text>\n"
        }
        for band in bands {
            let top = py(max(band.from, band.to))
            let bottom = py(min(band.from, band.to))
            out +=
                "<rect x=\"\(svgNumber(p.left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(p.right - p.left))\" height=\"\(svgNumber(bottom - top))\" fill=\"\(escapeXML(band.color))\"/>\n"
            var labelRight = p.right - 6
            if let edge = band.edgeColor {
                out +=
                    "<rect x=\"\(svgNumber(p.right - 5))\" y=\"\(svgNumber(top))\" width=\"5\" height=\"\(svgNumber(bottom - top))\" fill=\"\(escapeXML(edge))\"/>\n"
                labelRight -= 5
            }
            out +=
                "<text x=\"\(svgNumber(labelRight))\" y=\"\(svgNumber((top + bottom) / 2 + 4))\" text-anchor=\"end\" fill=\"#666\" font-size=\"11\">\(escapeXML(band.label))</text>\n"
        }
        // Grid and axes.
        let xTicks = Ticks.nice(x, count: 7)
        let yTicks = self.yTicks.isEmpty ? Ticks.nice(y).map { ($0, Ticks.label($0)) } : self.yTicks
        for tick in xTicks {
            let xPixel = px(tick)
            out +=
                "<line x1=\"\(svgNumber(xPixel))\" y1=\"\(svgNumber(p.top))\" x2=\"\(svgNumber(xPixel))\" y2=\"\(svgNumber(p.bottom))\" stroke=\"#000\" stroke-opacity=\"0.08\"/>\n"
            out +=
                "<text x=\"\(svgNumber(xPixel))\" y=\"\(svgNumber(p.bottom + 18))\" text-anchor=\"middle\" fill=\"#333\">\(escapeXML(Ticks.label(tick)))</text>\n"
        }
        for (value, label) in yTicks {
            let yPixel = py(value)
            out +=
                "<line x1=\"\(svgNumber(p.left))\" y1=\"\(svgNumber(yPixel))\" x2=\"\(svgNumber(p.right))\" y2=\"\(svgNumber(yPixel))\" stroke=\"#000\" stroke-opacity=\"0.08\"/>\n"
            out +=
                "<text x=\"\(svgNumber(p.left - 8))\" y=\"\(svgNumber(yPixel + 4))\" text-anchor=\"end\" fill=\"#333\">\(escapeXML(label))</text>\n"
        }
        out +=
            "<rect x=\"\(svgNumber(p.left))\" y=\"\(svgNumber(p.top))\" width=\"\(svgNumber(p.right - p.left))\" height=\"\(svgNumber(p.bottom - p.top))\" fill=\"none\" stroke=\"#333\"/>\n"
        out +=
            "<text x=\"\(svgNumber((p.left + p.right) / 2))\" y=\"\(svgNumber(height - 18))\" text-anchor=\"middle\" fill=\"#222\">\(escapeXML(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(20 \(svgNumber((p.top + p.bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">\(escapeXML(yLabel))</text>\n"
        for line in referenceLines {
            let yPixel = py(line.y)
            out +=
                "<line x1=\"\(svgNumber(p.left))\" y1=\"\(svgNumber(yPixel))\" x2=\"\(svgNumber(p.right))\" y2=\"\(svgNumber(yPixel))\" stroke=\"\(escapeXML(line.color))\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            out +=
                "<text x=\"\(svgNumber(p.left + 6))\" y=\"\(svgNumber(yPixel - 5))\" fill=\"\(escapeXML(line.color))\" font-size=\"11\">\(escapeXML(line.label))</text>\n"
        }
        for marker in markers {
            if let range = marker.range {
                let from = px(max(range.lowerBound, x.lowerBound))
                let to = px(min(range.upperBound, x.upperBound))
                out +=
                    "<rect x=\"\(svgNumber(from))\" y=\"\(svgNumber(p.top))\" width=\"\(svgNumber(max(to - from, 0)))\" height=\"\(svgNumber(p.bottom - p.top))\" fill=\"\(escapeXML(marker.color))\" fill-opacity=\"0.07\"/>\n"
            }
            let xPixel = px(min(max(marker.x, x.lowerBound), x.upperBound))
            out +=
                "<line x1=\"\(svgNumber(xPixel))\" y1=\"\(svgNumber(p.top))\" x2=\"\(svgNumber(xPixel))\" y2=\"\(svgNumber(p.bottom))\" stroke=\"\(escapeXML(marker.color))\" stroke-width=\"2\" stroke-dasharray=\"3 3\"/>\n"
            // The label goes right of the line, or left of it when it would run past the plot.
            let fitsRight = xPixel + 5 + Double(marker.label.count) * 6 <= p.right
            out +=
                "<text x=\"\(svgNumber(fitsRight ? xPixel + 5 : xPixel - 5))\" y=\"\(svgNumber(p.top + 14))\" text-anchor=\"\(fitsRight ? "start" : "end")\" fill=\"\(escapeXML(marker.color))\" font-size=\"11\">\(escapeXML(marker.label))</text>\n"
        }
        for area in areas {
            let count = min(area.x.count, area.lower.count, area.upper.count)
            guard count > 0 else { continue }
            let xs = Array(area.x.prefix(count))
            let forward = path(xs, Array(area.upper.prefix(count)), stepped: area.stepped)
            // Back along the lower edge; a step holds its value from its point to the next one.
            var back = " L\(svgNumber(px(xs[count - 1]))),\(svgNumber(py(area.lower[count - 1])))"
            for i in (0..<(count - 1)).reversed() {
                back +=
                    area.stepped
                    ? " V\(svgNumber(py(area.lower[i]))) H\(svgNumber(px(xs[i])))"
                    : " L\(svgNumber(px(xs[i]))),\(svgNumber(py(area.lower[i])))"
            }
            out +=
                "<path d=\"\(forward)\(back) Z\" fill=\"\(escapeXML(area.color))\" fill-opacity=\"\(svgNumber(area.opacity))\" stroke=\"none\"/>\n"
            if area.outlined {
                for edge in [area.upper, area.lower] {
                    out +=
                        "<path d=\"\(path(xs, Array(edge.prefix(count)), stepped: area.stepped))\" fill=\"none\" stroke=\"\(escapeXML(area.color))\" stroke-opacity=\"0.6\" stroke-width=\"1\"/>\n"
                }
            }
        }
        for line in lines {
            out +=
                "<path d=\"\(path(line.x, line.y, stepped: line.stepped))\" fill=\"none\" stroke=\"\(escapeXML(line.color))\" stroke-width=\"\(svgNumber(line.width))\"\(line.dashed ? " stroke-dasharray=\"8 5\"" : "") stroke-linejoin=\"round\"/>\n"
        }
        // Legend, right of the plot.
        var legendY = p.top + 4
        let legendX = p.right + 16
        for area in areas {
            out +=
                "<rect x=\"\(svgNumber(legendX))\" y=\"\(svgNumber(legendY))\" width=\"22\" height=\"12\" fill=\"\(escapeXML(area.color))\" fill-opacity=\"\(svgNumber(area.opacity))\"\(area.outlined ? " stroke=\"\(escapeXML(area.color))\" stroke-opacity=\"0.6\"" : "")/>\n"
            out +=
                "<text x=\"\(svgNumber(legendX + 28))\" y=\"\(svgNumber(legendY + 11))\" fill=\"#222\" font-size=\"12\">\(escapeXML(area.label))</text>\n"
            legendY += 22
        }
        for line in lines {
            out +=
                "<line x1=\"\(svgNumber(legendX))\" y1=\"\(svgNumber(legendY + 6))\" x2=\"\(svgNumber(legendX + 22))\" y2=\"\(svgNumber(legendY + 6))\" stroke=\"\(escapeXML(line.color))\" stroke-width=\"\(svgNumber(line.width))\"\(line.dashed ? " stroke-dasharray=\"8 5\"" : "")/>\n"
            out +=
                "<text x=\"\(svgNumber(legendX + 28))\" y=\"\(svgNumber(legendY + 11))\" fill=\"#222\" font-size=\"12\">\(escapeXML(line.label))</text>\n"
            legendY += 22
        }
        return out + "</svg>\n"
    }
}
