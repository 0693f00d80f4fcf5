import Foundation

/// How a command prints its result.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned text for a terminal, with explanations for a newcomer.
    case table
    case markdown
    /// One JSON object (MODEL.md §10), for scripts.
    case json
    /// The main table as RFC 4180 CSV, for spreadsheets.
    case csv
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

/// Number formatting shared by the reports.
enum Show {
    static func percent(_ x: Double, digits: Int = 1) -> String {
        String(format: "%.\(digits)f%%", 100 * x)
    }

    /// Percentage points with a sign, for changes in safety; a change too small to show at this
    /// precision reads "+<0.01 pp" rather than a misleading "+0.00" or "-0.00".
    static func points(_ x: Double, digits: Int = 2) -> String {
        let smallest = pow(10, -Double(digits))
        if x != 0 && abs(100 * x) < smallest / 2 {
            return (x > 0 ? "+" : "−") + "<" + String(format: "%.\(digits)f", smallest) + " pp"
        }
        return String(format: "%+.\(digits)f pp", 100 * x)
    }

    /// An amount of safety lost (a regret ≥ 0) in percentage points, without a sign: "0 pp" when
    /// nothing is lost, "<0.01 pp" when something too small to show is.
    static func loss(_ x: Double, digits: Int = 2) -> String {
        if x <= 0 { return x == 0 ? "0 pp" : points(x, digits: digits) }
        let smallest = pow(10, -Double(digits))
        if 100 * x < smallest / 2 { return "<" + String(format: "%.\(digits)f", smallest) + " pp" }
        return String(format: "%.\(digits)f pp", 100 * x)
    }

    static func amount(_ x: Double) -> String {
        abs(x - x.rounded()) < 5e-3 ? String(format: "%.0f", x) : String(format: "%.2f", x)
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// A value with four significant digits, in exponent form when small.
    static func small(_ x: Double) -> String {
        if x == 0 { return "0" }
        return abs(x) >= 1e-3 && abs(x) < 1e4 ? String(format: "%.4g", x) : String(format: "%.3e", x)
    }

    /// A bar of `width` cells for `fraction` in [0, 1], with eighth-cell resolution.
    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }
}
