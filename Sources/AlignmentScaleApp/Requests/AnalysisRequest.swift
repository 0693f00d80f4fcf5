import AlignmentScale
import AlignmentScaleIO

/// One analysis of a scenario, with its options as typed values: what the command line builds from
/// its flags and the server from a URL's query, so that both ask ``AnalysisRunner`` for the same
/// thing and print the same report.
///
/// A request is checked once, by ``validate(limits:)``, against the limits of whoever runs it (the
/// command line's or a server's); checks that need the scenario (a race's steps) happen when it runs.
public enum AnalysisRequest: Sendable, Equatable {
    case evaluate(EvaluateRequest)
    case optimize(OptimizeRequest)
    case margins(MarginsRequest)
    case voi
    case plan(PlanRequest)
    case robust(RobustRequest)
    case race(RaceRequest)
    case sensitivity(SensitivityRequest)
    case study(StudyRequest)
    case report(ReportRequest)

    /// The analysis's name, as the API and the command line call it.
    public var kind: AnalysisKind {
        switch self {
        case .evaluate: .evaluate
        case .optimize: .optimize
        case .margins: .margins
        case .voi: .voi
        case .plan: .plan
        case .robust: .robust
        case .race: .race
        case .sensitivity: .sensitivity
        case .study: .study
        case .report: .report
        }
    }

    /// Monte Carlo draws the request asks for, if any (what makes an analysis heavy).
    public var samples: Int? {
        switch self {
        case .evaluate(let r): r.samples
        case .optimize(let r): r.samples
        case .margins(let r): r.samples
        case .voi, .plan: nil
        case .robust(let r): r.draws
        case .race(let r): r.trajectories
        case .sensitivity(let r): r.samples
        case .study(let r): r.cases
        case .report(let r): r.samples
        }
    }

    /// Whether the request belongs with the expensive ones on `scenario` (``AnalysisCost``).
    public func isHeavy(on scenario: Scenario) -> Bool {
        AnalysisCost.isHeavy(kind, scenario: scenario, samples: samples)
    }

    /// Refuses options outside their domain or above `limits`.
    /// - Throws: ``InputError`` at the option's name (`samples`, `cases`, …): `.invalid` outside
    ///   the domain, `.unsupported` above the limit.
    public func validate(limits: Limits) throws {
        switch self {
        case .evaluate(let r):
            try Check.count(r.samples, "samples", in: kind.samples(within: limits))
        case .optimize(let r):
            try Check.count(r.samples, "samples", in: kind.samples(within: limits))
            try Check.count(r.stabilityDraws, "stability-draws", atMost: OptimizeRequest.maximumStabilityDraws)
            if r.measure != .mean && r.samples == nil {
                throw InputError(
                    path: "objective", expected: "mean unless there are samples to take a CVaR over",
                    found: r.measure.description)
            }
        case .margins(let r):
            try Check.count(r.samples, "samples", in: kind.samples(within: limits))
        case .voi:
            break
        case .plan(let r):
            guard r.laterValue.isFinite && r.laterValue > 0 && r.laterValue <= 1 else {
                throw InputError(path: "later_value", expected: PlanRequest.laterValueRange, found: InputError.show(r.laterValue))
            }
        case .robust(let r):
            try Check.count(r.draws, "draws", atMost: limits.studyCases)
            guard r.within.isFinite && r.within > 0 && r.within <= 1 else {
                throw InputError(path: "within", expected: RobustRequest.withinRange, found: InputError.show(r.within))
            }
            guard r.threshold.isFinite && r.threshold > 0 && r.threshold <= 1 else {
                throw InputError(path: "threshold", expected: RobustRequest.thresholdRange, found: InputError.show(r.threshold))
            }
        case .race(let r):
            try Check.count(r.trajectories, "trajectories", atMost: limits.samples)
            try Check.horizon(r.horizon)
        case .sensitivity(let r):
            try Check.count(r.samples, "samples", in: kind.samples(within: limits))
            try Check.count(r.bootstrap, "bootstrap", atLeast: 0, atMost: SensitivityRequest.maximumBootstrap)
        case .study(let r):
            try Check.count(r.cases, "cases", atMost: limits.studyCases)
            if case .concentrated(let kappa)? = r.beliefs,
                !(kappa.isFinite && kappa > 0 && kappa <= StudyRequest.maximumConcentration)
            {
                throw InputError(
                    path: "concentration",
                    expected: "a concentration κ in (0, \(InputError.show(StudyRequest.maximumConcentration))]",
                    found: InputError.show(kappa))
            }
        case .report(let r):
            try Check.count(r.samples, "samples", in: kind.samples(within: limits))
            try Check.count(r.trajectories, "trajectories", atMost: limits.samples)
            try Check.count(r.studyCases, "cases", atMost: limits.studyCases)
        }
    }
}

