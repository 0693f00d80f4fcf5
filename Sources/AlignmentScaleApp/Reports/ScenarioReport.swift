import AlignmentScale
import AlignmentScaleIO
import Foundation
import SVGCharts

/// `alignscale report`: one HTML file that stands alone — inline styles and charts, no script,
/// nothing fetched from anywhere — with every analysis of a scenario as a chart, a sentence or two
/// and a small table, the command that reproduces each section, and the scenario itself embedded
/// verbatim so that a reader can run it again (`alignscale report --extract-scenario`).
public struct ScenarioReport {
    /// What to include beyond the exact analyses.
    public struct Options: Sendable {
        /// Monte Carlo draws for the distribution of safety and the tornado (with an uncertain
        /// scenario, `nil` means a default number).
        public var samples: Int?
        /// Race trajectories (with a timeline, `nil` means a default number).
        public var trajectories: Int?
        /// Cases of a study (`nil`: no study).
        public var studyCases: Int?
        public var seed: UInt64
        /// Bounds the race's steps (the command line's or a server's).
        public var limits: Limits

        /// What the page holds; how it runs (threads, cancellation) is the run's ``RunContext``.
        public init(
            samples: Int? = nil, trajectories: Int? = nil, studyCases: Int? = nil, seed: UInt64 = Defaults.seed,
            limits: Limits = .commandLine
        ) {
            self.limits = limits
            self.samples = samples
            self.trajectories = trajectories
            self.studyCases = studyCases
            self.seed = seed
        }
    }

    /// Default Monte Carlo draws and race trajectories in a report (enough for smooth charts).
    public static let defaultSamples = 20_000
    public static let defaultTrajectories = 20_000
    /// Draws of the report's robustness section.
    public static let robustDraws = 200
    /// Experiments a report plans around (the first ones the scenario lists; each plan is an
    /// optimisation over both stages).
    public static let plannedExperiments = 3
    /// The id of the element holding the scenario's text.
    static let scenarioElement = "alignscale-scenario"

    public let scenario: Scenario
    /// The scenario file's text, as the user wrote it.
    public let source: String
    /// How the scenario is named in the commands that reproduce each section.
    public let file: String

    public init(scenario: Scenario, source: String, file: String) {
        self.scenario = scenario
        self.source = source
        self.file = file
    }

