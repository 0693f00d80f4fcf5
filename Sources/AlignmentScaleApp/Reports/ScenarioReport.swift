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
        public var threads: Int
        public var isCancelled: (@Sendable () -> Bool)?
        /// Bounds the race's steps (the command line's or a server's).
        public var limits: Limits

        public init(
            samples: Int? = nil, trajectories: Int? = nil, studyCases: Int? = nil, seed: UInt64 = Defaults.seed,
            threads: Int = ProcessInfo.processInfo.activeProcessorCount, isCancelled: (@Sendable () -> Bool)? = nil,
            limits: Limits = .commandLine
        ) {
            self.limits = limits
            self.samples = samples
            self.trajectories = trajectories
            self.studyCases = studyCases
            self.seed = seed
            self.threads = threads
            self.isCancelled = isCancelled
        }
    }

    /// Default Monte Carlo draws and race trajectories in a report (enough for smooth charts).
    public static let defaultSamples = 20_000
    public static let defaultTrajectories = 20_000
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
    public func html(options: Options) throws -> String {
        var sections: [(id: String, document: ReportDocument)] = []
        let seed = options.seed
        /// Between sections: each section's own set-up (heuristics, margins) is not cancellable.
        func stopIfCancelled() throws { if options.isCancelled?() == true { throw CancellationError() } }
        let argument = file.contains(" ") ? "'\(file)'" : file

        // The scale and the beliefs.
        let evaluation = Evaluation(scenario: scenario)
        let evaluated = EvaluationReport(evaluation, scenario: scenario, allocationLabel: allocationLabel)
        var scale = ReportDocument(title: "The scale and your beliefs")
        scale.text(
            "How hard aligning transformative AI is sits on a ladder of \(scenario.scale.levelCount) levels: at level k, "
                + "the technique family of level k is the least that suffices. The bars show how likely these beliefs find each "
                + "level, and how likely things go well if it is the true one at \(allocationLabel).")
        scale.chart(evaluated.ladderChart.svg())
        scale.text(
            "Safety at \(allocationLabel): \(Show.exact(evaluation.safety)) — the chance that transformative AI goes well.")
        scale.table(evaluated.levelTable())
        scale.command("alignscale evaluate \(argument)")
        sections.append(("scale", scale))

        // The answer.
        try stopIfCancelled()
        let optimum = Optimum(scenario: scenario, options: Optimizer.Options(isCancelled: options.isCancelled))
        let view = OptimizationReport(optimum, scenario: scenario)
        var answer = ReportDocument(title: "The best allocation")
        let statusQuo = optimum.heuristics.first { $0.heuristic == .statusQuo }!.safety
        let pastMargin = optimum.heuristics.first { $0.heuristic == .pastTheMargin }!
        answer.text(
            "Spending the budget of \(Show.amount(scenario.budget)) as below gives safety \(Show.exact(optimum.safety)), "
                + "\(Show.points(optimum.safety - statusQuo)) over the status quo (\(Show.exact(statusQuo))). Promoting every "
                + "technique past the frontier equally gives \(Show.exact(pastMargin.safety)), \(Show.loss(pastMargin.regret)) less."
        )
        answer.chart(view.allocationChart.svg())
        answer.chart(view.safetyChart.svg())
        var rules = TextTable(["allocation", "safety", "loses", "what it funds"], alignments: [.left, .right, .right, .left])
        rules.append(["optimal", Show.exact(optimum.safety), "0 pp", scenario.compact(optimum.allocation)])
        for row in optimum.heuristics {
            rules.append([
                row.heuristic.rawValue, Show.exact(row.safety), Show.loss(row.regret), scenario.compact(row.allocation),
            ])
        }
        answer.table(rules)
        answer.command("alignscale optimize \(argument)")
        sections.append(("answer", answer))

        // Margins: net-negative for whom.
        try stopIfCancelled()
        let margins = Margins(scenario: scenario)
        let marginsReport = MarginsReport(margins, scenario: scenario, atLabel: "the status quo")
        var margin = ReportDocument(title: "Which programs help at the margin, and for whom")
        margin.text(
            "A technique helps in the worlds where it suffices and can harm where it falls short, by making an unaligned "
                + "system look safe. It is net-negative for anyone with the same beliefs within each side who puts more than its "
                + "critical probability π* on it falling short: a bar that passes its diamond marks a technique net-negative "
                + "for these beliefs.")
        margin.chart(marginsReport.criticalChart.svg())
        margin.chart(marginsReport.marginalChart.svg())
        var marginTable = TextTable(
            ["program", "marginal (pp/unit)", "P(falls short)", "π*"], alignments: [.left, .right, .right, .right])
        for row in margins.programs {
            marginTable.append([
                row.id, Show.small(100 * row.marginal), row.harderProbability.map { Show.percent($0) } ?? "–",
                row.criticalProbability.map { Show.percent($0) } ?? "–",
            ])
        }
        margin.table(marginTable)
        margin.command("alignscale margins \(argument)")
        sections.append(("margins", margin))

        // Value of information.
        try stopIfCancelled()
        let voi = ValueOfInformation(scenario: scenario, options: Optimizer.Options(isCancelled: options.isCancelled))
        let voiReport = ValueOfInformationReport(voi, scenario: scenario)
        var learning = ReportDocument(title: "What learning first would be worth")
        learning.text(
            "If the true level (or band, or side of a threshold\(voi.ordering == nil ? "" : ", or ordering")) were known "
                + "before spending, the budget could follow it. The value of perfect information is "
                + "\(Show.points(voi.evpi, digits: 3)) of safety.")
        learning.chart(voiReport.chart.svg())
        var voiTable = TextTable(["what you learn", "value"], alignments: [.left, .right])
        for (question, value) in voiReport.values { voiTable.append([question, Show.points(value, digits: 3)]) }
        learning.table(voiTable)
        learning.command("alignscale voi \(argument)")
        sections.append(("voi", learning))

        // Orderings.
        try stopIfCancelled()
        if evaluation.hasOrderings {
            var orderings = ReportDocument(title: "Disputed orderings of the techniques")
            orderings.text(
                "The scenario gives credence to orderings of the technique families other than the scale's own. Safety if each "
                    + "ordering is the true one, at \(allocationLabel):")
            orderings.chart(Self.orderingChart(evaluation).svg())
            var table = TextTable(["ordering", "credence", "P(safe | ordering)"], alignments: [.left, .right, .right])
            for row in evaluation.orderings { table.append([row.name, Show.percent(row.credence), Show.exact(row.safety)]) }
            orderings.table(table)
            if let value = voi.ordering {
                orderings.text(
                    "Learning which ordering is right before spending would be worth \(Show.points(value, digits: 3)).")
            }
            orderings.command("alignscale evaluate \(argument)")
            sections.append(("orderings", orderings))
        }

        // Uncertainty.
        try stopIfCancelled()
        if scenario.isUncertain || options.samples != nil {
            let samples = options.samples ?? Self.defaultSamples
            let monteCarlo = MonteCarloOptions(
                samples: samples, seed: seed, threads: options.threads, isCancelled: options.isCancelled)
            let sampled = SampledEvaluation(scenario: scenario, allocation: scenario.currentAllocation, options: monteCarlo)
            var uncertainty = ReportDocument(title: "Under uncertainty")
            if scenario.isUncertain {
                uncertainty.text(
                    "Over \(samples) draws of the uncertain parameters, safety at \(allocationLabel) is "
                        + "\(Show.sampled(sampled.mean, sampled.standardError)) on average; the middle 90% of draws lie between "
                        + "\(Show.percent(sampled.percentiles[0], digits: 1)) and \(Show.percent(sampled.percentiles[4], digits: 1))."
                )
                uncertainty.chart(sampled.histogramChart(scenario: scenario).svg())
                uncertainty.command("alignscale evaluate \(argument) --samples \(samples) --seed \(seed)")
                if !scenario.uncertainty.parameters.isEmpty,
                    let sensitivity = try? Sensitivity(
                        scenario: scenario,
                        options: MonteCarloOptions(
                            samples: min(samples, 2048), seed: seed, threads: options.threads, isCancelled: options.isCancelled),
                        bootstrap: 50)
                {
                    uncertainty.text(
                        "The tornado moves one parameter at a time to its 5th and 95th percentile and re-solves the optimum: "
                            + "the widest bars are the parameters the answer depends on most.")
                    uncertainty.chart(sensitivity.tornadoChart(scenario: scenario, limit: 12).svg())
                    uncertainty.command("alignscale sensitivity \(argument) --samples \(min(samples, 2048)) --seed \(seed)")
                }
            } else {
                uncertainty.text(
                    "Every parameter of this scenario is a fixed number, so there is nothing to sample: write a parameter as a "
                        + "distribution (such as \"10 to 40\") to see how uncertain the answer is.")
            }
            sections.append(("uncertainty", uncertainty))
        }

        // The race.
        try stopIfCancelled()
        if scenario.hasTimeline || options.trajectories != nil {
            let trajectories = options.trajectories ?? Self.defaultTrajectories
            let horizon = scenario.timeline.chartHorizon
            let race = try AnalysisRunner.race(
                RaceRequest(trajectories: trajectories, seed: seed, horizon: horizon), on: scenario, limits: options.limits,
                context: RunContext(threads: options.threads, isCancelled: options.isCancelled)
            ).result
            var raceSection = ReportDocument(title: "The race over time")
            raceSection.text(
                "Year by year, the level systems need rises towards the true level as transformative AI approaches, while the "
                    + "state of the art rises as techniques become usable. Safety when it arrives: "
                    + "\(Show.sampled(race.safety, race.standardError)); no gap before it arrives in "
                    + "\(Show.percent(race.noGap, digits: 1)) of \(trajectories) trajectories.")
            raceSection.chart(race.chart(scenario: scenario).svg())
            raceSection.command(
                "alignscale race \(argument) --trajectories \(trajectories) --seed \(seed) --horizon \(InputError.show(horizon))"
            )
            sections.append(("race", raceSection))
        }

        // The study.
        try stopIfCancelled()
        if let cases = options.studyCases {
            let study = Study(
                scenario: scenario,
                options: Study.Options(cases: cases, seed: seed, threads: options.threads, isCancelled: options.isCancelled))
            let (first, second) = study.answers(scenario: scenario)
            var studySection = ReportDocument(title: "Across \(cases) belief profiles near these")
            studySection.text("What modelling the optimal allocation gives. \(first)")
            studySection.text("Whether to promote anything past the present margin. \(second)")
            for (_, svg) in study.charts(scenario: scenario) { studySection.chart(svg) }
            studySection.command("alignscale study \(argument) --cases \(cases) --seed \(seed)")
            sections.append(("study", studySection))
        }

        return page(sections: sections)
    }

    var allocationLabel: String {
        scenario.allocation == nil ? "the status quo" : "the scenario's allocation"
    }

    static func orderingChart(_ evaluation: Evaluation) -> BarChartBuilder {
        BarChartBuilder(
            title: "Safety if each ordering is the true one",
            rows: evaluation.orderings.map { ("\($0.name) (credence \(Show.percent($0.credence)))", $0.safety) })
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

/// A one-series horizontal bar chart of probabilities, for small report sections.
struct BarChartBuilder {
    let title: String
    let rows: [(String, Double)]

    func svg() -> String {
        var chart = BarChart(
            title: title, xLabel: "chance that transformative AI goes well",
            series: [.init(name: "safety", color: "#2f6fbf")], rows: rows.map { BarChart.Row(label: $0.0, values: [$0.1]) })
        chart.include = [0, 1]
        chart.labelScale = 100
        chart.labelSuffix = "%"
        chart.labelWidth = 330
        return chart.svg()
    }
}
