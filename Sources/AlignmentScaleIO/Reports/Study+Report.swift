import AlignmentScale
import Foundation

extension Study {
    /// The JSON of AlignmentScale.docc/TheStudy.md: cases, concentration, heuristics, the margin claim, programs and
    /// shares by difficulty (regrets in probability units, like `safety`), and `search` (which
    /// search ran, and how many cases searched from every start).
    public func json(scenario: Scenario) -> JSONValue {
        let ids = scenario.programs.map(\.id)
        let concentration: JSONValue
        switch options.beliefs {
        case .concentrated(let kappa): concentration = .number(kappa)
        case .uniform: concentration = .null
        }
        let search: [(String, JSONValue)] = [
            ("search", .object([("mode", .string(options.search.rawValue)), ("full_searches", .integer(fullSearches))]))
        ]
        return .object(
            [
                ("cases", .integer(cases.count)), ("concentration", concentration),
                ("beliefs", .string(options.beliefs == .uniform ? "uniform" : "dirichlet")),
                ("seed", .number(Double(options.seed))),
            ] + search + [
                ("heuristics", heuristicTable.json),
                (
                    "margin_claim",
                    .object([
                        ("status_quo", .number(marginClaim.statusQuo)), ("optimum", .number(marginClaim.optimum)),
                        (
                            "net_negative_at_status_quo",
                            .object(
                                zip(marginClaim.techniques, marginClaim.netNegativeAtStatusQuo).map { (ids[$0], .number($1)) })
                        ),
                    ])
                ),
                ("programs", programTable(scenario: scenario).json),
                (
                    "by_difficulty",
                    .object([
                        ("bin_edges", .numbers(byDifficulty.binEdges)),
                        ("cases", .array(byDifficulty.cases.map { .integer($0) })),
                        ("shares", .object(zip(ids, byDifficulty.shares).map { ($0, .array($1.map { .number($0) })) })),
                    ])
                ),
            ])
    }

    /// The quick search's starts, in words: the one wording the report, `--help` and the web API's
    /// parameter text share.
    public static let quickSearchStarts =
        "the status quo, the equal split, the five rules' allocations, the two programs that do best alone "
        + "and the three that do best with what they require"

    /// How each case's optimum was searched for, in words.
    public var searchNote: String {
        switch options.search {
        case .quick:
            "Quick search: each case's optimum was searched from \(Study.quickSearchStarts), and from every start "
                + "when those reached different optima (\(fullSearches) of \(cases.count) cases). "
                + "Agreement among a few starts is evidence, not proof, that no better optimum exists."
        case .full:
            "Full search: each case's optimum was searched from every start of the multi-start optimiser, "
                + "as the optimize command searches."
        }
    }

    /// What each simple rule loses against the optimum, in every format (regrets in probability
    /// units; the text table in percentage points).
    var heuristicTable: ColumnTable<HeuristicSummary> {
        ColumnTable(
            [
                .string("name", header: "heuristic") { $0.heuristic.rawValue },
                .number("mean_regret", header: "mean regret", shown: { Show.loss($0) }) { $0.meanRegret },
                .number("median_regret", header: "median", shown: { Show.loss($0) }) { $0.medianRegret },
                .number("p95_regret", header: "95th pct", shown: { Show.loss($0) }) { $0.p95Regret },
                .number("within_1pp", header: "within 1 pp", shown: { Show.percent($0) }) { $0.withinOnePoint },
                .number("best", header: "best rule", shown: { Show.percent($0) }) { $0.best },
            ], rows: heuristics)
    }