    /// The whole page.
    /// - Throws: ``InputError`` at `timeline.step` when the race's horizon holds more steps than
    ///   `options.limits` allow.
    public func html(options: Options, context: RunContext) throws -> String {
        var sections: [(id: String, document: ReportDocument)] = []
        let seed = options.seed
        /// Between sections: each section's own set-up (heuristics, margins) is not cancellable.
        func stopIfCancelled() throws { if context.isCancelled?() == true { throw CancellationError() } }
        let argument = file.contains(" ") ? "'\(file)'" : file

        // What to do, first: what to fund, what is net-negative for whom, how firm the advice is.
        let atOptimum = AnalysisRunner.margins(MarginsRequest(at: .optimal), on: scenario, context: context)
        let atStatusQuo = AnalysisRunner.margins(MarginsRequest(), on: scenario, context: context)
        try stopIfCancelled()
        let robust =
            scenario.isUncertain
            ? try AnalysisRunner.robust(
                RobustRequest(draws: Self.robustDraws, seed: seed, switchPoints: false), on: scenario, context: context) : nil
        try stopIfCancelled()
        sections.append(("advice", whatToDo(optimum: atOptimum, statusQuo: atStatusQuo, robust: robust)))

        // The scale and the beliefs: at the best allocation, with the status quo (or the scenario's own) beside.
        let evaluated = EvaluationReport(Evaluation(scenario: scenario), scenario: scenario, allocationLabel: allocationLabel)
        var atBest = AnalysisRunner.evaluate(EvaluateRequest(at: .optimal), on: scenario, context: context)
        atBest.beside = (allocationLabel, evaluated.evaluation)
        var scale = ReportDocument(title: "The scale and your beliefs")
        scale.text(
            "How hard aligning transformative AI is sits on a ladder of \(scenario.scale.levelCount) levels: at level k, "
                + "the technique family of level k is the least that suffices. The bars show how likely these beliefs find each "
                + "level, and how likely things go well if it is the true one: at the best allocation, where the advice "
                + "would be followed, and at \(allocationLabel) beside it.")
        scale.brief(atBest.brief, argument: argument)
        sections.append(("scale", scale))

        // The answer.
        try stopIfCancelled()
        var answer = ReportDocument(title: "The best allocation")
        if let objective = scenario.objectiveSentence { answer.text(objective) }
        answer.brief(AnalysisRunner.optimize(OptimizeRequest(), on: scenario, context: context).brief, argument: argument)
        sections.append(("answer", answer))

        // Margins: net-negative for whom.
        try stopIfCancelled()
        var margin = ReportDocument(title: "Which programs help at the margin, and for whom")
        margin.text(
            "A technique helps in the worlds where it suffices and can harm where it falls short, by making an unaligned "
                + "system look safe. It is net-negative for anyone with the same beliefs within each side who puts more than its "
                + "critical probability π* on it falling short: a bar that passes its diamond marks a technique net-negative "
                + "for these beliefs.")
        // At the best allocation, where the advice would be followed, with the status quo beside.
        func harmful(_ report: MarginsReport) -> String {
            let ids = report.margins.programs.filter(\.netNegative).map(\.id)
            return ids.isEmpty ? "no program is net-negative" : "net-negative: " + ids.joined(separator: ", ")
        }
        margin.text(
            "These margins are at the best allocation, where the advice would be followed (\(harmful(atOptimum))); at the "
                + "status quo, every program at its minimum, \(harmful(atStatusQuo)), as alignscale margins \(argument) prints.")
        margin.brief(atOptimum.brief, argument: argument)
        sections.append(("margins", margin))

        // Value of information.
        try stopIfCancelled()
        let voi = AnalysisRunner.voi(on: scenario, context: context)
        var learning = ReportDocument(title: "What learning first would be worth")
        learning.brief(voi.brief, argument: argument)
        sections.append(("voi", learning))

        // What would change our minds: evidence seen, experiments that could be run, and plans around them.
        try stopIfCancelled()
        if !scenario.evidence.isEmpty || !scenario.experiments.isEmpty {
            var minds = ReportDocument(title: "What would change our minds")
            if let sentence = evaluated.evidenceSentence, let chart = evaluated.evidenceChart {
                minds.text(sentence)
                minds.chart(chart.svg())
                minds.command("alignscale evaluate \(argument)")
            }
            if !voi.experiments.isEmpty {
                minds.text(
                    "Experiments the scenario could run before spending: what each is worth after paying for it, what it "
                        + "would be worth for free, and the most it could cost and still be worth running.")
                minds.table(voi.experimentTable)
                if let chart = voi.costChart { minds.chart(chart.svg()) }
                minds.command("alignscale voi \(argument)")
                for experiment in scenario.experiments.prefix(Self.plannedExperiments) {
                    try stopIfCancelled()
                    minds.text("Act now or learn first, around \(experiment.id):")
                    minds.brief(
                        try AnalysisRunner.plan(PlanRequest(experiment: experiment.id), on: scenario, context: context).brief,
                        argument: argument)
                }
            }
            sections.append(("learning", minds))
        }

        // Orderings.
        try stopIfCancelled()
        if evaluated.evaluation.hasOrderings {
            var orderings = ReportDocument(title: "Disputed orderings of the techniques")
            orderings.text(
                "The scenario gives credence to orderings of the technique families other than the scale's own. Safety if each "
                    + "ordering is the true one, at the best allocation:")
            orderings.chart(atBest.orderingChart.svg())
            orderings.table(atBest.orderingTable)
            if let value = voi.voi.ordering {
                orderings.text(
                    "Learning which ordering is right before spending would be worth \(Show.points(value, digits: 3)).")
            }
            orderings.command("alignscale evaluate \(argument) --at optimal")
            sections.append(("orderings", orderings))
        }

        // Uncertainty.
        try stopIfCancelled()
        if scenario.isUncertain || options.samples != nil {
            let samples = options.samples ?? Self.defaultSamples
            var uncertainty = ReportDocument(title: "Under uncertainty")
            // At the best allocation, with the scenario's own (or the status quo) beside, on the same draws.
            if scenario.isUncertain,
                let sampled = AnalysisRunner.evaluate(
                    EvaluateRequest(at: .optimal, samples: samples, seed: seed), on: scenario, context: context
                ).sampled,
                let beside = AnalysisRunner.evaluate(
                    EvaluateRequest(samples: samples, seed: seed), on: scenario, context: context
                ).sampled
            {
                func spread(_ s: SampledEvaluation) -> String {
                    "\(Show.sampled(s.mean, s.standardError)) on average, the middle 90% of draws between "
                        + "\(Show.percent(s.percentiles[0], digits: 1)) and \(Show.percent(s.percentiles[4], digits: 1))"
                }
                uncertainty.text(
                    "Over \(samples) draws of the uncertain parameters, safety at the best allocation is \(spread(sampled)); "
                        + "at \(allocationLabel) it is \(spread(beside)).")
                uncertainty.chart(sampled.histogramChart(scenario: scenario).svg())
                uncertainty.command("alignscale evaluate \(argument) --at optimal --samples \(samples) --seed \(seed)")
                if !scenario.uncertainty.parameters.isEmpty,
                    let sensitivity = try? AnalysisRunner.sensitivity(
                        SensitivityRequest(samples: min(samples, 2048), bootstrap: 50, seed: seed), on: scenario, context: context
                    )
                {
                    uncertainty.brief(sensitivity.brief, argument: argument)
                }
            } else {
                uncertainty.text(
                    "Every parameter of this scenario is a fixed number, so there is nothing to sample: write a parameter as a "
                        + "distribution (such as \"10 to 40\") to see how uncertain the answer is.")
            }
            sections.append(("uncertainty", uncertainty))
        }

        // How firm the advice is.
        try stopIfCancelled()
        if let robust {
            var firm = ReportDocument(title: "How firm is this advice?")
            firm.brief(robust.brief, argument: argument)
            sections.append(("robust", firm))
        }

        // The race.
        try stopIfCancelled()
        if scenario.hasTimeline || options.trajectories != nil {
            let request = RaceRequest(
                trajectories: options.trajectories ?? Self.defaultTrajectories, seed: seed,
                horizon: scenario.timeline.chartHorizon)
            var race = ReportDocument(title: "The race over time")
            race.brief(
                try AnalysisRunner.race(request, on: scenario, limits: options.limits, context: context).brief,
                argument: argument)
            sections.append(("race", race))
        }

        // The study.
        try stopIfCancelled()
        if let cases = options.studyCases {
            var study = ReportDocument(title: "Across \(cases) belief profiles near these")
            study.brief(
                AnalysisRunner.study(StudyRequest(cases: cases, seed: seed), on: scenario, context: context).brief,
                argument: argument)
            sections.append(("study", study))
        }

        return page(sections: sections)
    }

