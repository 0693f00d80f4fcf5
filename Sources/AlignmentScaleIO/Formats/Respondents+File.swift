import AlignmentScale
import Foundation

/// Respondents' beliefs from a file (AlignmentScale.docc/ManyViews.md).
///
/// CSV with a header `id,weight,p1,…,pN` (`weight` optional, default 1; columns in any order), or
/// JSON `[{"id", "weight", "beliefs": [..]}]`. Each row's beliefs are rescaled when they sum to
/// within 1e-6 of 1; otherwise the row is an error. Ids must be unique. Every error names the file,
/// line and column, the row and the column.
public enum RespondentFile {
    /// One row: a respondent and an optional comment (a `comment` column or key).
    public typealias Entry = (respondent: Respondent, comment: String?)

    /// - Parameter levelCount: N, the number of levels of the scale the beliefs refer to.
    public static func load(contentsOf path: String, levelCount: Int) throws -> [Respondent] {
        try loadEntries(contentsOf: path, levelCount: levelCount).map(\.respondent)
    }

    /// Respondents with their comments.
    public static func loadEntries(contentsOf path: String, levelCount: Int) throws -> [Entry] {
        let looksJSON =
            path.lowercased().hasSuffix(".json")
            || (FileManager.default.contents(atPath: path).flatMap { String(data: $0.prefix(64), encoding: .utf8) }?
                .first { !$0.isWhitespace } == "[")
        return looksJSON
            ? try readJSON(Document(contentsOf: path), levelCount: levelCount)
            : try readCSV(CSVTable(contentsOf: path), levelCount: levelCount)
    }

    public static func readCSV(_ table: CSVTable, levelCount n: Int) throws -> [Entry] {
        guard let header = table.rows.first else {
            throw InputError(
                .unreadable, location: SourceLocation(file: table.file), path: "", expected: "a header row", found: "no rows")
        }
        let wanted = ["id", "weight", "comment"] + (1...n).map { "p\($0)" }
        var position: [String: Int] = [:]
        for (index, cell) in header.enumerated() {
            let name = cell.text.lowercased()
            guard wanted.contains(name) else {
                throw InputError(
                    location: table.location(cell), path: "header, column \(index + 1)",
                    expected: "one of the columns id, weight, comment, p1 … p\(n) (the scale has \(n) levels)",
                    found: "'\(cell.text)'",
                    hint: Suggestion.nearest(to: name, in: wanted).map { "did you mean '\($0)'?" })
            }
            guard position[name] == nil else {
                throw InputError(
                    location: table.location(cell), path: "header", expected: "each column once", found: "'\(name)' twice")
            }
            position[name] = index
        }
        for name in ["id"] + (1...n).map({ "p\($0)" }) where position[name] == nil {
            throw InputError(
                location: table.location(header[0]), path: "header",
                expected: "the columns id, p1 … p\(n) (weight is optional)", found: "no column '\(name)'")
        }
        var seen: [String: Int] = [:]
        var respondents: [Entry] = []
        for (r, row) in table.rows.enumerated().dropFirst() {
            let rowName = "row \(r)"
            guard row.count == header.count else {
                throw InputError(
                    location: table.location(row[0]), path: FieldPath(key: rowName),
                    expected: "\(header.count) fields, as in the header",
                    found: "\(row.count)")
            }
            let idCell = row[position["id"]!]
            guard !idCell.text.isEmpty else {
                throw InputError(
                    location: table.location(idCell), path: FieldPath(key: "\(rowName), column id"), expected: "an id",
                    found: "nothing")
            }
            let label = "\(rowName) (id '\(idCell.text)')"
            /// A cell of this row, as errors name it.
            @Sendable func cell(_ column: String) -> FieldPath { FieldPath(key: "\(label), column \(column)") }
            if let earlier = seen[idCell.text] {
                throw InputError(
                    location: table.location(idCell), path: cell("id"), expected: "a unique id",
                    found: "an id already used on row \(earlier)")
            }
            seen[idCell.text] = r
            func number(_ column: String) throws -> Double {
                let entry = row[position[column]!]
                guard let value = Double(entry.text), value.isFinite else {
                    throw InputError(
                        location: table.location(entry), path: cell(column), expected: "a finite number",
                        found: entry.text.isEmpty ? "nothing" : "'\(entry.text)'")
                }
                return value
            }
            let weight = try position["weight"] == nil || row[position["weight"]!].text.isEmpty ? 1 : number("weight")
            let beliefs = try (1...n).map { try number("p\($0)") }
            // Each value's error names its cell, and is placed there (the beliefs as a whole at p1).
            let fields = Respondent.Fields(
                id: cell("id"), weight: cell("weight"), beliefs: cell("p1 … p\(n)"), belief: { cell("p\($0 + 1)") })
            var columns: [FieldPath: String] = [
                fields.id: "id", fields.weight: "weight", fields.beliefs: "p1", cell("comment"): "comment",
            ]
            for k in 0..<n { columns[fields.belief(k)] = "p\(k + 1)" }
            do {
                let comment = position["comment"].map { row[$0].text }.flatMap { $0.isEmpty ? nil : $0 }
                if let comment { try Respondent.check(comment: comment, path: cell("comment")) }
                respondents.append(
                    (try Respondent(id: idCell.text, weight: weight, beliefs: beliefs, levelCount: n, fields: fields), comment))
            } catch var error as InputError {
                let column = columns[error.path].flatMap { position[$0] } ?? position["p1"]!
                error.location = table.location(row[column])
                throw error
            }
        }
        guard !respondents.isEmpty else {
            throw InputError(
                location: SourceLocation(file: table.file), path: "", expected: "at least one respondent", found: "only a header")
        }
        return respondents
    }

