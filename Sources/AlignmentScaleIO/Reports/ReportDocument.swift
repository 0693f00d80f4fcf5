import AlignmentScale
import Foundation
import SVGCharts

/// What a report says, as blocks: rendered as terminal text, Markdown or HTML by one renderer
/// each, so every analysis writes its report once and every format follows.
///
/// ```swift
/// var document = ReportDocument(title: "Scenario: default")
/// document.text("Safety 44.4%: the chance that transformative AI goes well.")
/// document.heading("By true level of difficulty")
/// document.table(levels)
/// document.chart(svg)          // shown in HTML only
/// ```
public struct ReportDocument: Sendable {
    public enum Block: Sendable {
        /// A section heading under the title.
        case heading(String)
        /// Prose: lines kept as written in text and Markdown, one paragraph in HTML; lines that
        /// start with "• " are a list.
        case text(String)
        case table(TextTable)
        /// An SVG chart (HTML only; text and Markdown point to the command that writes it).
        case chart(String)
        /// A line saying which command reproduces what this section shows.
        case command(String)
    }

    public var title: String
    public var blocks: [Block] = []

    public init(title: String) { self.title = title }

    public mutating func heading(_ text: String) { blocks.append(.heading(text)) }
    public mutating func text(_ text: String) { blocks.append(.text(text)) }
    public mutating func table(_ table: TextTable) { blocks.append(.table(table)) }
    public mutating func chart(_ svg: String) { blocks.append(.chart(svg)) }
    public mutating func command(_ line: String) { blocks.append(.command(line)) }

    /// Appends another document's blocks, its title becoming a heading.
    public mutating func append(_ other: ReportDocument, titled: Bool = true) {
        if titled { heading(other.title) }
        blocks += other.blocks
    }

    /// Aligned text for a terminal: blocks separated by blank lines, a heading right above its table.
    public func text() -> String { render(markdown: false) }

    public func markdown() -> String { render(markdown: true) }

    private func render(markdown md: Bool) -> String {
        var parts: [String] = [(md ? "## " : "") + TerminalText.escaped(title)]
        var previousWasHeading = false
        for block in blocks {
            var part: String
            switch block {
            case .heading(let text): part = (md ? "### " : "") + TerminalText.escaped(text)
            case .text(let text): part = text
            case .table(let table): part = String((md ? table.markdown() : table.text()).dropLast())
            case .chart: continue
            case .command(let line): part = md ? "Reproduce with `\(line)`." : "Reproduce with: \(line)"
            }
            if previousWasHeading, case .table = block {
                parts[parts.count - 1] += "\n" + part
            } else {
                parts.append(part)
            }
            if case .heading = block { previousWasHeading = true } else { previousWasHeading = false }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The blocks as an HTML fragment (a `<section>`); every text is escaped, charts are inline SVG.
    public func htmlSection(id: String? = nil) -> String {
        var out = "<section\(id.map { " id=\"\(HTML.escape($0))\"" } ?? "")>\n<h2>\(HTML.escape(title))</h2>\n"
        for block in blocks {
            switch block {
            case .heading(let text): out += "<h3>\(HTML.escape(text))</h3>\n"
            case .text(let text): out += HTML.paragraphs(text)
            case .table(let table): out += table.html()
            case .chart(let svg): out += "<figure class=\"chart\">\n\(svg)</figure>\n"
            case .command(let line): out += "<p class=\"command\">Reproduce with <code>\(HTML.escape(line))</code></p>\n"
            }
        }
        return out + "</section>\n"
    }

    /// A whole HTML page holding this document.
    public func html() -> String { HTML.page(title: title, body: htmlSection()) }
}

/// HTML helpers: escaping, paragraphs and a standalone page with the report's styles.
public enum HTML {
    /// `text` with `& < > " '` escaped and control characters shown as escapes (or kept, for
    /// preformatted text shown exactly as written).
    public static func escape(_ text: String, keepingControls: Bool = false) -> String {
        escapeXML(keepingControls ? text : TerminalText.escaped(text))
    }

    /// The text that ``escape(_:keepingControls:)`` escaped.
    public static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Prose as paragraphs; consecutive lines starting with "• " as a list.
    static func paragraphs(_ text: String) -> String {
        var out = ""
        var paragraph: [String] = []
        var items: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += "<p>" + paragraph.map { escape($0) }.joined(separator: " ") + "</p>\n" }
            if !items.isEmpty { out += "<ul>\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n" }
            paragraph = []
            items = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("• ") {
                if !paragraph.isEmpty { flush() }
                items.append(String(line.dropFirst(2)))
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else {
                if !items.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return out
    }

    /// A standalone page: inline styles only, nothing fetched from anywhere, readable without
    /// script, printable on A4.
    public static func page(title: String, body: String, head: String = "") -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(styles)
        </style>
        \(head)</head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    /// The report's styles: a readable column, tables with numbers aligned right, charts that fit
    /// the page, and print rules that keep each chart on one A4 page without dark backgrounds.
    public static let styles = """
        :root { color-scheme: light; }
        body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; margin: 0; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 28px; margin: 8px 0 4px; }
        h2 { font-size: 21px; margin: 36px 0 8px; padding-top: 12px; border-top: 1px solid #d0d7de; }
        h3 { font-size: 16px; margin: 22px 0 6px; }
        p { margin: 8px 0; }
        .lede { font-size: 16px; color: #333; }
        .command { font-size: 13px; color: #57606a; }
        code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; border-radius: 4px; }
        code { padding: 1px 4px; }
        pre { padding: 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
        th, td { padding: 3px 10px; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .table { overflow-x: auto; }
        figure.chart { margin: 12px 0 20px; }
        figure.chart svg { width: 100%; height: auto; display: block; }
        nav.contents ol { columns: 2; font-size: 14px; }
        details { margin: 8px 0; }
        summary { cursor: pointer; font-weight: 600; }
        .answer { background: #f3f8ff; border-left: 4px solid #2f6fbf; padding: 10px 14px; margin: 12px 0; }
        .band-green { color: #2e7d4f; } .band-orange { color: #b35c00; } .band-red { color: #b3261e; } .band-black { color: #333; }
        footer { margin-top: 40px; font-size: 12.5px; color: #57606a; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          h2 { break-before: auto; break-after: avoid; border-top: none; }
          h3 { break-after: avoid; }
          figure.chart, table, pre, .answer { break-inside: avoid; }
          figure.chart svg { max-height: 230mm; }
          details { display: block; }
          details > summary { display: none; }
          a { color: inherit; text-decoration: none; }
          .no-print { display: none; }
        }
        """
}

extension TextTable {
    /// The table as HTML, numbers aligned right (columns the table aligns right).
    public func html() -> String {
        var out = "<div class=\"table\"><table>\n<thead><tr>"
        for (i, cell) in header.enumerated() {
            out += "<th scope=\"col\"\(alignments[i] == .right ? " class=\"number\"" : "")>\(HTML.escape(cell))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for (r, row) in rows.enumerated() {
            if let label = separators[r] {
                out += "<tr><td colspan=\"\(header.count)\"><em>\(HTML.escape(label))</em></td></tr>\n"
            }
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += "<td\(alignments[i] == .right ? " class=\"number\"" : "")>\(HTML.escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }
}
