import AlignmentScale

/// `alignscale scale`: the ladder of levels, with the thresholds between them.
public struct ScaleReport: Reportable {
    public let scale: Scale
    /// Colours for the bands in terminal text.
    public let palette: Palette

    public init(_ scale: Scale, palette: Palette = Palette(enabled: false)) {
        self.scale = scale
        self.palette = palette
    }

    /// One row per level: the text table shows number, name, band and technique; the CSV adds
    /// whether it is impossible, its summary and its risks.
    public var table: ColumnTable<Level> {
        ColumnTable(
            [
                Column(
                    key: "level", csvHeaders: ["level"], headers: ["level"], alignment: .right,
                    json: { .integer($0.number) }, csv: { [String($0.number)] }, text: { [String($0.number)] }),
                .string("name", header: "name") { $0.name },
                .string("band", header: "band") { $0.band.rawValue },
                .string("technique", header: "technique that suffices") { $0.technique },
                .bool("impossible") { $0.impossible },
                .string("summary") { $0.summary },
                .string("risks") { $0.risks.joined(separator: "; ") },
            ], rows: scale.levels)
    }

    /// The text table with each threshold as a separator row.
    public var textTable: TextTable {
        var text = table.textTable
        for level in scale.levels {
            if let threshold = scale.threshold(after: level.number), level.number < scale.levelCount {
                text.separators[level.number] = "threshold: \(threshold.name)"
            }
        }
        return text
    }

    public var json: JSONValue { scale.json }
    public var csv: String { table.csv }

    public var document: ReportDocument {
        var document = ReportDocument(title: "The alignment-difficulty scale")
        document.table(textTable)
        document.text(scale.legend)
        return document
    }

    /// Terminal text colours the names and bands by band.
    public func rendered(_ format: OutputFormat) -> String {
        switch format {
        case .json: return json.rendered()
        case .csv: return csv
        case .html: return document.html()
        case .markdown: return "## The alignment-difficulty scale\n\n" + textTable.markdown() + "\n" + scale.legend
        case .table:
            let body = textTable.text { row, column, text in
                column == 2 || column == 1 ? palette.band(scale.levels[row].band, text) : text
            }
            return body + "\n" + scale.legend
        }
    }

    public var brief: ReportBrief {
        ReportBrief(
            sentence: "\(scale.levelCount) levels, from \(scale.levels.first?.name ?? "") to \(scale.levels.last?.name ?? "").",
            table: textTable, command: "scale")
    }
}

extension Scale {
    var legend: String {
        """
        Level k means the technique family of level k is the least one that suffices to align
        transformative AI. Bands: green (easy: misuse and institutions dominate), orange and red
        (intermediate), black (probably impossible in practice). See one level in full with
        `alignscale scale --level K`, and failure-mode coverage with `--failure-modes`.

        """
    }

    /// One level in full: summary, risks, and the failure modes it covers and first addresses.
    public func report(level number: Int, _ format: OutputFormat, palette: Palette = Palette(enabled: false)) -> String {
        let level = self.level(number)
        let covered = failureModesCovered(at: number).map(\.name)
        let first = failureModesFirstAddressed(at: number).map(\.name)
        switch format {
        case .json:
            guard case .object(var pairs) = level.json else { return "" }
            pairs.append(("failure_modes_covered", .array(covered.map { .string($0) })))
            pairs.append(("failure_modes_first_addressed", .array(first.map { .string($0) })))
            pairs.append(("threshold_after", threshold(after: number).map { .string($0.name) } ?? .null))
            return JSONValue.object(pairs).rendered()
        case .csv:
            var table = TextTable([
                "level", "name", "band", "technique", "impossible", "summary", "risks", "covers", "first_addresses",
            ])
            table.append([
                String(number), level.name, level.band.rawValue, level.technique, String(level.impossible),
                level.summary, level.risks.joined(separator: "; "), covered.joined(separator: "; "),
                first.joined(separator: "; "),
            ])
            return table.csv()
        case .html:
            var document = ReportDocument(title: "Level \(number): \(level.name)")
            document.text("Band: \(level.band.rawValue). Technique that suffices: \(level.technique).\n\n\(level.summary)")
            document.heading("Key sources of risk")
            document.text(level.risks.map { "• \($0)" }.joined(separator: "\n"))
            document.heading("Failure modes first addressed here")
            document.text(first.isEmpty ? "None." : first.map { "• \($0)" }.joined(separator: "\n"))
            document.heading("Failure modes its technique covers")
            document.text(covered.isEmpty ? "None." : covered.map { "• \($0)" }.joined(separator: "\n"))
            return document.html()
        case .markdown, .table:
            let md = format == .markdown
            let bullet = md ? "- " : "  • "
            func list(_ items: [String]) -> String {
                items.isEmpty ? bullet + "none\n" : items.map { bullet + $0 + "\n" }.joined()
            }
            var out =
                md
                ? "## Level \(number): \(level.name)\n\n" : palette.bold("Level \(number) of \(levelCount): \(level.name)") + "\n"
            out += (md ? "**Band:** " : "Band: ") + palette.band(level.band, level.band.rawValue) + "\n"
            out += (md ? "**Technique that suffices:** " : "Technique that suffices: ") + level.technique + "\n"
            if level.impossible { out += "This level is marked impossible: no technique sits here.\n" }
            out += "\n" + level.summary + "\n\n"
            out += (md ? "**Key sources of risk**\n\n" : "Key sources of risk:\n") + list(level.risks) + "\n"
            out +=
                (md ? "**Failure modes first addressed here**\n\n" : "Failure modes first addressed here:\n") + list(first) + "\n"
            out += (md ? "**Failure modes its technique covers**\n\n" : "Failure modes its technique covers:\n") + list(covered)
            if let threshold = threshold(after: number) {
                out += "\nAbove this level lies a threshold: \(threshold.name). \(threshold.meaning)\n"
            }
            if let below = threshold(after: number - 1) {
                out += "\nThis level is the first past the threshold: \(below.name).\n"
            }
            return out
        }
    }

    /// The failure-mode × level coverage matrix.
    public func failureModeReport(_ format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.object([
                ("levels", .array(levels.map { .integer($0.number) })),
                (
                    "failure_modes",
                    .array(failureModes.map(\.json))
                ),
            ]).rendered()
        }
        let numbers = levels.map { String($0.number) }
        var table = TextTable(["failure mode", "first"] + numbers, alignments: [.left, .right] + numbers.map { _ in .right })
        for mode in failureModes {
            let mark = format == .csv ? "x" : "●"
            let empty = format == .csv ? "" : "·"
            table.append(
                [format == .table ? Self.truncate(mode.name, 58) : mode.name, mode.firstAddressedAt.map(String.init) ?? "none"]
                    + levels.map { mode.coveredBy.contains($0.number) ? mark : empty })
        }
        switch format {
        case .csv: return table.csv()
        case .html:
            var document = ReportDocument(title: "Failure modes and the levels that cover them")
            document.table(table)
            return document.html()
        case .markdown: return "## Failure modes and the levels that cover them\n\n" + table.markdown()
        default:
            return table.text()
                + "\n● = a technique of that level covers the mode. A technique covers every mode first addressed\nat or below its level; \"none\" means no alignment technique does (governance handles misuse).\n"
        }
    }

    static func truncate(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }
}
