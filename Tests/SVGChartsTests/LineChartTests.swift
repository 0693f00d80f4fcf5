import Foundation
import SVGCharts
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("SVG charts")
struct LineChartTests {
    @Test func niceTicks() {
        #expect(Ticks.nice(0...10, count: 6) == [0, 2, 4, 6, 8, 10])
        #expect(Ticks.nice(2026...2056, count: 7) == [2030, 2035, 2040, 2045, 2050, 2055])
        #expect(Ticks.nice(0...1, count: 6) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(Ticks.label(0.25) == "0.25" && Ticks.label(3) == "3")
    }

    /// The document parses as XML, escapes user text, and has one path per area and line.
    @Test func wellFormedAndEscaped() throws {
        var chart = LineChart(title: "A <race> & \"more\"", xLabel: "year", yLabel: "level", x: 0...10, y: 1...10)
        chart.bands = [.init(from: 0.5, to: 3.5, color: "#dff0d8", label: "green")]
        chart.referenceLines = [.init(y: 3.5, label: "behavioural safety is insufficient")]
        chart.areas = [.init(x: [0, 5, 10], lower: [2, 3, 4], upper: [3, 5, 7], color: "#c0392b", label: "5–95%")]
        chart.lines = [
            .init(x: [0, 5, 10], y: [2.5, 4, 6], color: "#c0392b", label: "median"),
            .init(x: [0, 10], y: [3, 6], color: "#2e86c1", stepped: true, label: "art"),
        ]
        let svg = chart.svg()
        #expect(svg.contains("A &lt;race&gt; &amp; &quot;more&quot;"))
        #expect(!svg.contains("<race>"))
        #expect(svg.components(separatedBy: "<path ").count - 1 == 3)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    /// A stepped area is the region between two step functions: cut at the middle of each step,
    /// the polygon spans exactly that step's lower to upper value (pixel mapping worked out by
    /// hand from the plot's margins), and its edges are drawn when it is outlined.
    @Test func steppedAreaFollowsTheSteps() throws {
        var chart = LineChart(title: "Steps", xLabel: "x", yLabel: "y", x: 0...10, y: 1...10)
        let xs = [0.0, 2, 5, 10]
        let lower = [2.0, 3, 3, 6]
        let upper = [4.0, 4, 8, 9]
        chart.areas = [
            .init(x: xs, lower: lower, upper: upper, color: "#1f618d", stepped: true, outlined: true, label: "steps")
        ]
        let svg = chart.svg()
        // Plot: x 70…770 px for 0…10, y 500…50 px for 1…10 (no subtitle).
        func px(_ v: Double) -> Double { 70 + v / 10 * 700 }
        func py(_ v: Double) -> Double { 500 - (v - 1) / 9 * 450 }

        let paths = svg.components(separatedBy: "<path d=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(paths.count == 3, "the area and its two edges")
        let polygon = try #require(paths.first.map(Self.vertices))
        for i in 0..<(xs.count - 1) {
            let x = px((xs[i] + xs[i + 1]) / 2)
            var crossings: [Double] = []
            for (a, b) in zip(polygon, polygon.dropFirst() + [polygon[0]]) where (a.x - x) * (b.x - x) < 0 {
                crossings.append(a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x))
            }
            #expect(crossings.count == 2, "step \(i): \(crossings)")
            #expect(abs((crossings.min() ?? 0) - py(upper[i])) < 0.01 && abs((crossings.max() ?? 0) - py(lower[i])) < 0.01)
        }
    }

    /// The vertices of an SVG path made of absolute M, L, H, V and Z commands.
    static func vertices(_ d: String) -> [(x: Double, y: Double)] {
        var points: [(x: Double, y: Double)] = []
        var current = (x: 0.0, y: 0.0)
        let scanner = Scanner(string: d)
        scanner.charactersToBeSkipped = CharacterSet(charactersIn: " ,")
        while let command = scanner.scanCharacter() {
            switch command {
            case "M", "L":
                current = (scanner.scanDouble() ?? .nan, scanner.scanDouble() ?? .nan)
            case "H": current.x = scanner.scanDouble() ?? .nan
            case "V": current.y = scanner.scanDouble() ?? .nan
            default: continue
            }
            points.append(current)
        }
        return points
    }

    /// Tornado bars: one pair of rectangles per row, labels escaped, well-formed XML.
    @Test func rangeBars() {
        let chart = RangeBarChart(
            title: "Tornado", xLabel: "safety", reference: 0.5,
            rows: [.init(label: "a<b", low: 0.4, high: 0.7), .init(label: "c", low: 0.55, high: 0.45)])
        let svg = chart.svg()
        #expect(svg.contains("a&lt;b"))
        #expect(svg.components(separatedBy: "fill-opacity=\"0.8\"").count - 1 == 4)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }
}
