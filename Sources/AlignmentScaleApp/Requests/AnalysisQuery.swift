import AlignmentScale
import AlignmentScaleIO

/// The options of one analysis request as a URL's query parameters: the web API's counterpart of
/// the command line's flags. It only reads the text; ``request(_:for:source:)`` makes the typed
/// ``AnalysisRequest``, whose ``AnalysisRequest/validate(limits:)`` checks the ranges and limits
/// as the command line's does.
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
    /// `at`: a named allocation (where margins are taken; where evaluate and race run).
    public var at: MarginPoint?
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
    /// `parameters=medians`: a study with the uncertain numbers at their medians.
    public var studyParameters = StudyRequest.ParameterMode.drawn
    /// `search=full`: a study whose cases all search from every start (by default, from a few
    /// starts while those agree).
    public var search = Defaults.studySearch
    /// `experiment`: the experiment a plan is built around.
    public var experiment: String?
    /// `later_value` δ of a plan.
    public var laterValue: Double?
    /// `draws` of a robustness analysis.
    public var draws: Int?
    /// `within` ε of a robustness analysis.
    public var within: Double?
    /// `discover`: the event a robustness analysis's scenario discovery looks for.
    public var discover: String?
    /// `threshold`: the density the discovery box must reach.
    public var threshold: Double?
    /// `charts=svg`: the JSON gains a `charts` object with the analysis's charts as SVG text.
    public var charts = false

    /// Every parameter some analysis reads: the union of ``parameters(for:)``, in first-use order.
    public static let parameters: [String] = {
        var seen: [String] = []
        for kind in AnalysisKind.allCases { for name in parameters(for: kind) where !seen.contains(name) { seen.append(name) } }
        return seen
    }()

    public init() {}

    /// The parameters `kind` reads, in the order the API document lists them.
    public static func parameters(for kind: AnalysisKind) -> [String] {
        switch kind {
        case .evaluate: ["seed", "allocation", "at", "samples", "charts"]
        case .optimize: ["seed", "samples", "objective", "charts"]
        case .margins: ["seed", "allocation", "samples", "at", "charts"]
        case .voi: ["charts"]
        case .plan: ["experiment", "later_value", "charts"]
        case .robust: ["seed", "draws", "within", "discover", "threshold", "charts"]
        case .race: ["seed", "allocation", "at", "trajectories", "horizon", "format", "charts"]
        case .sensitivity: ["seed", "allocation", "samples", "charts"]
        case .study: ["seed", "cases", "concentration", "beliefs", "parameters", "search", "charts"]
        case .report: ["seed", "samples", "trajectories", "cases"]
        }
    }

    /// Reads `parameters` (name, value pairs, in URL order).
    /// - Throws: ``InputError`` at the parameter's name for an unknown, repeated or malformed one.
    public init(_ parameters: [(String, String)]) throws {
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard AnalysisQuery.parameters.contains(name) else {
                throw InputError(
                    path: FieldPath(key: InputError.clip(name, limit: 40)),
                    expected: "a known parameter (" + AnalysisQuery.parameters.joined(separator: ", ") + ")",
                    found: "'\(InputError.clip(name, limit: 40))'",
                    hint: Suggestion.nearest(to: name, in: AnalysisQuery.parameters).map { "did you mean '\($0)'?" })
            }
            guard seen.insert(name).inserted else {
                throw InputError(path: FieldPath(key: name), expected: "each parameter once", found: "'\(name)' again")
            }
            func malformed(_ expected: String) -> InputError {
                InputError(path: FieldPath(key: name), expected: expected, found: "'\(InputError.clip(value, limit: 40))'")
            }
            func count() throws -> Int {
                guard let n = Int(value), n >= 1 else { throw malformed("a whole number ≥ 1") }
                return n
            }
            switch name {
            case "samples": samples = try count()
            case "trajectories": trajectories = try count()
            case "cases": cases = try count()
            case "draws": draws = try count()
            case "within":
                guard let e = Double(value), e.isFinite else { throw malformed(RobustRequest.withinRange) }
                within = e
            case "threshold":
                guard let d = Double(value), d.isFinite else { throw malformed(RobustRequest.thresholdRange) }
                threshold = d
            case "discover": discover = value
            case "seed":
                guard let s = UInt64(value) else { throw malformed("a whole number ≥ 0") }
                seed = s
            case "allocation": allocation = value
            case "at":
                guard let point = MarginPoint(rawValue: value) else { throw malformed("status-quo, optimal or scenario") }
                at = point
            case "objective": objective = try OptionText.measure(value, path: FieldPath(key: name))
            case "horizon":
                guard let h = Double(value), h.isFinite else { throw malformed(RaceRequest.horizonRange) }
                horizon = h
            case "format":
                guard value == "svg" || value == "json" else { throw malformed("json or svg") }
                svg = value == "svg"
            case "concentration":
                guard let k = Double(value), k.isFinite else {
                    throw malformed("a concentration κ in (0, \(InputError.show(StudyRequest.maximumConcentration))]")
                }
                concentration = k
            case "experiment": experiment = value
            case "later_value":
                guard let d = Double(value), d.isFinite else { throw malformed(PlanRequest.laterValueRange) }
                laterValue = d
            case "parameters":
                guard let mode = StudyRequest.ParameterMode(rawValue: value) else { throw malformed("drawn or medians") }
                studyParameters = mode
            case "search":
                guard let mode = Optimizer.Search(rawValue: value) else { throw malformed("full or quick") }
                search = mode
            case "charts":
                guard value == "svg" || value == "none" else { throw malformed("svg or none") }
                charts = value == "svg"
            default:
                guard value == "uniform" else { throw malformed("uniform") }
                uniformBeliefs = true
            }
        }
        if concentration != nil && uniformBeliefs {
            throw InputError(path: "concentration", expected: "either concentration or beliefs=uniform", found: "both")
        }
    }

    /// The typed request for `kind` on `scenario`, whose file text is `source` (only a report
    /// embeds it, so only a report reads it). Parameters a kind does not use are ignored, as the
    /// command line has no such flags.
    /// - Throws: ``InputError`` at `allocation` when it does not fit the scenario.
    public func request(
        _ kind: AnalysisKind, for scenario: Scenario, source: @autoclosure () -> String
    ) throws -> AnalysisRequest {
        let x = try allocation.map { try OptionText.allocation($0, for: scenario, path: "allocation") }
        switch kind {
        case .evaluate: return .evaluate(EvaluateRequest(allocation: x, at: at, samples: samples, seed: seed))
        case .optimize: return .optimize(OptimizeRequest(samples: samples, seed: seed, measure: objective))
        case .margins: return .margins(MarginsRequest(at: at ?? .statusQuo, allocation: x, samples: samples, seed: seed))
        case .voi: return .voi
        case .plan: return .plan(PlanRequest(experiment: experiment, laterValue: laterValue ?? Defaults.laterValue))
        case .robust:
            return .robust(
                RobustRequest(
                    draws: draws ?? Defaults.robustDraws, seed: seed, within: within ?? Defaults.within, discover: discover,
                    threshold: threshold ?? Defaults.threshold))
        case .race:
            return .race(
                RaceRequest(
                    allocation: x, at: at, trajectories: trajectories ?? Defaults.trajectories, seed: seed, horizon: horizon))
        case .sensitivity:
            return .sensitivity(
                SensitivityRequest(allocation: x, samples: samples ?? Defaults.sensitivitySamples, seed: seed))
        case .study:
            return .study(
                StudyRequest(
                    cases: cases ?? Defaults.studyCases, seed: seed,
                    beliefs: uniformBeliefs ? .uniform : concentration.map { .concentrated($0) },
                    parameters: studyParameters, search: search))
        case .report:
            let source = source()
            let file = source.drop { $0.isWhitespace }.first == "{" ? "scenario.json" : "scenario.yaml"
            return .report(
                ReportRequest(
                    source: source, file: file, samples: samples, trajectories: trajectories, studyCases: cases, seed: seed))
        }
    }
}
