import AlignmentScale

/// One column of a report's table, described once for every format: its JSON key and value, its
/// CSV header and cells, and the text table's header and how it shows the value.
///
/// A column may spread over several CSV and text columns (beliefs as p1…pN, an allocation by
/// program) while being one JSON value; it may be in the JSON and CSV only (a value the text
/// table leaves out), or in the text table only (a label such as a program's level).
public struct Column<Row> {
    /// The JSON key; `nil` for a column only the text table shows.
    public let key: String?
    /// The CSV headers (one, or several for a spread column); empty: not in the CSV.
    public let csvHeaders: [String]
    /// The text table's headers; empty: not in the text table.
    public let headers: [String]
    public let alignment: TextTable.Alignment
    let json: (Row) -> JSONValue
    let csv: (Row) -> [String]
    let text: (Row) -> [String]

    /// Who this column is in ``ColumnTable/textOrder``: its key, or its header for a text-only
    /// column (its first CSV header for a CSV-only one).
    public var name: String { key ?? headers.first ?? csvHeaders.first ?? "" }

    public init(
        key: String?, csvHeaders: [String], headers: [String], alignment: TextTable.Alignment = .left,
        json: @escaping (Row) -> JSONValue, csv: @escaping (Row) -> [String], text: @escaping (Row) -> [String]
    ) {
        self.key = key
        self.csvHeaders = csvHeaders
        self.headers = headers
        self.alignment = alignment
        self.json = json
        self.csv = csv
        self.text = text
    }

    /// A number: JSON number (null when missing), CSV in full precision (empty when missing), and
    /// in the text table as `shown` says (`missing` when there is none), or as `text` makes it
    /// from the whole row (such as "mean ± its standard error"). No `header`: not in the text table.
    public static func number(
        _ key: String, header: String? = nil, csvHeader: String? = nil, missing: String = "–",
        shown: @escaping (Double) -> String = { "\($0)" }, text: ((Row) -> String)? = nil,
        of value: @escaping (Row) -> Double?
    ) -> Column {
        Column(
            key: key, csvHeaders: [csvHeader ?? key], headers: header.map { [$0] } ?? [], alignment: .right,
            json: { .number(value($0)) }, csv: { [value($0).map { "\($0)" } ?? ""] },
            text: { row in [text?(row) ?? value(row).map(shown) ?? missing] })
    }

    /// Text: the same in every format unless `shown` changes it for the text table, or `text` makes
    /// the text table's cell from the whole row (such as an id with a note).
    public static func string(
        _ key: String, header: String? = nil, csvHeader: String? = nil, shown: @escaping (String) -> String = { $0 },
        text: ((Row) -> String)? = nil, of value: @escaping (Row) -> String
    ) -> Column {
        Column(
            key: key, csvHeaders: [csvHeader ?? key], headers: header.map { [$0] } ?? [],
            json: { .string(value($0)) }, csv: { [value($0)] }, text: { row in [text?(row) ?? shown(value(row))] })
    }

    /// Optional text: JSON null and an empty cell when missing.
    public static func optionalString(
        _ key: String, header: String? = nil, shown: @escaping (String) -> String = { $0 }, of value: @escaping (Row) -> String?
    ) -> Column {
        Column(
            key: key, csvHeaders: [key], headers: header.map { [$0] } ?? [],
            json: { value($0).map { .string($0) } ?? .null }, csv: { [value($0) ?? ""] },
            text: { [value($0).map(shown) ?? ""] })
    }

    /// A yes/no: JSON and CSV `true`/`false`, and in the text table as `shown` says.
    public static func bool(
        _ key: String, header: String? = nil, shown: @escaping (Bool) -> String = { String($0) },
        of value: @escaping (Row) -> Bool
    ) -> Column {
        Column(
            key: key, csvHeaders: [key], headers: header.map { [$0] } ?? [],
            json: { .bool(value($0)) }, csv: { [String(value($0))] }, text: { [shown(value($0))] })
    }

    /// Numbers under `names` (such as p1…pN): a JSON array, one CSV column each, and one text column
    /// each as `shown` says. A row with fewer numbers than names leaves the rest of its cells empty.
    public static func numbers(
        _ key: String, names: [String], shown: @escaping (Double) -> String, of value: @escaping (Row) -> [Double]
    ) -> Column {
        func padded(_ cells: [String]) -> [String] { cells + Array(repeating: "", count: max(0, names.count - cells.count)) }
        return Column(
            key: key, csvHeaders: names, headers: names, alignment: .right,
            json: { .numbers(value($0)) }, csv: { padded(value($0).map { "\($0)" }) }, text: { padded(value($0).map(shown)) })
    }