    /// The report's first section, three sentences: what to fund (the optimum), what is
    /// net-negative at the margin for these beliefs and for whom (each technique's π*, the
    /// lowest first), and how firm the advice is (with uncertain numbers, the amounts within
    /// 1 pp of the best and how often the best allocation at the medians stays within 1 pp of each
    /// draw's own best; otherwise that nothing is uncertain to measure it by).
    func whatToDo(optimum: MarginsReport, statusQuo: MarginsReport, robust: RobustReport?) -> ReportDocument {
        var advice = ReportDocument(title: "What to do")
        let best = optimum.margins
        let gain = best.safety - statusQuo.margins.safety
        let names = Dictionary(
            scenario.programs.map { ($0.id, $0.name.isEmpty ? $0.id : $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ j: Int) -> String { names[scenario.programs[j].id] ?? scenario.programs[j].id }
        func joined(_ parts: [String]) -> String {
            parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
        // Programs by amount, largest first, leaving out what prints as 0 and what the minimums hold.
        let funded = best.allocation.indices
            .filter { Show.amount(best.allocation[$0] - scenario.minimums[$0]) != "0" }
            .sorted { best.allocation[$0] > best.allocation[$1] }
        let fund =
            funded.isEmpty
            ? "Fund nothing beyond the minimums: no program raises safety (\(Show.exact(best.safety)))."
            : "Fund " + joined(funded.map { "\(name($0)) with \(Show.amount(best.allocation[$0]))" })
                + " (of a budget of \(Show.amount(scenario.budget))): safety \(Show.exact(best.safety)), "
                + "\(Show.points(gain)) over \(allocationLabel)."
        let harmful = best.programs.filter(\.netNegative).map { names[$0.id] ?? $0.id }
        let levels = Dictionary(scenario.programs.map { ($0.id, $0.level) }, uniquingKeysWith: { a, _ in a })
        let critical = best.programs.compactMap { m in
            m.criticalProbability.flatMap { pi in levels[m.id].flatMap { $0 }.map { (names[m.id] ?? m.id, pi, $0) } }
        }.sorted { $0.1 < $1.1 }.prefix(2)
        var harm =
            harmful.isEmpty
            ? "At that allocation no program is net-negative at the margin for these beliefs"
            : "At that allocation \(joined(harmful)) \(harmful.count == 1 ? "is" : "are") net-negative at the margin for "
                + "these beliefs"
        harm +=
            critical.isEmpty
            ? "."
            : "; "
                + joined(
                    critical.map {
                        "\($0.0) would be for anyone who puts more than \(Show.percent($0.1)) on the difficulty being above level \($0.2)"
                    }) + "."
        let firm: String
        if let robust {
            let result = robust.result
            let tolerance = "\(Show.amount(100 * result.options.within)) pp"
            let ranges = result.ranges.filter { range in funded.contains(range.program) }
                .map { "\(names[$0.id] ?? $0.id) \(Show.amount($0.low)) to \(Show.amount($0.high))" }
            let widest = result.ranges.filter { !funded.contains($0.program) }.max { $0.high < $1.high }
            let others = widest.map { " (and any other program up to \(Show.amount($0.high)), \(names[$0.id] ?? $0.id))" } ?? ""
            let median = result.candidates.first { $0.name == Robustness.medianOptimumName }
            firm =
                "Allocations within \(tolerance) of the best can give " + joined(ranges) + others + "; over "
                + "\(result.options.draws) draws of the uncertain numbers, the allocation above stays within \(tolerance) of "
                + "each draw's own best in \(Show.percent(median?.within ?? 0, digits: 0)) of them."
        } else {
            firm =
                "Every number of this scenario is fixed, so how firm this advice is cannot be measured here: write the "
                + "numbers you are unsure of as spreads (such as \"10 to 40\") and the report adds it."
        }
        advice.text(fund + " " + harm + " " + firm)
        return advice
    }

    var allocationLabel: String {
        scenario.allocation == nil ? "the status quo" : "the scenario's allocation"
    }

    func page(sections: [(id: String, document: ReportDocument)]) -> String {
        let title = scenario.name.isEmpty ? "AlignmentScale report" : "AlignmentScale report: \(scenario.name)"
        var body = "<header>\n<h1>\(HTML.escape(title))</h1>\n"
        body +=
            "<p class=\"lede\">What follows from one set of beliefs about how hard it is to align transformative AI: "
            + "the chance that things go well, the allocation of \(HTML.escape(Show.amount(scenario.budget))) that makes it "
            + "highest, which programs help or harm at the margin, and what learning the answer first would be worth. "
            + "The numbers are this scenario's, not anyone's considered estimate unless its author says so.</p>\n"
        body += "<nav class=\"contents no-print\"><ol>\n"
        for section in sections {
            body += "<li><a href=\"#\(section.id)\">\(HTML.escape(section.document.title))</a></li>\n"
        }
        body += "<li><a href=\"#scenario\">The scenario</a></li>\n</ol></nav>\n</header>\n"
        for section in sections { body += section.document.htmlSection(id: section.id) }
        body += "<section id=\"scenario\">\n<h2>The scenario</h2>\n"
        body +=
            "<p>Every number above comes from this file. Save it (or run <code>alignscale report --extract-scenario "
            + "THIS-REPORT.html &gt; scenario.yaml</code>) and run the commands under each section to reproduce them.</p>\n"
        body +=
            "<p>The model's structural choices, as this scenario sets them (the documentation's Assumptions article "
            + "lists each with the field that relaxes it):</p>\n<ul>\n"
            + scenario.assumptionSentences.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n"
        body +=
            "<details><summary>\(HTML.escape(file))</summary>\n<pre id=\"\(Self.scenarioElement)\">\(HTML.escape(source, keepingControls: true))</pre>\n</details>\n</section>\n"
        body += "<footer>Made with alignscale \(HTML.escape(Version.current)). No part of this page fetches anything.</footer>\n"
        return HTML.page(title: title, body: body)
    }

    /// The scenario text embedded in a report made by ``html(options:)``.
    /// - Throws: ``InputError`` when the page holds no scenario.
    public static func extractScenario(from html: String, file: String) throws -> String {
        let opening = "<pre id=\"\(scenarioElement)\">"
        guard let start = html.range(of: opening), let end = html.range(of: "</pre>", range: start.upperBound..<html.endIndex)
        else {
            throw InputError(
                .invalid, location: SourceLocation(file: file), path: "", expected: "a report written by alignscale report",
                found: "no embedded scenario")
        }
        return HTML.unescape(String(html[start.upperBound..<end.lowerBound]))
    }
}
