import AlignmentScale
import AlignmentScaleIO
import Foundation
import Testing

/// A table described once as typed columns: the JSON, the CSV and the text table each show the
/// same values, in the forms each format promises. Expected texts are written out here from the
/// values, not taken from the code's output.
@Suite("Tables described once as columns")
struct ColumnTableTests {
    struct Row {
        var id: String
        var share: Double?
        var flagged: Bool
        var beliefs: [Double]
    }

    static let rows = [
        Row(id: "alpha", share: 0.125, flagged: true, beliefs: [0.25, 0.75]),
        Row(id: "b,eta", share: nil, flagged: false, beliefs: [1, 0]),
    ]

    static var table: ColumnTable<Row> {
        ColumnTable(
            [
                .string("id", header: "program") { $0.id },
                .textOnly("note") { $0.flagged ? "see below" : "" },
                .number("share", header: "share", shown: { Show.percent($0) }, of: { $0.share }),
                .bool("flagged") { $0.flagged },
                .numbers("beliefs", names: ["p1", "p2"], shown: { Show.percent($0, digits: 0) }, of: { $0.beliefs }),
                .jsonOnly("extra") { .string($0.id.uppercased()) },
            ], rows: rows)
    }

    @Test func jsonKeepsEveryKeyedColumnInItsOrder() {
        let expected: JSONValue = .array([
            .object([
                ("id", .string("alpha")), ("share", .number(0.125)), ("flagged", .bool(true)),
                ("beliefs", .numbers([0.25, 0.75])), ("extra", .string("ALPHA")),
            ]),
            .object([
                ("id", .string("b,eta")), ("share", .null), ("flagged", .bool(false)), ("beliefs", .numbers([1, 0])),
                ("extra", .string("B,ETA")),
            ]),
        ])
        #expect(Self.table.json == expected)
    }

    @Test func csvSpreadsArraysQuotesTextAndLeavesMissingEmpty() {
        #expect(
            Self.table.csv == "id,share,flagged,p1,p2\nalpha,0.125,true,0.25,0.75\n\"b,eta\",,false,1.0,0.0\n")
    }

    @Test func textTableShowsFormattedValuesAndOnlyItsColumns() {
        let text = Self.table.textTable
        #expect(text.header == ["program", "note", "share", "p1", "p2"])
        #expect(text.alignments == [.left, .left, .right, .right, .right])
        #expect(text.rows == [["alpha", "see below", "12.5%", "25%", "75%"], ["b,eta", "", "–", "100%", "0%"]])
    }

    @Test func ordersChooseColumnsForTextAndCSV() {
        var table = Self.table
        table.textOrder = ["share", "id"]
        table.csvOrder = ["beliefs", "id"]
        #expect(table.textTable.header == ["share", "program"])
        #expect(table.textTable.rows[0] == ["12.5%", "alpha"])
        #expect(table.csv == "p1,p2,id\n0.25,0.75,alpha\n1.0,0.0,\"b,eta\"\n")
        // The JSON keeps the declared order whatever the tables do.
        #expect(table.json == Self.table.json)
    }

    /// The long form names each row by its first column and each statistic by its key, one line per
    /// keyed single column (spread, text-only and CSV-only columns are left out); a CSV-only column
    /// joins the CSV without reaching the JSON or the text table, and a row cell made from the whole
    /// row changes only the text table.
    @Test func longFormAndCSVOnlyColumns() {
        let table = ColumnTable<Row>(
            [
                .string("id", header: "program", text: { $0.id + ($0.flagged ? " *" : "") }) { $0.id },
                .number("share", header: "share", shown: { Show.percent($0) }, of: { $0.share }),
                .bool("flagged") { $0.flagged },
                .numbers("beliefs", names: ["p1", "p2"], shown: { Show.percent($0) }, of: { $0.beliefs }),
                .csvOnly(["first", "second"]) { ["\($0.beliefs[0])", "\($0.beliefs[1])"] },
            ], rows: Self.rows)
        #expect(
            table.longRows(section: "s") == [
                ["s", "alpha", "share", "0.125"], ["s", "alpha", "flagged", "true"],
                ["s", "b,eta", "share", ""], ["s", "b,eta", "flagged", "false"],
            ])
        #expect(
            table.csv
                == "id,share,flagged,p1,p2,first,second\nalpha,0.125,true,0.25,0.75,0.25,0.75\n\"b,eta\",,false,1.0,0.0,1.0,0.0\n"
        )
        #expect(table.textTable.header == ["program", "share", "p1", "p2"])
        #expect(table.textTable.rows.map(\.[0]) == ["alpha *", "b,eta"])
        guard case .array(let objects) = table.json, case .object(let fields) = objects[0] else {
            Issue.record("the JSON is not an array of objects")
            return
        }
        #expect(fields.map(\.0) == ["id", "share", "flagged", "beliefs"])
        #expect(fields[0].1 == .string("alpha"))
    }

    /// Stored answers over different numbers of levels list together (the longest sets the
    /// columns; the others' last cells are empty) instead of stopping the program.
    @Test func responsesOverDifferentLevelCountsListTogether() throws {
        let date = Date(timeIntervalSince1970: 0)
        let rows: [ResponseTable.Row] = [
            (try Respondent(id: "ten", beliefs: Array(repeating: 0.1, count: 10), levelCount: 10), nil, date),
            (try Respondent(id: "three", weight: 2, beliefs: [0.5, 0.25, 0.25], levelCount: 3), "c", date),
        ]
        let table = ResponseTable(rows)
        let csv = table.rendered(.csv).split(separator: "\n").map(String.init)
        #expect(csv[0] == "id,weight," + (1...10).map { "p\($0)" }.joined(separator: ",") + ",comment")
        #expect(csv[2] == "three,2.0,0.5,0.25,0.25" + String(repeating: ",", count: 7) + ",c")
        let text = table.rendered(.table)
        #expect(text.hasPrefix("2 responses\n"))
        #expect(text.contains("three"))
        guard case .array(let objects) = table.json, case .object(let fields) = objects[1] else {
            Issue.record("the JSON is not an array of objects")
            return
        }
        #expect(fields.map(\.0) == ["id", "weight", "beliefs", "comment", "created_at"])
        #expect(fields[2].1 == .numbers([0.5, 0.25, 0.25]))
        #expect(fields[4].1 == .string("1970-01-01T00:00:00Z"))
    }
}
