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

/// Terminal colours by band, used only when colour is on (a TTY without `NO_COLOR`).
public struct Palette: Sendable {
    public let enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    public func band(_ band: String, _ text: String) -> String {
        guard enabled else { return text }
        let code: String
        switch band {
        case "green": code = "32"
        case "orange": code = "38;5;208"
        case "red": code = "31"
        case "black": code = "1;90"
        default: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    public func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    public func warn(_ text: String) -> String { enabled ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
}