/// `evaluate`: the exact safety of an allocation, and its distribution with `samples`.
public struct EvaluateRequest: Sendable, Equatable {
    /// The allocation in program order (`nil`: ``at``, else the scenario's, or the status quo).
    public var allocation: [Double]?
    /// A named allocation to evaluate at (`nil`: the scenario's, or the status quo).
    public var at: MarginPoint?
    /// Monte Carlo draws of the uncertain parameters (`nil`: exact only).
    public var samples: Int?
    public var seed: UInt64

    public init(allocation: [Double]? = nil, at: MarginPoint? = nil, samples: Int? = nil, seed: UInt64 = Defaults.seed) {
        self.at = at
        self.allocation = allocation
        self.samples = samples
        self.seed = seed
    }
}

/// `optimize`: the exact optimum, or with `samples` the sample-average (or CVaR) optimum.
public struct OptimizeRequest: Sendable, Equatable {
    public static let maximumStabilityDraws = 10_000
    public var samples: Int?
    public var seed: UInt64
    /// What to maximise over the draws (only with `samples`).
    public var measure: RiskMeasure
    /// Draws optimised one by one to show how stable the sampled answer is.
    public var stabilityDraws: Int
    /// Explain the optimality check in the table.
    public var verbose: Bool

    public init(
        samples: Int? = nil, seed: UInt64 = Defaults.seed, measure: RiskMeasure = .mean,
        stabilityDraws: Int = SampledOptimization.spreadDraws, verbose: Bool = false
    ) {
        self.samples = samples
        self.seed = seed
        self.measure = measure
        self.stabilityDraws = stabilityDraws
        self.verbose = verbose
    }
}

/// `margins`: marginal values at an allocation or a named point.
public struct MarginsRequest: Sendable, Equatable {
    public var at: MarginPoint
    /// An allocation that overrides `at`.
    public var allocation: [Double]?
    public var samples: Int?
    public var seed: UInt64

    public init(at: MarginPoint = .statusQuo, allocation: [Double]? = nil, samples: Int? = nil, seed: UInt64 = Defaults.seed) {
        self.at = at
        self.allocation = allocation
        self.samples = samples
        self.seed = seed
    }
}

/// `plan`: act now or learn first, around one of the scenario's experiments.
public struct PlanRequest: Sendable, Equatable {
    /// The experiment's id (`nil`: the scenario's only experiment).
    public var experiment: String?
    /// δ ∈ (0, 1], what a unit spent after the result counts in readiness.
    public var laterValue: Double

    public init(experiment: String? = nil, laterValue: Double = Defaults.laterValue) {
        self.experiment = experiment
        self.laterValue = laterValue
    }

    /// The experiment this request names on `scenario`.
    /// - Throws: ``InputError`` at `experiment` when the scenario has none, when it has several and
    ///   none is named, or when the name is not one of them (with the nearest id).
    public func experiment(on scenario: Scenario) throws -> Experiment {
        let ids = scenario.experiments.map(\.id)
        let list = ids.map { "'\($0)'" }.joined(separator: ", ")
        guard !ids.isEmpty else {
            throw InputError(
                path: "experiment", expected: "a scenario that lists experiments (under experiments:)",
                found: "a scenario without any")
        }
        guard let experiment else {
            guard ids.count == 1 else {
                throw InputError(path: "experiment", expected: "one of \(list)", found: "no experiment named")
            }
            return scenario.experiments[0]
        }
        guard let found = scenario.experiments.first(where: { $0.id == experiment }) else {
            throw InputError(
                path: "experiment", expected: "one of \(list)", found: "'\(InputError.clip(experiment, limit: 40))'",
                hint: Suggestion.nearest(to: experiment, in: ids).map { "did you mean '\($0)'?" })
        }
        return found
    }
}

/// `robust`: which allocations survive the numbers being wrong.
public struct RobustRequest: Sendable, Equatable {
    /// Joint draws of the uncertain parameters and beliefs, each optimised on its own.
    public var draws: Int
    public var seed: UInt64
    /// ε: a regret at most this counts as near-optimal (probability units; 0.01 = 1 pp).
    public var within: Double
    /// The event scenario discovery looks for, as written: `net-negative:ID`, `funded:ID` or
    /// `regret:NAME>X` (`nil`: no discovery).
    public var discover: String?
    /// The density the discovery box must reach.
    public var threshold: Double
    /// Whether to look for switch points (a composed report, which does not show them, skips them).
    public var switchPoints: Bool

