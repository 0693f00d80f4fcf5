import AlignmentScale
import AlignmentScaleIO

/// A scenario the server offers the explorer beside the built-in default (`alignscale serve
/// SCENARIO...`), read once at start: listed at `GET /api/scenarios` by its short name, served at
/// `GET /api/scenarios/NAME`, opened by the page at `/?scenario=NAME`.
public struct OpenedScenario: Sendable, Equatable {
    /// The name in URLs: the scenario's `name` as a slug (lowercase letters, digits and `-`).
    public let name: String
    /// The scenario's own `name`, for display.
    public let title: String
    /// The scenario in the file schema, as JSON.
    public let json: String

    /// The name the built-in default goes by.
    public static let defaultName = "default"

    public init(scenario: Scenario, fallbackName: String) {
        let slug = OpenedScenario.slug(scenario.name)
        name = slug.isEmpty ? OpenedScenario.slug(fallbackName) : slug
        title = scenario.name.isEmpty ? fallbackName : scenario.name
        json = scenario.json.rendered()
    }

    /// Lowercase letters and digits, every other run of characters one `-`, at most 60 characters.
    public static func slug(_ text: String) -> String {
        var out = ""
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) {
                out.append(c)
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        while out.last == "-" { out.removeLast() }
        return String(out.prefix(60))
    }
}
