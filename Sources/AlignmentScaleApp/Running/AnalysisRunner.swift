import AlignmentScale
import AlignmentScaleIO

/// What a request answers: an analysis's report (every format), or the report page, which is
/// HTML only.
public enum AnalysisOutput {
    case report(any Reportable)
    /// A standalone HTML page (`report`).
    case page(String)

    /// The output in `format`; with `charts`, JSON gains the charts' SVG. A page is HTML whatever the format.
    public func rendered(_ format: OutputFormat, charts: Bool = false) -> String {
        switch self {
        case .report(let report): report.rendered(format, charts: charts)
        case .page(let html): html
        }
    }
}

/// Runs an ``AnalysisRequest`` on a scenario: the one path from a request to a report that the
/// command line and the server share. Each edge parses its own input into a request, calls
/// ``run(_:on:limits:context:)`` and renders what comes back; neither computes anything itself.
public enum AnalysisRunner {
    /// Validates `request` against `limits` and runs it.
    /// - Throws: ``InputError`` from ``AnalysisRequest/validate(limits:)`` or from a check that
    ///   needs the scenario (a race's steps); `CancellationError` when `context` cancels a report.
    public static func run(
        _ request: AnalysisRequest, on scenario: Scenario, limits: Limits, context: RunContext
    ) throws -> AnalysisOutput {
        try request.validate(limits: limits)
        switch request {
        case .evaluate(let r): return .report(evaluate(r, on: scenario, context: context))
        case .optimize(let r): return .report(optimize(r, on: scenario, context: context))
        case .margins(let r): return .report(margins(r, on: scenario, context: context))
        case .voi: return .report(voi(on: scenario, context: context))
        case .plan(let r): return .report(try plan(r, on: scenario, context: context))
        case .robust(let r): return .report(try robust(r, on: scenario, context: context))
        case .race(let r): return .report(try race(r, on: scenario, limits: limits, context: context))
        case .sensitivity(let r): return .report(try sensitivity(r, on: scenario, context: context))
        case .study(let r): return .report(study(r, on: scenario, context: context))
        case .report(let r): return .page(try report(r, on: scenario, limits: limits, context: context))
        }
    }

    /// `evaluate`; `export` receives each Monte Carlo draw's parameters and safety.
    public static func evaluate(
        _ request: EvaluateRequest, on scenario: Scenario, context: RunContext, export: (([Double]) -> Void)? = nil
    ) -> EvaluationReport {
        let named = request.allocation == nil ? request.at.map { point(at: $0, on: scenario, context: context) } : nil
        let given = request.allocation ?? named?.x
        let label =
            request.allocation != nil
            ? "from --allocation"
            : named.map { $0.label }
                ?? (scenario.allocation != nil ? "from the scenario file" : "status quo (every program at its minimum)")
        let exact = Evaluation(scenario: scenario, allocation: given)
        let sampled = request.samples.map {
            SampledEvaluation(
                scenario: scenario, allocation: given ?? scenario.currentAllocation,
                options: context.monteCarlo($0, seed: request.seed, label: "evaluate"), export: export)
        }
        var report = EvaluationReport(exact, scenario: scenario, allocationLabel: label, sampled: sampled)
        if request.allocation == nil, let at = request.at { report.flags = " --at \(at.rawValue)" }
        return report
    }

    /// `optimize`: the exact optimum, or the sample-average one with `samples`.
    public static func optimize(_ request: OptimizeRequest, on scenario: Scenario, context: RunContext) -> any Reportable {
        guard let samples = request.samples else {
            return OptimizationReport(context.optimum(of: scenario), scenario: scenario, verbose: request.verbose)
        }
        let result = SampledOptimization(
            scenario: scenario, measure: request.measure,
            options: context.monteCarlo(samples, seed: request.seed, label: "optimize"), spreadDraws: request.stabilityDraws)
        return SampledOptimizationReport(result, scenario: scenario)
    }

    /// The allocation a margins request is taken at, and how reports name it.
    static func point(_ request: MarginsRequest, on scenario: Scenario, context: RunContext) -> (x: [Double], label: String) {
        if let given = request.allocation { return (given, "the given allocation") }
        return point(at: request.at, on: scenario, context: context)
    }

    /// A named allocation of `scenario`, and how reports name it.
    static func point(at: MarginPoint, on scenario: Scenario, context: RunContext) -> (x: [Double], label: String) {
        switch at {
        case .statusQuo: return (scenario.statusQuo, "the status quo")
        case .optimal:
            return (context.optimum(of: scenario).allocation, "the optimal allocation")
        case .scenario: return (scenario.currentAllocation, "the scenario's allocation")
        }
    }

    /// `margins`.
    public static func margins(_ request: MarginsRequest, on scenario: Scenario, context: RunContext) -> MarginsReport {
        let (x, label) = point(request, on: scenario, context: context)
        let sampled = request.samples.map {
            SampledMargins(
                scenario: scenario, allocation: x, options: context.monteCarlo($0, seed: request.seed, label: "margins"))
        }
        let options =
            request.allocation != nil ? " --allocation …" : request.at == .statusQuo ? "" : " --at \(request.at.rawValue)"
        return MarginsReport(
            Margins(scenario: scenario, allocation: x), scenario: scenario, atLabel: label, sampled: sampled,
            atOptions: options)
    }