    public init(
        draws: Int = Defaults.robustDraws, seed: UInt64 = Defaults.seed, within: Double = Defaults.within,
        discover: String? = nil, threshold: Double = Defaults.threshold, switchPoints: Bool = true
    ) {
        self.switchPoints = switchPoints
        self.draws = draws
        self.seed = seed
        self.within = within
        self.discover = discover
        self.threshold = threshold
    }

    /// ε's domain in words.
    public static let withinRange = "a regret ε in (0, 1] (probability units: 0.01 is one percentage point)"
    /// The threshold's domain in words.
    public static let thresholdRange = "a density in (0, 1]"
    /// The events' forms in words.
    public static let eventForms = "net-negative:ID, funded:ID or regret:NAME>X"

    /// The event ``discover`` names on `scenario`.
    /// - Throws: ``InputError`` at `discover` for an unknown form, program or candidate, or a
    ///   threshold X that is not a finite number.
    public func event(on scenario: Scenario) throws -> Robustness.Event? {
        guard let text = discover else { return nil }
        let shown = "'\(InputError.clip(text, limit: 60))'"
        guard let colon = text.firstIndex(of: ":") else {
            throw InputError(path: "discover", expected: RobustRequest.eventForms, found: shown)
        }
        let form = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        func program() throws -> Int {
            let ids = scenario.programs.map(\.id)
            guard let j = ids.firstIndex(of: rest) else {
                let list = ids.count <= 12 ? " (" + ids.joined(separator: ", ") + ")" : ""
                throw InputError(
                    path: "discover", expected: "a program of the scenario after '\(form):'\(list)",
                    found: "'\(InputError.clip(rest, limit: 40))'",
                    hint: Suggestion.nearest(to: rest, in: ids).map { "did you mean '\($0)'?" })
            }
            return j
        }
        switch form {
        case "net-negative": return .netNegative(program: try program())
        case "funded": return .funded(program: try program())
        case "regret":
            let names = Robustness.candidateNames(for: scenario)
            guard let gt = rest.firstIndex(of: ">") else {
                throw InputError(path: "discover", expected: "regret:NAME>X, such as regret:past-the-margin>0.01", found: shown)
            }
            let name = String(rest[..<gt])
            guard names.contains(name) else {
                throw InputError(
                    path: "discover", expected: "a candidate (" + names.joined(separator: ", ") + ")",
                    found: "'\(InputError.clip(name, limit: 40))'",
                    hint: Suggestion.nearest(to: name, in: names).map { "did you mean '\($0)'?" })
            }
            let number = String(rest[rest.index(after: gt)...])
            guard let x = Double(number), x.isFinite else {
                throw InputError(
                    path: "discover", expected: "a regret X in probability units after '>' (0.01 is one point)",
                    found: "'\(InputError.clip(number, limit: 40))'")
            }
            return .regret(candidate: name, above: x)
        default:
            throw InputError(
                path: "discover", expected: RobustRequest.eventForms, found: "'\(InputError.clip(form, limit: 40)):…'",
                hint: Suggestion.nearest(to: form, in: ["net-negative", "funded", "regret"]).map { "did you mean '\($0)'?" })
        }
    }
}

/// `race`: trajectories over time.
public struct RaceRequest: Sendable, Equatable {
    /// The most years a fan chart may cover.
    public static let maximumHorizon = 500.0
    public var allocation: [Double]?
    /// A named allocation to race at (`nil`: the scenario's, or the status quo).
    public var at: MarginPoint?
    public var trajectories: Int
    public var seed: UInt64
    /// Years the fan chart covers (`nil`: a little past the arrival's 99th percentile).
    public var horizon: Double?

    public init(
        allocation: [Double]? = nil, at: MarginPoint? = nil, trajectories: Int = Defaults.trajectories,
        seed: UInt64 = Defaults.seed, horizon: Double? = nil
    ) {
        self.at = at
        self.allocation = allocation
        self.trajectories = trajectories
        self.seed = seed
        self.horizon = horizon
    }
}

/// `sensitivity`: the tornado of the optimum and Sobol indices of safety.
public struct SensitivityRequest: Sendable, Equatable {
    public static let minimumSamples = 16
    public static let maximumBootstrap = 10_000
    public var allocation: [Double]?
    /// Base samples n of the Sobol indices.
    public var samples: Int
    public var bootstrap: Int
    public var seed: UInt64

    public init(
        allocation: [Double]? = nil, samples: Int = Defaults.sensitivitySamples, bootstrap: Int = Defaults.bootstrap,
        seed: UInt64 = Defaults.seed
    ) {
        self.allocation = allocation
        self.samples = samples
        self.bootstrap = bootstrap
        self.seed = seed
    }
}

