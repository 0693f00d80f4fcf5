import AlignmentScale

/// The analyses a scenario can be asked for, as the API names them (`POST /api/NAME`).
public enum AnalysisKind: String, CaseIterable, Sendable {
    case evaluate, optimize, margins, voi, plan, robust, race, sensitivity, study, report
}

/// How much work an analysis of a scenario asks for, estimated before it starts, so that a server
/// can run cheap requests apart from expensive ones whatever endpoint they come through.
///
/// The unit is one term of the exact model's closed form: an evaluation costs
/// D·O·(P + N) terms (D the down-sets of `requires`, O the orderings, P the programs, N the
/// levels; see ``SafetyModel``). An optimisation is counted as the evaluations of a multi-start
/// search, which grows with the number of programs; the value of information solves one
/// optimisation per signal (every world, band, threshold and ordering). Anything that draws
/// samples (Monte Carlo, the race, sensitivity, the study, the report) is counted by its draws
/// and is always heavy.
///
/// The estimate is an order of magnitude, not a forecast: it orders requests, and its one
/// threshold (``lightLimit``) was set by timing the default scenario's analyses (a few
/// milliseconds, far below it) and a 60-program scenario's value of information (seconds, far
/// above it).
public enum AnalysisCost {
    /// The most terms a request may cost and still run beside other light requests: about a
    /// tenth of a second of one core.
    public static let lightLimit = 20_000_000.0

    /// Terms of one exact evaluation of `scenario`.
    public static func evaluation(_ scenario: Scenario) -> Double {
        let downSets = Double(Requirements(programs: scenario.programs).downSets.count)
        let orderings = Double(scenario.worlds.orderings.count)
        return downSets * orderings * Double(scenario.programs.count + scenario.scale.levelCount)
    }

    /// Evaluations of one multi-start optimisation over `programs` programs: its starts (the
    /// heuristics and random ones) times the iterations each takes, each iteration a gradient
    /// (about three evaluations) and a line search.
    public static func optimisationEvaluations(programs: Int) -> Double {
        let starts = 12.0 + Double(programs)
        let iterations = 20.0 + 4 * Double(programs)
        return starts * iterations * 5
    }

    /// The estimated terms of `kind` on `scenario`; `samples` are Monte Carlo draws, if any.
    public static func estimate(_ kind: AnalysisKind, scenario: Scenario, samples: Int?) -> Double {
        let evaluation = evaluation(scenario)
        let optimisation = evaluation * optimisationEvaluations(programs: scenario.programs.count)
        let sampled = Double(samples ?? 0) * evaluation
        switch kind {
        case .evaluate: return evaluation + sampled
        case .margins: return evaluation * Double(scenario.programs.count + 1) * 3 + optimisation + sampled
        case .optimize: return optimisation * (samples == nil ? 1 : 20) + sampled
        case .voi:
            let worlds = Double(scenario.worlds.count)
            let signals = worlds + Double(scenario.scale.levelCount) + 4 + Double(scenario.scale.thresholds.count * 2)
            return optimisation * (1 + signals)
        // A plan solves every outcome's follow-up at each step of a search over the first stage.
        // Robust optimises every draw, as a study does every case.
        case .plan, .robust, .race, .sensitivity, .study, .report: return .infinity
        }
    }

    /// Whether `kind` on `scenario` belongs on the heavy pool.
    public static func isHeavy(_ kind: AnalysisKind, scenario: Scenario, samples: Int?) -> Bool {
        samples != nil || estimate(kind, scenario: scenario, samples: samples) > lightLimit
    }
}