    /// `voi`.
    public static func voi(on scenario: Scenario, context: RunContext) -> ValueOfInformationReport {
        let voi = ValueOfInformation(scenario: scenario, options: context.optimizer, threads: context.threads)
        let problem = AllocationProblem(scenario: scenario)
        let experiments = scenario.experiments.map {
            ExperimentValue(
                experiment: $0, problem: problem, bestNow: voi.priorSafety, options: context.optimizer,
                threads: context.threads)
        }
        return ValueOfInformationReport(voi, scenario: scenario, experiments: experiments)
    }

    /// `plan`.
    /// - Throws: ``InputError`` at `experiment` when it names no experiment of the scenario.
    public static func plan(_ request: PlanRequest, on scenario: Scenario, context: RunContext) throws -> PlanReport {
        let experiment = try request.experiment(on: scenario)
        let plan = TwoStagePlan(
            experiment: experiment, problem: AllocationProblem(scenario: scenario), laterValue: request.laterValue,
            options: context.optimizer)
        return PlanReport(plan, scenario: scenario)
    }

    /// `robust`; `export` receives the header and then each draw's row of the CSV export.
    /// - Throws: ``InputError`` when the scenario has nothing uncertain, or at `discover`.
    public static func robust(
        _ request: RobustRequest, on scenario: Scenario, context: RunContext
    ) throws -> RobustReport {
        try scenario.requireUncertainty("robust scores allocations over draws of it")
        let event = try request.event(on: scenario)
        let result = Robustness(
            scenario: scenario,
            options: Robustness.Options(
                draws: request.draws, seed: request.seed, within: request.within, discover: event,
                threshold: request.threshold, switchPoints: request.switchPoints, threads: context.threads,
                progress: context.progress?("robust", request.draws), isCancelled: context.isCancelled))
        return RobustReport(result, scenario: scenario, discover: request.discover)
    }

    /// `race`.
    /// - Throws: ``InputError`` at `timeline.step` when the horizon holds more than `limits.raceSteps` steps
    ///   (without a position: whoever read the file places it, with `ScenarioFile.locating`).
    public static func race(
        _ request: RaceRequest, on scenario: Scenario, limits: Limits, context: RunContext
    ) throws -> RaceReport {
        let horizon = request.horizon ?? scenario.timeline.chartHorizon
        let steps = horizon / scenario.timeline.step
        guard steps <= Double(limits.raceSteps) else {
            throw InputError(
                path: "timeline.step",
                expected: "at most \(limits.raceSteps) steps over the horizon of \(InputError.show(horizon)) years",
                found: "steps of \(InputError.show(scenario.timeline.step)) years")
        }
        let named = request.allocation == nil ? request.at.map { point(at: $0, on: scenario, context: context) } : nil
        let result = RaceResult(
            scenario: scenario, allocation: request.allocation ?? named?.x ?? scenario.currentAllocation,
            options: context.monteCarlo(request.trajectories, seed: request.seed, label: "race"), horizon: horizon)
        return RaceReport(
            result, scenario: scenario, horizon: request.horizon, at: named.map { (request.at!.rawValue, $0.label) })
    }

    /// `sensitivity`.
    /// - Throws: ``InputError`` when the scenario has nothing uncertain.
    public static func sensitivity(
        _ request: SensitivityRequest, on scenario: Scenario, context: RunContext
    ) throws -> SensitivityReport {
        let result = try Sensitivity(
            scenario: scenario, allocation: request.allocation,
            options: context.monteCarlo(request.samples, seed: request.seed, label: "sensitivity"), bootstrap: request.bootstrap)
        return SensitivityReport(result, scenario: scenario, run: (request.samples, request.seed))
    }

    /// `study`.
    public static func study(_ request: StudyRequest, on given: Scenario, context: RunContext) -> StudyReport {
        let scenario = request.parameters == .medians ? given.atMedians : given
        let (beliefs, fromScenario) = request.beliefs(for: given)
        let study = Study(
            scenario: scenario,
            options: Study.Options(
                cases: request.cases, seed: request.seed, beliefs: beliefs, threads: context.threads, search: request.search,
                progress: context.progress?("study", request.cases), isCancelled: context.isCancelled))
        return StudyReport(study, scenario: scenario, concentrationFromScenario: fromScenario)
    }

    /// `report`: the whole page.
    /// - Throws: ``InputError`` when the race's horizon holds too many steps; `CancellationError`.
    public static func report(
        _ request: ReportRequest, on scenario: Scenario, limits: Limits, context: RunContext
    ) throws -> String {
        try ScenarioReport(scenario: scenario, source: request.source, file: request.file).html(
            options: ScenarioReport.Options(
                samples: request.samples, trajectories: request.trajectories, studyCases: request.studyCases,
                seed: request.seed, limits: limits),
            context: context)
    }
}
