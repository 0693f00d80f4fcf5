import Foundation

/// Round tick positions for an axis: multiples of 1, 2 or 5 × 10ⁿ (Heckbert, "Nice numbers for
/// graph labels", Graphics Gems, 1990).
public enum Ticks {
    /// About `count` round values covering `range`.
    public static func nice(_ range: ClosedRange<Double>, count: Int = 6) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite, count > 1 else { return [range.lowerBound] }
        let rough = span / Double(count - 1)
        let magnitude = pow(10, floor(log10(rough)))
        let fraction = rough / magnitude
        let step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude
        var value = ceil(range.lowerBound / step - 1e-9) * step
        var ticks: [Double] = []
        while value <= range.upperBound + step * 1e-9 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }

    /// A tick label without trailing zeros.
    public static func label(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Text safe inside SVG/XML content and attribute values.
public func escapeXML(_ text: String) -> String {
    var out = ""
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(c)
        }
    }
    return out
}

/// The opening of a 960-pixel-wide chart of labelled rows (``RangeBarChart``, ``IntervalChart``):
/// the document, its white background, the title and, when there is one, the subtitle.
func rowChartStart(height: Double, title: String, subtitle: String) -> String {
    var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="960" height="\(svgNumber(height))" viewBox="0 0 960 \(svgNumber(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(escapeXML(title))</title>
        <rect width="100%" height="100%" fill="#ffffff"/>
        <text x="20" y="30" font-size="18" font-weight="bold" fill="#222">\(escapeXML(title))</text>

        """
    if !subtitle.isEmpty { out += "<text x=\"20\" y=\"52\" fill=\"#555\">\(escapeXML(subtitle))</text>\n" }
    return out
}

/// A number for an SVG attribute: short, finite.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    return String(format: "%.2f", value)
}
