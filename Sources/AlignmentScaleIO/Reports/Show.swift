import Foundation

/// Number formatting shared by the reports.
public enum Show {
    public static func percent(_ x: Double, digits: Int = 1) -> String {
        String(format: "%.\(digits)f%%", 100 * x)
    }

    /// An exact probability of safety or risk: always two decimals of a percent, everywhere.
    public static func exact(_ x: Double) -> String { percent(x, digits: 2) }

    /// A simulated probability with its standard error, so that its difference from an exact value
    /// reads as sampling: "44.46% ± 0.16%".
    public static func sampled(_ mean: Double, _ standardError: Double) -> String {
        "\(percent(mean, digits: 2)) ± \(percent(standardError, digits: 2))"
    }

    /// Percentage points with a sign, for changes in safety; a change too small to show at this
    /// precision reads "+<0.01 pp" rather than a misleading "+0.00" or "-0.00".
    public static func points(_ x: Double, digits: Int = 2) -> String {
        let smallest = pow(10, -Double(digits))
        if x != 0 && abs(100 * x) < smallest / 2 {
            return (x > 0 ? "+" : "−") + "<" + String(format: "%.\(digits)f", smallest) + " pp"
        }
        return String(format: "%+.\(digits)f pp", 100 * x)
    }

    /// An amount of safety lost (a regret ≥ 0) in percentage points, without a sign: "0 pp" when
    /// nothing is lost, "<0.01 pp" when something too small to show is.
    public static func loss(_ x: Double, digits: Int = 2) -> String {
        if x <= 0 { return x == 0 ? "0 pp" : points(x, digits: digits) }
        let smallest = pow(10, -Double(digits))
        if 100 * x < smallest / 2 { return "<" + String(format: "%.\(digits)f", smallest) + " pp" }
        return String(format: "%.\(digits)f pp", 100 * x)
    }

    public static func amount(_ x: Double) -> String {
        abs(x - x.rounded()) < 5e-3 ? String(format: "%.0f", x) : String(format: "%.2f", x)
    }

    public static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// A value with four significant digits, in exponent form when small.
    public static func small(_ x: Double) -> String {
        if x == 0 { return "0" }
        return abs(x) >= 1e-3 && abs(x) < 1e4 ? String(format: "%.4g", x) : String(format: "%.3e", x)
    }

    /// A bar of `width` cells for `fraction` in [0, 1], with eighth-cell resolution.
    public static func bar(_ fraction: Double, width: Int = 24) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }
}
