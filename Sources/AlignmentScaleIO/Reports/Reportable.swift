import AlignmentScale

/// An analysis's report: its stable JSON, its main table as CSV, and the document that the text,
/// Markdown and HTML formats render. Every analysis says what it reports once; every format
/// follows from ``rendered(_:)``.
public protocol Reportable {
    /// The stable JSON of the command (AlignmentScale.docc/JSONOutputs.md; fields may be added, none changes meaning).
    var json: JSONValue { get }
    /// The main table as RFC 4180 CSV.
    var csv: String { get }
    /// Headings, prose, tables and charts.
    var document: ReportDocument { get }
    /// The report's charts as SVG, by name, for the web API's `charts=svg` (none by default).
    var charts: [(name: String, svg: String)] { get }
    /// The short form a composed report shows (`alignscale report`): a sentence, the main
    /// charts, the main table and the command that reproduces it. Its table is described once,
    /// by the report that owns it (usually the one ``document`` shows), never rebuilt by the
    /// composer.
    var brief: ReportBrief { get }
    /// The report in `format`; by default JSON, CSV, or the document as text, Markdown or HTML
    /// (a report whose terminal text is more than its document, such as the scale's colours, says so).
    func rendered(_ format: OutputFormat) -> String
}

/// The short form of a report: what a section of a composed report shows of it.
public struct ReportBrief: Sendable {
    /// One or two sentences with the main number.
    public var sentence: String
    /// The main charts, as SVG.
    public var charts: [String]
    /// The main table, the same one the full report shows.
    public var table: TextTable?
    /// The command that reproduces it, after `alignscale`, with ``scenarioPlaceholder`` where the
    /// scenario file goes.
    public var command: String

    /// Stands for the scenario file in ``command``.
    public static let scenarioPlaceholder = "SCENARIO"

    public init(sentence: String, charts: [String] = [], table: TextTable? = nil, command: String) {
        self.sentence = sentence
        self.charts = charts
        self.table = table
        self.command = command
    }

    /// The command with `argument` (the scenario file as the reader should type it).
    public func command(for argument: String) -> String {
        "alignscale " + command.replacingOccurrences(of: Self.scenarioPlaceholder, with: argument)
    }
}

extension ReportDocument {
    /// Appends a brief: its sentence, charts, table and command, in that order.
    public mutating func brief(_ brief: ReportBrief, argument: String) {
        if !brief.sentence.isEmpty { text(brief.sentence) }
        for svg in brief.charts { chart(svg) }
        if let table = brief.table { self.table(table) }
        command(brief.command(for: argument))
    }
}

extension Reportable {
    public var charts: [(name: String, svg: String)] { [] }

    /// The report in `format`; with `charts`, the JSON gains a `charts` object of SVG texts by
    /// name (other formats are unchanged: text has no pictures, and HTML has them already).
    public func rendered(_ format: OutputFormat, charts withCharts: Bool = false) -> String {
        if withCharts, format == .json, case .object(let fields) = json {
            return JSONValue.object(fields + [("charts", .object(charts.map { ($0.name, .string($0.svg)) }))]).rendered()
        }
        return rendered(format)
    }

    public func rendered(_ format: OutputFormat) -> String {
        switch format {
        case .json: json.rendered()
        case .csv: csv
        case .table: document.text()
        case .markdown: document.markdown()
        case .html: document.html()
        }
    }
}

/// Helpers shared by the analysis reports.
extension Scenario {
    var titleLine: String { name.isEmpty ? "Scenario" : "Scenario: \(name)" }

    public func allocationJSON(_ x: [Double]) -> JSONValue {
        .object(zip(programs, x).map { ($0.id, .number($1)) })
    }

    func levelLabel(_ program: Program) -> String {
        program.level.map(String.init) ?? program.kind.rawValue
    }

    /// The programs an allocation funds, as "id amount, …" (amounts that print as 0 left out).
    public func compact(_ x: [Double]) -> String {
        let parts = zip(programs, x).filter { Show.amount($0.1) != "0" }.map { "\($0.0.id) \(Show.amount($0.1))" }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}
