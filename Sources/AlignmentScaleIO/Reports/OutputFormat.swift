import Foundation

/// How a command prints its result.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned text for a terminal, with explanations for a newcomer.
    case table
    case markdown
    /// One JSON object (AlignmentScale.docc/JSONOutputs.md), for scripts.
    case json
    /// The main table as RFC 4180 CSV, for spreadsheets.
    case csv
    /// A standalone HTML page with the report's tables and charts (inline, nothing fetched).
    case html
}
