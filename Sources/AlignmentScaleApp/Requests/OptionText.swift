import AlignmentScale
import AlignmentScaleIO

/// Readers of the option values both edges take as text: an allocation (`id=amount,...`) and a
/// risk measure (`mean`, `cvar:ALPHA`). Each error is at the path the edge names (`--allocation`
/// on the command line, `allocation` in a URL's query).
public enum OptionText {
    /// Parses `mean` or `cvar:ALPHA` (0 < ALPHA ≤ 1).
    /// - Throws: ``InputError`` at `path`.
    public static func measure(_ text: String, path: FieldPath) throws -> RiskMeasure {
        if text == "mean" { return .mean }
        if text.hasPrefix("cvar:"), let alpha = Double(text.dropFirst(5)), alpha > 0, alpha <= 1 { return .cvar(alpha: alpha) }
        throw InputError(
            path: path, expected: "mean or cvar:ALPHA with 0 < ALPHA ≤ 1", found: "'\(InputError.clip(text, limit: 40))'")
    }

    /// Parses `id=amount,...` against a scenario (programs left out get their minimum).
    /// - Throws: ``InputError`` at `path`.
    public static func allocation(_ text: String, for scenario: Scenario, path: FieldPath) throws -> [Double] {
        var map: [String: Double] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError(path: path, expected: "id=amount pairs separated by commas", found: "'\(pair)'")
            }
            guard let amount = Double(parts[1]), amount.isFinite else {
                throw InputError(path: path.appending(String(parts[0])), expected: "a finite number", found: "'\(parts[1])'")
            }
            guard map.updateValue(amount, forKey: parts[0]) == nil else {
                throw InputError(path: path.appending(String(parts[0])), expected: "each program at most once", found: "a repeat")
            }
        }
        guard !map.isEmpty else { throw InputError(path: path, expected: "at least one id=amount pair", found: "nothing") }
        return try scenario.checked(allocation: map, path: path)
    }
}
