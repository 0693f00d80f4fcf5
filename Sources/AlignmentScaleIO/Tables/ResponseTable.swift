import AlignmentScale
import Foundation

/// Stored responses as a table, or as the CSV and JSON that `responses import` and `aggregate` read.
public struct ResponseTable: Reportable {
    public typealias Row = (respondent: Respondent, comment: String?, createdAt: Date)
    /// Oldest first.
    public let responses: [Row]

    public init(_ responses: [Row]) { self.responses = responses }

    /// `responses` are (respondent, comment, created) triples, oldest first.
    public static func render(_ responses: [Row], format: OutputFormat) -> String {
        ResponseTable(responses).rendered(format)
    }

    /// Id, weight, beliefs and comment; the JSON adds when each was stored. Answers over fewer
    /// levels than the longest leave the remaining p columns empty.
    public var table: ColumnTable<Row> {
        let n = responses.map(\.respondent.beliefs.count).max() ?? 0
        let stamp = ISO8601DateFormatter()
        return ColumnTable(
            [
                .string("id", header: "id") { $0.respondent.id },
                .number("weight", header: "weight", shown: Show.amount, of: { $0.respondent.weight }),
                .numbers(
                    "beliefs", names: (0..<n).map { "p\($0 + 1)" }, shown: { Show.percent($0) }, of: { $0.respondent.beliefs }),
                // Cut by Unicode scalars, not characters: one character can carry thousands of marks.
                .optionalString("comment", header: "comment", shown: Self.cut, of: { $0.comment }),
                .jsonOnly("created_at") { .string(stamp.string(from: $0.createdAt)) },
            ], rows: responses)
    }

    private static func cut(_ comment: String) -> String {
        comment.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(comment.unicodeScalars.prefix(40))) + "…" : comment
    }

    private var countLine: String { "\(responses.count) response\(responses.count == 1 ? "" : "s")" }

    public var json: JSONValue { table.json }
    public var csv: String { table.csv }

    public var document: ReportDocument {
        var document = ReportDocument(title: countLine)
        document.table(table.textTable)
        return document
    }

    /// The table with its count above it.
    public func rendered(_ format: OutputFormat) -> String {
        switch format {
        case .json: json.rendered()
        case .csv: csv
        case .html: document.html()
        case .markdown: countLine + "\n" + table.textTable.markdown()
        case .table: countLine + "\n" + table.textTable.text()
        }
    }

    public var brief: ReportBrief {
        ReportBrief(sentence: countLine, table: table.textTable, command: "responses list --db FILE")
    }
}