    /// An allocation: the JSON object by program id, one CSV column per program, and the text table's
    /// short form (the programs that get anything).
    public static func allocation(
        _ key: String = "allocation", header: String, scenario: Scenario, of value: @escaping (Row) -> [Double]
    ) -> Column {
        Column(
            key: key, csvHeaders: scenario.programs.map(\.id), headers: [header],
            json: { scenario.allocationJSON(value($0)) }, csv: { value($0).map { "\($0)" } },
            text: { [scenario.compact(value($0))] })
    }

    /// Only in the JSON.
    public static func jsonOnly(_ key: String, of value: @escaping (Row) -> JSONValue) -> Column {
        Column(key: key, csvHeaders: [], headers: [], json: value, csv: { _ in [] }, text: { _ in [] })
    }

    /// Only in the CSV (columns a joined table adds, such as another analysis's numbers for the row).
    public static func csvOnly(_ headers: [String], of cells: @escaping (Row) -> [String]) -> Column {
        Column(key: nil, csvHeaders: headers, headers: [], json: { _ in .null }, csv: cells, text: { _ in [] })
    }

    /// Only in the text table (a label or a combination the data formats carry in other columns).
    public static func textOnly(
        _ header: String, alignment: TextTable.Alignment = .left, _ text: @escaping (Row) -> String
    ) -> Column {
        Column(
            key: nil, csvHeaders: [], headers: [header], alignment: alignment, json: { _ in .null }, csv: { _ in [] },
            text: { [text($0)] })
    }
}

/// Rows and the columns that describe them: the JSON array of objects, the CSV and the text table
/// all come from here, so a value cannot print differently in two of them by accident.
public struct ColumnTable<Row> {
    public var columns: [Column<Row>]
    public var rows: [Row]
    /// The text table's columns by ``Column/name``, when not in the declared order.
    public var textOrder: [String]?
    /// The CSV's columns by ``Column/name``, when not in the declared order (which the JSON keeps).
    public var csvOrder: [String]?

    public init(_ columns: [Column<Row>], rows: [Row], textOrder: [String]? = nil, csvOrder: [String]? = nil) {
        self.columns = columns
        self.rows = rows
        self.textOrder = textOrder
        self.csvOrder = csvOrder
    }

    private func ordered(_ order: [String]?) -> [Column<Row>] {
        guard let order else { return columns }
        let chosen = order.compactMap { name in columns.first { $0.name == name } }
        precondition(chosen.count == order.count, "an order names a column the table does not have: \(order)")
        return chosen
    }

    /// One JSON object per row, with the keyed columns in their declared order.
    public func objects() -> [JSONValue] {
        let keyed = columns.filter { $0.key != nil }
        return rows.map { row in .object(keyed.map { ($0.key!, $0.json(row)) }) }
    }

    public var json: JSONValue { .array(objects()) }

    /// The CSV columns (RFC 4180 as ``TextTable/csv()`` writes it).
    public var csvTable: TextTable {
        let chosen = ordered(csvOrder).filter { !$0.csvHeaders.isEmpty }
        var table = TextTable(chosen.flatMap(\.csvHeaders))
        for row in rows { table.append(chosen.flatMap { $0.csv(row) }) }
        return table
    }

    public var csv: String { csvTable.csv() }

    /// The rows in long form, for a CSV of `section, name, statistic, value` lines that holds several
    /// tables: one line per row and per keyed single CSV column after the first, naming the row by
    /// the first column's cell and the statistic by the column's key.
    public func longRows(section: String) -> [[String]] {
        guard let first = columns.first else { return [] }
        let statistics = columns.dropFirst().filter { $0.key != nil && $0.csvHeaders.count == 1 }
        return rows.flatMap { row in
            let name = first.csv(row).first ?? ""
            return statistics.map { [section, name, $0.key!, $0.csv(row)[0]] }
        }
    }

    /// The text table (terminal, Markdown and HTML).
    public var textTable: TextTable {
        let chosen = ordered(textOrder).filter { !$0.headers.isEmpty }
        var table = TextTable(
            chosen.flatMap(\.headers), alignments: chosen.flatMap { c in c.headers.map { _ in c.alignment } })
        for row in rows { table.append(chosen.flatMap { $0.text(row) }) }
        return table
    }
}