    public static func readJSON(_ document: Document, levelCount n: Int) throws -> [Entry] {
        var seen: [String: Int] = [:]
        do {
            let items = try document.root.sequence()
            guard !items.isEmpty else { throw document.root.error(expected: "at least one respondent") }
            return try items.enumerated().map { index, item in
                let entry = try readEntry(item, levelCount: n)
                let id = entry.respondent.id
                if let earlier = seen[id] {
                    throw InputError(
                        path: item.path + "id", expected: "a unique id", found: "'\(id)', already used by [\(earlier)]")
                }
                seen[id] = index
                return entry
            }
        } catch let error as InputError {
            throw error.location == nil ? document.locate(error) : error
        }
    }

    /// One respondent `{"id", "weight", "beliefs", "comment"}`.
    ///
    /// - Parameters:
    ///   - weights: `false` refuses a `weight` key (a public survey response may not weigh itself).
    ///   - newID: the id to use when the item has none; `nil` makes `id` required.
    static func readEntry(
        _ item: Field, levelCount n: Int, weights: Bool = true, newID: (() -> String)? = nil
    ) throws -> Entry {
        let m = try item.mapping(known: FileFormats.respondent.names)
        let id: String
        if let idField = m["id"] {
            id = try idField.string()
        } else if let newID {
            id = newID()
        } else {
            id = try m.required(FileFormats.respondent["id"]).string()
        }
        if !weights, let weight = m["weight"] {
            throw weight.error(
                expected: "no weight: a survey response cannot choose its own weight (the administrator sets weights)")
        }
        let beliefs = try m.required(FileFormats.respondent["beliefs"]).sequence().map { try $0.number() }
        let at = item.path
        let respondent = try Respondent(
            id: id, weight: try m["weight"]?.number() ?? 1, beliefs: beliefs, levelCount: n,
            // A belief's error names the list position the reader recorded a place for.
            fields: Respondent.Fields(
                id: at + "id", weight: at + "weight", beliefs: at + "beliefs", belief: { at + "beliefs" + "[\($0)]" }))
        var comment: String? = nil
        if let field = m["comment"], !field.isNull {
            let text = try field.string()
            try Respondent.check(comment: text, path: field.path)
            comment = text.isEmpty ? nil : text
        }
        return (respondent, comment)
    }
}