/// `study`: the optimum and the rules across many belief profiles.
public struct StudyRequest: Sendable, Equatable {
    public static let maximumConcentration = 1e6
    public var cases: Int
    public var seed: UInt64
    /// How belief profiles are drawn; `nil`: around the scenario's beliefs with its own
    /// `belief_concentration` as κ, or κ = ``Defaults/concentration`` when it has none
    /// (``beliefs(for:)``).
    public var beliefs: Study.Beliefs?
    /// What a case does with the scenario's uncertain numbers.
    public var parameters: ParameterMode
    /// How widely each case's optimum is searched for.
    public var search: Optimizer.Search

    /// What a study does with a scenario's uncertain numbers.
    public enum ParameterMode: String, Sendable, Equatable, CaseIterable {
        /// One draw per case (the default): cases vary beliefs and numbers together.
        case drawn
        /// Every uncertain number at its median: cases vary beliefs only, as the exact commands see
        /// the scenario.
        case medians
    }

    public init(
        cases: Int = Defaults.studyCases, seed: UInt64 = Defaults.seed,
        beliefs: Study.Beliefs? = nil, parameters: ParameterMode = .drawn, search: Optimizer.Search = Defaults.studySearch
    ) {
        self.search = search
        self.cases = cases
        self.seed = seed
        self.beliefs = beliefs
        self.parameters = parameters
    }

    /// How the study draws beliefs on `scenario`, and whether κ is the scenario's own.
    public func beliefs(for scenario: Scenario) -> (beliefs: Study.Beliefs, fromScenario: Bool) {
        if let beliefs { return (beliefs, false) }
        if let kappa = scenario.beliefConcentration { return (.concentrated(kappa), true) }
        return (.concentrated(Defaults.concentration), false)
    }
}

/// `report`: every analysis of a scenario in one page.
public struct ReportRequest: Sendable, Equatable {
    /// The scenario file's text, embedded verbatim.
    public var source: String
    /// How the scenario is named in the commands that reproduce each section.
    public var file: String
    public var samples: Int?
    public var trajectories: Int?
    public var studyCases: Int?
    public var seed: UInt64

    public init(
        source: String, file: String, samples: Int? = nil, trajectories: Int? = nil, studyCases: Int? = nil,
        seed: UInt64 = Defaults.seed
    ) {
        self.source = source
        self.file = file
        self.samples = samples
        self.trajectories = trajectories
        self.studyCases = studyCases
        self.seed = seed
    }
}

extension PlanRequest {
    /// The later value's domain in words.
    public static let laterValueRange = "a value in (0, 1]: what a unit spent after the result counts"
}

extension RaceRequest {
    /// The horizon's domain in words.
    public static var horizonRange: String { "years in (0, \(InputError.show(maximumHorizon))]" }
}

extension AnalysisKind {
    /// The Monte Carlo draws a request of this kind may ask for within `limits`: the optimiser
    /// under uncertainty and the Sobol matrices keep every draw in memory, and Sobol indices need
    /// at least ``SensitivityRequest/minimumSamples``. The one place both the validation and the
    /// API document take these bounds from.
    public func samples(within limits: Limits) -> ClosedRange<Int> {
        switch self {
        case .optimize: 1...limits.storedSamples
        case .sensitivity: SensitivityRequest.minimumSamples...limits.storedSamples
        default: 1...limits.samples
        }
    }
}

/// A named allocation: where `margins` takes its marginal values, and where `evaluate` and `race`
/// evaluate with `--at`.
public enum MarginPoint: String, Sendable, CaseIterable {
    case statusQuo = "status-quo"
    case optimal, scenario
}

/// The range checks of requests, each at an option's name.
enum Check {
    static func count(_ value: Int?, _ name: String, in range: ClosedRange<Int>) throws {
        try count(value, name, atLeast: range.lowerBound, atMost: range.upperBound)
    }

    static func count(_ value: Int?, _ name: String, atLeast minimum: Int = 1, atMost limit: Int) throws {
        guard let value else { return }
        guard value >= minimum else {
            throw InputError(path: FieldPath(key: name), expected: "a whole number ≥ \(minimum)", found: String(value))
        }
        guard value <= limit else {
            throw InputError(.unsupported, path: FieldPath(key: name), expected: "at most \(limit)", found: String(value))
        }
    }

    static func horizon(_ horizon: Double?) throws {
        guard let horizon else { return }
        guard horizon > 0 && horizon <= RaceRequest.maximumHorizon else {
            throw InputError(path: "horizon", expected: RaceRequest.horizonRange, found: InputError.show(horizon))
        }
    }
}
