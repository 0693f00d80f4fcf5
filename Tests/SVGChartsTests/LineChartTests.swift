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