    /// Each program across the cases, in every format; the text table adds its level and marks the
    /// techniques past the frontier.
    func programTable(scenario: Scenario) -> ColumnTable<(offset: Int, element: ProgramSummary)> {
        let past = Set(marginClaim.techniques)
        return ColumnTable(
            [
                .string(
                    "id", header: "program", text: { $0.element.id + (past.contains($0.offset) ? " (past the frontier)" : "") }
                ) { $0.element.id },
                .textOnly("level") { scenario.levelLabel(scenario.programs[$0.offset]) },
                .number("funded", header: "funded (>1%)", shown: { Show.percent($0) }) { $0.element.funded },
                .number("mean_share", header: "mean share", shown: { Show.percent($0) }) { $0.element.meanShare },
                .number("net_negative_at_status_quo", header: "net-negative at status quo", shown: { Show.percent($0) }) {
                    $0.element.netNegativeAtStatusQuo
                },
            ], rows: Array(programs.enumerated()))
    }

    /// The two answers in one sentence each, for tables, reports and the explorer.
    public func answers(scenario: Scenario) -> (optimum: String, margin: String) {
        let rule = { (h: Heuristic) in heuristics.first { $0.heuristic == h }! }
        let pastMargin = rule(.pastTheMargin)
        let greedy = rule(.greedyMargin)
        // The rules that allocate without the model's numbers (greedy-margin follows its marginal values).
        let modelFree = heuristics.filter { $0.heuristic != .statusQuo && $0.heuristic != .greedyMargin }
        let bestFree = modelFree.min { $0.meanRegret < $1.meanRegret }!
        let optimum =
            "Across \(cases.count) belief profiles, the optimal allocation is \(Show.loss(pastMargin.meanRegret)) safer than "
            + "\"promote anything past the margin\" on average (median \(Show.loss(pastMargin.medianRegret)), 95th percentile "
            + "\(Show.loss(pastMargin.p95Regret))) and \(Show.loss(bestFree.meanRegret)) safer than the best rule that does "
            + "not use the model (\(bestFree.heuristic.rawValue)); following the model's marginal values in small steps "
            + "(greedy-margin) comes within \(Show.loss(greedy.meanRegret)) of it on average."
        let margin: String
        if let statusQuo = marginClaim.statusQuo, let atOptimum = marginClaim.optimum {
            let worst = zip(marginClaim.techniques, marginClaim.netNegativeAtStatusQuo).max { $0.1 < $1.1 }!
            margin =
                "Every technique past the frontier has a positive marginal value at the status quo in "
                + "\(Show.percent(statusQuo)) of them (\(Show.percent(atOptimum)) at the optimum); the one most often "
                + "net-negative is \(scenario.programs[worst.0].id), in \(Show.percent(worst.1))."
        } else {
            margin =
                "The scenario has no technique past the frontier (level above \(InputError.show(scenario.frontier))), so the claim "
                + "about promoting anything past the margin does not apply."
        }
        return (optimum, margin)
    }

    /// One row per case (AlignmentScale.docc/TheStudy.md): `case,p1,…,pN,` the drawn parameters by path, the
    /// optimum's and each heuristic's safety, `x.ID` for the optimal amounts and `marginal.ID`
    /// for the marginal values at the status quo.
    public func exportRows(scenario: Scenario) -> (header: [String], rows: [[Double]]) {
        let ids = scenario.programs.map(\.id)
        let header =
            ["case"] + scenario.beliefs.indices.map { "p\($0 + 1)" } + parameterColumns + ["optimum"]
            + Heuristic.allCases.map(\.rawValue) + ids.map { "x.\($0)" } + ids.map { "marginal.\($0)" }
        let rows = cases.enumerated().map { index, c in
            [Double(index + 1)] + c.beliefs + c.parameters + [c.optimum] + c.heuristicSafety + c.allocation
                + c.marginalsAtStatusQuo
        }
        return (header, rows)
    }
}

/// `alignscale study`: the report of a study.
public struct StudyReport: Reportable {
    public let study: Study
    public let scenario: Scenario

    /// Whether κ is the scenario's own `belief_concentration` (the report says so).
    public var concentrationFromScenario = false

    public init(_ study: Study, scenario: Scenario, concentrationFromScenario: Bool = false) {
        self.concentrationFromScenario = concentrationFromScenario
        self.study = study
        self.scenario = scenario
    }

    public var charts: [(name: String, svg: String)] {
        study.charts(scenario: scenario).map { (name: String($0.0.dropLast(4)), svg: $0.1) }
    }

