import AlignmentScale

/// A table of strings that renders as aligned terminal text, Markdown or CSV.
///
/// Cells may hold text from users (ids, names, comments): terminal text and Markdown show their
/// control characters as visible escapes, so a cell can neither drive the terminal nor split a
/// row; CSV quotes them as RFC 4180 says.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var header: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Rows drawn as a full-width separator line in terminal output (such as a threshold), keyed by
    /// the index of the row they precede.
    public var separators: [Int: String] = [:]

    public init(_ header: [String], alignments: [Alignment]? = nil) {
        self.header = header
        self.alignments = alignments ?? header.map { _ in .left }
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "row width \(row.count) ≠ header width \(header.count)")
        rows.append(row)
    }

    /// Header and rows with control characters escaped, for terminal text and Markdown.
    private var inert: (header: [String], rows: [[String]]) {
        (header.map(TerminalText.escaped), rows.map { $0.map(TerminalText.escaped) })
    }

    /// Aligned text. `style` may wrap a cell (for colour) after padding, given its row and column.
    public func text(style: ((Int, Int, String) -> String)? = nil) -> String {
        let (header, rows) = inert
        var widths = header.map(\.displayWidth)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.displayWidth) } }
        func line(_ cells: [String], row: Int?) -> String {
            cells.enumerated().map { i, cell in
                let padding = String(repeating: " ", count: widths[i] - cell.displayWidth)
                let padded = alignments[i] == .left ? cell + padding : padding + cell
                if let row, let style { return style(row, i, padded) }
                return padded
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        let total = widths.reduce(0, +) + 2 * (widths.count - 1)
        var out = [line(header, row: nil), String(repeating: "─", count: total)]
        for (r, row) in rows.enumerated() {
            if let label = separators[r].map(TerminalText.escaped) {
                let text = "── \(label) "
                out.append(text + String(repeating: "─", count: max(0, total - text.displayWidth)))
            }
            out.append(line(row, row: r))
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        let (header, rows) = inert
        // A pipe would split the cell, and < could open raw HTML where the Markdown is rendered.
        func escape(_ s: String) -> String {
            var out = ""
            let characters = Array(s)
            for (i, c) in characters.enumerated() {
                if c == "|" {
                    out += "\\|"
                } else if c == "<", i + 1 < characters.count, characters[i + 1].isLetter || "/!?".contains(characters[i + 1]) {
                    out += "\\<"
                } else {
                    out.append(c)
                }
            }
            return out
        }
        var out = "| " + header.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + alignments.map { $0 == .left ? "---|" : "---:|" }.joined() + "\n"
        for (r, row) in rows.enumerated() {
            if let label = separators[r] {
                out += "| *\(escape(label))* |" + String(repeating: " |", count: header.count - 1) + "\n"
            }
            out += "| " + row.map(escape).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted.
    public func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// Width in terminal columns, counting each Unicode scalar that is not a combining mark as one.
    var displayWidth: Int { unicodeScalars.filter { !$0.properties.isGraphemeExtend }.count }

    var trailingSpacesRemoved: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
