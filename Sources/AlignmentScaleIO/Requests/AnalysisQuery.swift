import AlignmentScale

/// The options of one analysis request, read from a URL's query parameters and checked against
/// the server's limits: the web API's counterpart of the command line's flags.
///
/// Every parameter is optional; an unknown one is an error (with the nearest known name), so a
/// typo is not silently ignored.
public struct AnalysisQuery: Sendable, Equatable {
    /// `samples`: Monte Carlo draws.
    public var samples: Int?
    /// `trajectories`: race trajectories.
    public var trajectories: Int?
    /// `seed` of every random run.
    public var seed: UInt64 = Defaults.seed
    /// `allocation`: `id=amount,...`, checked against the scenario later.
    public var allocation: String?
    /// `at`: where margins are taken.
    public var at: MarginPoint = .statusQuo
    /// `objective`: `mean` or `cvar:ALPHA` for the sample-average optimiser.
    public var objective: RiskMeasure = .mean
    /// `horizon`: years a race's fan chart covers (`nil`: a little past the arrival's 99th percentile).
    public var horizon: Double?
    /// `format=svg`: the race's chart instead of its JSON.
    public var svg = false
    /// `cases` of a study.
    public var cases: Int?
    /// `concentration` κ of a study's Dirichlet around the scenario's beliefs.
    public var concentration: Double?
    /// `beliefs=uniform`: a study over the flat Dirichlet instead.
    public var uniformBeliefs = false
    /// `charts=svg`: the JSON gains a `charts` object with the analysis's charts as SVG text.
    public var charts = false

    public static let parameters = [
        "samples", "trajectories", "seed", "allocation", "at", "objective", "horizon", "format", "cases", "concentration",
        "beliefs", "charts",
    ]

    public init() {}

    /// Reads `parameters` (name, value pairs, in URL order).
    /// - Throws: ``InputError`` at the parameter's name: `.invalid` for a malformed value,
    ///   `.unsupported` for a count above `limits`.
    public init(_ parameters: [(String, String)], limits: Limits) throws {
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard AnalysisQuery.parameters.contains(name) else {
                throw InputError(
                    path: InputError.clip(name, limit: 40),
                    expected: "a known parameter (" + AnalysisQuery.parameters.joined(separator: ", ") + ")",
                    found: "'\(InputError.clip(name, limit: 40))'",
                    hint: Suggestion.nearest(to: name, in: AnalysisQuery.parameters).map { "did you mean '\($0)'?" })
            }
            guard seen.insert(name).inserted else {
                throw InputError(path: name, expected: "each parameter once", found: "'\(name)' again")
            }
            func count(_ what: String, limit: Int) throws -> Int {
                guard let n = Int(value), n >= 1 else {
                    throw InputError(path: name, expected: "a whole number ≥ 1", found: "'\(InputError.clip(value, limit: 40))'")
                }
                try Limits.check(n, atMost: limit, name: name, what: what)
                return n
            }
            switch name {
            case "samples": samples = try count("samples", limit: limits.samples)
            case "trajectories": trajectories = try count("trajectories", limit: limits.samples)
            case "cases": cases = try count("cases", limit: limits.studyCases)
            case "seed":
                guard let s = UInt64(value) else {
                    throw InputError(path: name, expected: "a whole number ≥ 0", found: "'\(InputError.clip(value, limit: 40))'")
                }
                seed = s
            case "allocation": allocation = value
            case "at":
                guard let point = MarginPoint(rawValue: value) else {
                    throw InputError(
                        path: name, expected: "status-quo, optimal or scenario", found: "'\(InputError.clip(value, limit: 40))'")
                }
                at = point
            case "objective": objective = try Analyses.measure(value, path: name)
            case "horizon":
                guard let h = Double(value), h > 0, h <= 500 else {
                    throw InputError(path: name, expected: "years in (0, 500]", found: "'\(InputError.clip(value, limit: 40))'")
                }
                horizon = h
            case "format":
                guard value == "svg" || value == "json" else {
                    throw InputError(path: name, expected: "json or svg", found: "'\(InputError.clip(value, limit: 40))'")
                }
                svg = value == "svg"
            case "concentration":
                guard let k = Double(value), k.isFinite, k > 0, k <= 1e6 else {
                    throw InputError(
                        path: name, expected: "a concentration κ in (0, 1e6]", found: "'\(InputError.clip(value, limit: 40))'")
                }
                concentration = k
            case "charts":
                guard value == "svg" || value == "none" else {
                    throw InputError(path: name, expected: "svg or none", found: "'\(InputError.clip(value, limit: 40))'")
                }
                charts = value == "svg"
            default:
                guard value == "uniform" else {
                    throw InputError(path: name, expected: "uniform", found: "'\(InputError.clip(value, limit: 40))'")
                }
                uniformBeliefs = true
            }
        }
        if concentration != nil && uniformBeliefs {
            throw InputError(
                path: "concentration", expected: "either concentration or beliefs=uniform", found: "both")
        }
    }
}
