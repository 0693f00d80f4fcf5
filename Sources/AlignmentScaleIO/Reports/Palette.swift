import AlignmentScale

/// Terminal colours, used only when colour is on (a terminal without `NO_COLOR`).
public struct Palette: Sendable {
    public let enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    /// `text` in the colour of `band`.
    public func band(_ band: Band, _ text: String) -> String {
        enabled ? "\u{1B}[\(band.terminalColor)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}

/// Each band's colours, in one place for the terminal and the charts.
extension Band {
    /// The ANSI colour code of the band on a terminal.
    public var terminalColor: String {
        switch self {
        case .green: "32"
        case .orange: "38;5;208"
        case .red: "31"
        case .black: "1;90"
        }
    }

    /// The band's colour in a chart.
    public var chartColor: String {
        switch self {
        case .green: "#2e8b57"
        case .orange: "#e67e22"
        case .red: "#c0392b"
        case .black: "#34495e"
        }
    }

    /// A pale fill of the band behind other lines (the race's fan chart), so they keep their colours.
    public var paleColor: String {
        switch self {
        case .green: "#f2f9f0"
        case .orange: "#fef6eb"
        case .red: "#fcefee"
        case .black: "#f0f0f2"
        }
    }

    /// The strong colour that edges a pale band.
    public var edgeColor: String {
        switch self {
        case .green: "#6fb35f"
        case .orange: "#eea23b"
        case .red: "#d0493f"
        case .black: "#4a4f57"
        }
    }
}
