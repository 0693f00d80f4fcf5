import AlignmentScale

/// Named belief profiles over the built-in scale's ten levels: starting points in the explorer
/// and the survey, served by the API so that pages and command line share one copy.
public enum BeliefPreset: String, CaseIterable, Sendable {
    /// The default scenario's beliefs.
    case `default`
    /// Most weight on the easy levels: behavioural techniques probably suffice.
    case optimist
    /// Most weight past the sharp left turn.
    case pessimist
    /// Every level equally likely.
    case uniform

    /// The beliefs p₁ … p₁₀, summing to 1.
    public var beliefs: [Double] {
        switch self {
        case .default: Scenario.builtinDefault.beliefs
        case .optimist: [0.25, 0.25, 0.2, 0.12, 0.08, 0.05, 0.03, 0.01, 0.005, 0.005]
        case .pessimist: [0.01, 0.02, 0.03, 0.05, 0.07, 0.12, 0.15, 0.2, 0.2, 0.15]
        case .uniform: Array(repeating: 0.1, count: 10)
        }
    }

    /// One line on who might hold these beliefs.
    public var summary: String {
        switch self {
        case .default: "the illustrative default: weight spread over the middle of the scale"
        case .optimist: "behavioural techniques probably suffice: most weight on levels 1 to 3"
        case .pessimist: "the hard levels are likely: most weight past the sharp left turn"
        case .uniform: "no view: every level equally likely"
        }
    }

    /// `{"presets": [{"name", "summary", "beliefs"}]}`, as `GET /api/presets` answers.
    public static var json: JSONValue {
        .object([
            (
                "presets",
                .array(
                    allCases.map {
                        .object([
                            ("name", .string($0.rawValue)), ("summary", .string($0.summary)), ("beliefs", .numbers($0.beliefs)),
                        ])
                    })
            )
        ])
    }
}

extension Scenario {
    /// The scenario as a YAML scenario file that loads back to the same scenario, under a
    /// comment that says where it came from and how to run it.
    public func yamlFile(origin: String) -> String {
        "# \(origin)\n# Run it with `alignscale optimize scenario.yaml`; `alignscale schema scenario` describes every key.\n"
            + json.yaml()
    }
}
