import AlignmentScale
import Foundation

/// Stored responses as a table, or as the CSV and JSON that `responses import` and `aggregate` read.
public enum ResponseTable {
    /// `responses` are (respondent, comment, created) triples, oldest first.
    public static func render(_ responses: [(respondent: Respondent, comment: String?, createdAt: Date)], format: OutputFormat)
        -> String
    {
        let n = responses.map(\.respondent.beliefs.count).max() ?? 0
        let stamp = ISO8601DateFormatter()
        switch format {
        case .json:
            return JSONValue.array(
                responses.map {
                    .object([
                        ("id", .string($0.respondent.id)), ("weight", .number($0.respondent.weight)),
                        ("beliefs", .numbers($0.respondent.beliefs)), ("comment", $0.comment.map { .string($0) } ?? .null),
                        ("created_at", .string(stamp.string(from: $0.createdAt))),
                    ])
                }
            ).rendered()
        case .csv:
            var table = TextTable(["id", "weight"] + (0..<n).map { "p\($0 + 1)" } + ["comment"])
            for r in responses {
                table.append(
                    [r.respondent.id, "\(r.respondent.weight)"] + r.respondent.beliefs.map { "\($0)" } + [r.comment ?? ""])
            }
            return table.csv()
        case .table, .markdown, .html:
            var table = TextTable(
                ["id", "weight"] + (0..<n).map { "p\($0 + 1)" } + ["comment"],
                alignments: [.left, .right] + Array(repeating: .right, count: n) + [.left])
            for r in responses {
                // Cut by Unicode scalars, not characters: one character can carry thousands of marks.
                let comment =
                    r.comment.map {
                        $0.unicodeScalars.count > 40 ? String(String.UnicodeScalarView($0.unicodeScalars.prefix(40))) + "…" : $0
                    } ?? ""
                table.append(
                    [r.respondent.id, Show.amount(r.respondent.weight)] + r.respondent.beliefs.map { Show.percent($0) } + [
                        comment
                    ])
            }
            let count = "\(responses.count) response\(responses.count == 1 ? "" : "s")"
            if format == .html {
                var document = ReportDocument(title: count)
                document.table(table)
                return document.html()
            }
            let body = format == .markdown ? table.markdown() : table.text()
            return count + "\n" + body
        }
    }
}
