import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import ArgumentParser

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "The exact safety of an allocation, level by level.",
        discussion: """
            Uses the scenario's `allocation`, or the status quo (every program at its minimum), or \
            --allocation. Safety is the chance transformative AI goes well, averaged over your \
            beliefs about the level; the table shows it per level and each program's readiness.
            """)

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var allocation: AllocationOption

    @Option(
        name: .long,
        help: "Evaluate at status-quo, optimal, or scenario (the file's allocation) instead; --allocation overrides it.")
    var at: MarginPoint?

    @OptionGroup var sampling: SamplingOptions

    @Option(
        name: .customLong("export-samples"),
        help: ArgumentHelp(
            "With --samples: write every sample's drawn parameters and safety to this CSV file.", valueName: "file.csv"))
    var exportSamples: String?

    @OptionGroup var output: FormatOption

    func request(allocation x: [Double]?) -> EvaluateRequest {
        EvaluateRequest(allocation: x, at: at, samples: sampling.samples, seed: sampling.run.seed)
    }

    func validate() throws {
        try check(.evaluate(request(allocation: nil)))
        if exportSamples != nil && sampling.samples == nil {
            throw ValidationError("--export-samples needs --samples N")
        }
    }

    func run() throws {
        let file = try input.read()
        let scenario = file.scenario
        let request = request(allocation: try allocation.resolve(for: scenario))
        guard let exportSamples else {
            try emit(.evaluate(request), on: file, context: sampling.run.context, format: output.format)
            return
        }
        let columns = ParameterSampler(scenario: scenario).columns + ["safety"]
        let text = try SampleExport.write(to: exportSamples, columns: columns) { write in
            AnalysisRunner.evaluate(request, on: scenario, context: sampling.run.context, export: write).rendered(output.format)
        }
        try emit(text)
    }
}

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "The allocation that maximises safety, and what simple rules lose against it.",
        discussion: """
            Maximises safety subject to the budget and each program's bounds, from several starting \
            points (safety is not concave: backfire makes some spending harmful). Reports the \
            multiplier λ (safety per extra unit of budget), a check of the optimality conditions, \
            and five heuristics with their regret: status-quo, equal, favorite-level, \
            past-the-margin and greedy-margin.
            """)

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var sampling: SamplingOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --samples: what to maximise over the draws, mean or cvar:ALPHA.",
            discussion:
                "mean maximises expected safety. cvar:ALPHA maximises the mean safety of the worst ALPHA fraction of draws (0 < ALPHA ≤ 1), for someone who fears being wrong about the parameters.",
            valueName: "mean|cvar:ALPHA"),
        transform: { text in
            do {
                return try OptionText.measure(text, path: "--objective")
            } catch let error as InputError {
                throw ValidationError("--objective must be \(error.expected) (found \(error.found))")
            }
        })
    var objective: RiskMeasure = .mean

    @Option(
        name: .customLong("stability-draws"), parsing: .unconditional,
        help: "With --samples: how many draws to optimise one by one to show how stable the answer is.")
    var stabilityDraws: Int = SampledOptimization.spreadDraws

    @Flag(name: .long, help: "Also explain the optimality check (the KKT conditions) in the table.")
    var verbose = false

    @OptionGroup var output: FormatOption

    var request: OptimizeRequest {
        OptimizeRequest(
            samples: sampling.samples, seed: sampling.run.seed, measure: objective, stabilityDraws: stabilityDraws,
            verbose: verbose)
    }

    func validate() throws { try check(.optimize(request)) }

    func run() throws {
        try emit(.optimize(request), on: try input.read(), context: sampling.run.context, format: output.format)
    }
}

struct MarginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margins",
        abstract: "Which programs help or harm at the margin, and for whom.",
        discussion: """
            The marginal value of a program is the safety gained from one more unit of resource. \
            For a technique at level ℓ it mixes worlds where it suffices (k ≤ ℓ, where it helps) \
            and harder ones (k > ℓ, where it may reassure falsely). The critical probability π* \
            says how pessimistic someone must be for the technique to become net-negative: it is \
            net-negative for anyone with the same beliefs within each side who puts more than π* \
            on it falling short.
            """)

    @OptionGroup var input: ScenarioArgument

    @Option(name: .long, help: "Where to take the margins: status-quo (default), optimal, or scenario (the file's allocation).")
    var at: MarginPoint = .statusQuo

    @OptionGroup var allocation: AllocationOption
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var output: FormatOption

    func request(allocation x: [Double]?) -> MarginsRequest {
        MarginsRequest(at: at, allocation: x, samples: sampling.samples, seed: sampling.run.seed)
    }

    func validate() throws { try check(.margins(request(allocation: nil))) }

    func run() throws {
        let file = try input.read()
        try emit(
            .margins(request(allocation: try allocation.resolve(for: file.scenario))), on: file,
            context: sampling.run.context, format: output.format)
    }
}

struct VoiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voi",
        abstract: "What learning the true level (or its band, or a threshold) would be worth.",
        discussion: """
            EVPI is the safety gained by learning the exact level before allocating, then \
            reallocating optimally. Partial signals: the band, and each threshold (is k ≤ 3? is \
            k ≤ 7?). Each comes with the optimal allocation under every answer. The answers' \
            optimisations are independent, so --threads changes only how fast it runs.
            """)

    @OptionGroup var input: ScenarioArgument
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var output: FormatOption

    func run() throws {
        try emit(.voi, on: try input.read(), context: RunContext(threads: threads.threads), format: output.format)
    }
}

extension MarginPoint: ExpressibleByArgument {}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Act now or learn first: spend in two stages around one of the scenario's experiments.",
        discussion: """
            Part of the budget is spent now; the experiment is run (its cost comes out of the \
            budget) and its result seen; the rest is spent after, where each unit counts only \
            --later-value of a unit spent now (less time is left to use it). The plan chooses \
            what to spend now and what to add after each result, exactly, and compares it with \
            acting now (spend everything, skip the experiment) and learning first (only the \
            minimums until the result). worth_running is false when no plan beats acting now.

            The scenario lists experiments under `experiments:` (see `alignscale init`). \
            Example: alignscale plan Benchmarks/scenarios/deception-eval.yaml --experiment deception-eval
            """)

    @OptionGroup var input: ScenarioArgument

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The experiment's id (optional when the scenario lists exactly one).", valueName: "id"))
    var experiment: String?

    @Option(
        name: .customLong("later-value"), parsing: .unconditional,
        help: ArgumentHelp(
            "What a unit spent after the result counts, against a unit spent now, in (0, 1].", valueName: "δ"))
    var laterValue: Double = Defaults.laterValue

    @OptionGroup var output: FormatOption

    var request: PlanRequest { PlanRequest(experiment: experiment, laterValue: laterValue) }

    func validate() throws { try check(.plan(request)) }

    func run() throws {
        try emit(.plan(request), on: try input.read(), context: RunContext(threads: 1), format: output.format)
    }
}