    /// The JSON of AlignmentScale.docc/TheStudy.md and, added, the two answers in words.
    public var json: JSONValue {
        guard case .object(let fields) = study.json(scenario: scenario) else { return study.json(scenario: scenario) }
        let (optimum, margin) = study.answers(scenario: scenario)
        return .object(
            fields + [("answers", .object([("optimal_allocation", .string(optimum)), ("past_the_margin", .string(margin))]))]
                + scenario.objectiveJSON)
    }

    public var csv: String {
        let (marginClaim, byDifficulty) = (study.marginClaim, study.byDifficulty)
        let ids = scenario.programs.map(\.id)
        var table = TextTable(["section", "name", "statistic", "value"])
        table.append(["search", study.options.search.rawValue, "full_searches", "\(study.fullSearches)"])
        for row in study.heuristicTable.longRows(section: "heuristic") { table.append(row) }
        table.append([
            "margin_claim", "all past the frontier", "positive_at_status_quo", marginClaim.statusQuo.map { "\($0)" } ?? "",
        ])
        table.append([
            "margin_claim", "all past the frontier", "positive_at_optimum", marginClaim.optimum.map { "\($0)" } ?? "",
        ])
        for (j, value) in zip(marginClaim.techniques, marginClaim.netNegativeAtStatusQuo) {
            table.append(["margin_claim", ids[j], "net_negative_at_status_quo", "\(value)"])
        }
        for row in study.programTable(scenario: scenario).longRows(section: "program") { table.append(row) }
        for bin in 0..<10 {
            let name =
                "E[k] in [\(Show.fixed(byDifficulty.binEdges[bin], 2)), \(Show.fixed(byDifficulty.binEdges[bin + 1], 2)))"
            table.append(["by_difficulty", name, "cases", "\(byDifficulty.cases[bin])"])
            for (j, id) in ids.enumerated() {
                table.append(["by_difficulty", name, "mean_share.\(id)", byDifficulty.shares[j][bin].map { "\($0)" } ?? ""])
            }
        }
        return table.csv()
    }

    public var document: ReportDocument {
        let (first, second) = study.answers(scenario: scenario)
        let source: String
        switch study.options.beliefs {
        case .concentrated(let kappa):
            source =
                "drawn around the scenario's beliefs (Dirichlet, κ = \(InputError.show(kappa))"
                + (concentrationFromScenario ? ", the scenario's belief_concentration)" : ")")
        case .uniform: source = "drawn evenly over all belief profiles (flat Dirichlet)"
        }
        var document = ReportDocument(title: "\(scenario.titleLine): a study of \(study.cases.count) cases")
        document.text(
            "Beliefs \(source), seed \(study.options.seed)\(study.parameterColumns.isEmpty ? "" : "; uncertain parameters drawn per case")."
        )
        if let note = scenario.objectiveNoteForSafetyColumns { document.text(note) }
        document.text(study.searchNote)
        document.heading("What modelling the optimal allocation gives")
        document.text(first)
        document.heading("Whether to promote anything past the present margin")
        document.text(second)
        document.heading("What each simple rule loses against the optimum (percentage points of safety)")
        document.table(study.heuristicTable.textTable)
        for (_, svg) in study.charts(scenario: scenario) { document.chart(svg) }
        document.heading("Each program across the cases")
        document.table(study.programTable(scenario: scenario).textTable)
        return document
    }
}

extension StudyReport {
    /// The short form: the answers to the source's two questions and the study's charts.
    public var brief: ReportBrief {
        let (first, second) = study.answers(scenario: scenario)
        return ReportBrief(
            sentence: "What modelling the optimal allocation gives. \(first)\n"
                + "Whether to promote anything past the present margin. \(second)",
            charts: study.charts(scenario: scenario).map(\.1),
            command: "study \(ReportBrief.scenarioPlaceholder) --cases \(study.options.cases) --seed \(study.options.seed)"
                + (study.options.search == .full ? " --search full" : ""))
    }
}
