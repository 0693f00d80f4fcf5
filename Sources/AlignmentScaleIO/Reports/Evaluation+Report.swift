import AlignmentScale
import SVGCharts

/// `alignscale evaluate`: the exact safety of an allocation, and with Monte Carlo its distribution.
public struct EvaluationReport: Reportable {
    public let evaluation: Evaluation
    public let scenario: Scenario
    /// How the allocation was chosen, for the heading.
    public let allocationLabel: String
    /// With `--samples`: the distribution under uncertainty, at the same allocation.
    public let sampled: SampledEvaluation?
    /// The flags that chose the allocation (such as ` --at optimal`), for the brief's command.
    public var flags = ""
    /// Another allocation shown beside this one in the brief's chart, table and sentence (a
    /// report shows the best allocation with the status quo beside), and how to name it.
    public var beside: (label: String, evaluation: Evaluation)?

    public init(_ evaluation: Evaluation, scenario: Scenario, allocationLabel: String, sampled: SampledEvaluation? = nil) {
        self.evaluation = evaluation
        self.scenario = scenario
        self.allocationLabel = allocationLabel
        self.sampled = sampled
    }

    public var json: JSONValue {
        guard case .object(var fields) = evaluation.json else { return evaluation.json }
        if let value = evaluation.value {
            fields.insert(contentsOf: [("value", .number(value))] + scenario.objectiveJSON, at: 2)
        }
        return .object(fields + evidenceJSON + (sampled?.jsonFields ?? []))
    }

    /// With evidence: P(evidence) and the beliefs before and after it, over the levels (marginal over orderings).
    private var evidenceJSON: [(String, JSONValue)] {
        guard !scenario.evidence.isEmpty else { return [] }
        return [
            ("evidence_probability", .number(scenario.evidenceProbability)),
            ("prior", .numbers(scenario.priorWorlds.marginalBeliefs)), ("posterior", .numbers(scenario.worlds.marginalBeliefs)),
        ]
    }

    /// With evidence, a sentence naming it and P(evidence); `nil` without.
    public var evidenceSentence: String? {
        guard !scenario.evidence.isEmpty else { return nil }
        let names = scenario.evidence.map { o in o.statement.map { "\(o.name) (says \($0))" } ?? o.name }
        return "Evidence seen: \(names.joined(separator: ", ")). Under the prior beliefs it had probability "
            + "\(Show.percent(scenario.evidenceProbability, digits: 2)).\nEvery number below is on the beliefs it leaves "
            + "(the posterior), with the prior beside them."
    }

    public var charts: [(name: String, svg: String)] {
        [("ladder", ladderChart.svg())] + (sampled.map { [("histogram", $0.histogramChart(scenario: scenario).svg())] } ?? [])
    }

    public var csv: String {
        if let sampled { return sampled.statisticsTable.csv() }
        var out = evaluation.programTable().csv
        if evaluation.hasOrderings {
            // With orderings, a second table after a blank line: safety if each ordering is the true one.
            out += "\n" + evaluation.orderingColumns.csv
        }
        if !scenario.evidence.isEmpty {
            // With evidence, the beliefs before and after it.
            var beliefs = TextTable(["level", "prior", "posterior"])
            let pairs = zip(scenario.priorWorlds.marginalBeliefs, scenario.worlds.marginalBeliefs)
            for (k, (prior, posterior)) in pairs.enumerated() { beliefs.append([String(k + 1), "\(prior)", "\(posterior)"]) }
            out += "\n" + beliefs.csv()
        }
        return out
    }

    public var document: ReportDocument {
        let e = evaluation
        var document = ReportDocument(title: scenario.titleLine)
        let spent = e.programs.reduce(0) { $0 + $1.allocation }
        let label = sampled == nil ? allocationLabel : allocationLabel + "; uncertain parameters at their medians"
        document.text("Allocation: \(label) (budget \(Show.amount(scenario.budget)), spent \(Show.amount(spent)))")
        if let evidence = evidenceSentence { document.text(evidence) }
        document.text(
            "Safety \(Show.exact(e.safety)): the chance that transformative AI goes well under these beliefs.\n"
                + "Risk of catastrophe \(Show.exact(e.risk)).")
        if let value = e.value, let objective = scenario.objectiveSentence {
            document.text("Expected value \(Show.exact(value)).\n\(objective)")
        }
        document.heading("By true level of difficulty\(e.hasOrderings ? " (averaged over the orderings)" : "")")
        document.table(levelTable(namesCutAt: 40))
        document.chart(ladderChart.svg())
        if e.hasOrderings {
            document.heading("By ordering of the technique families (safety if each ordering is the true one)")
            document.table(orderingTable)
        }
        document.heading("Programs (readiness: chance each is ready in time)")
        document.table(e.programTable(scenario: scenario).textTable)
        if let sampled { sampled.addSection(to: &document, scenario: scenario) }
        return document
    }

    /// The short form: safety at the allocation, the ladder and the table by level.
    public var brief: ReportBrief {
        let samples = sampled.map { " --samples \($0.samples) --seed \($0.seed)" } ?? ""
        let besideText = beside.map { "; at \($0.label): \(Show.exact($0.evaluation.safety))" } ?? ""
        return ReportBrief(
            sentence:
                "Safety at \(allocationLabel): \(Show.exact(evaluation.safety))\(besideText) — the chance that transformative AI "
                + "goes well.",
            charts: [ladderChart.svg()], table: levelTable(),
            command: "evaluate \(ReportBrief.scenarioPlaceholder)\(flags)\(samples)")
    }

    /// Safety if each ordering of the technique families is the true one, with its credence.
    public var orderingTable: TextTable { evaluation.orderingColumns.textTable }

    /// With evidence, each level's belief before and after it; `nil` without evidence.
    public var evidenceChart: BarChart? {
        guard !scenario.evidence.isEmpty else { return nil }
        let pairs = zip(scenario.priorWorlds.marginalBeliefs, scenario.worlds.marginalBeliefs)
        var chart = BarChart(
            title: "Beliefs before and after the evidence", xLabel: "probability of the level",
            series: [.init(name: "before (prior)", color: "#bbbbbb"), .init(name: "after (posterior)", color: "#2f6fbf")],
            rows: pairs.enumerated().map { k, pair in
                BarChart.Row(label: "\(k + 1). \(scenario.scale.levels[k].name)", values: [pair.0, pair.1])
            })
        chart.showProbabilities(spanning: [0])
        chart.labelWidth = 300
        return chart
    }

    /// Safety if each ordering is the true one, as bars.
    public var orderingChart: BarChart {
        var chart = BarChart(
            title: "Safety if each ordering is the true one", xLabel: "chance that transformative AI goes well",
            series: [.init(name: "safety", color: "#2f6fbf")],
            rows: evaluation.orderings.map {
                BarChart.Row(label: "\($0.name) (credence \(Show.percent($0.credence)))", values: [$0.safety])
            })
        chart.showProbabilities()
        chart.labelWidth = 330
        return chart
    }

    /// Each level's belief and the chance of safety if it is the true one. Names are cut at
    /// `namesCutAt` characters where a terminal's width matters, and whole otherwise.
    public func levelTable(namesCutAt limit: Int? = nil) -> TextTable {
        evaluation.levelColumns(
            scenario: scenario, namesCutAt: limit, beside: beside.map { (allocationLabel, $0.label, $0.evaluation) }
        ).textTable
    }

    /// The scale as a ladder, hardest level at the top: the belief in each level and the chance
    /// of safety if it is the true one, labels in the band's colour.
    public var ladderChart: BarChart {
        let levels = evaluation.levels.reversed()
        let besideSafety = beside.map { Array($0.evaluation.levels.map(\.safety).reversed()) }
        var chart = BarChart(
            title: "Your beliefs on the ladder, and safety at each level", xLabel: "probability",
            series: [
                .init(name: "belief that this is the true level", color: "#2f6fbf"),
                .init(name: "P(safe | this level) at \(beside == nil ? "this allocation" : allocationLabel)", color: "#8fbc8f"),
            ] + (beside.map { [.init(name: "… at \($0.label)", color: "#bbbbbb")] } ?? []),
            rows: levels.enumerated().map { index, row in
                let level = scenario.scale.level(row.level)
                return BarChart.Row(
                    label: "\(row.level). \(Scale.truncate(level.name, 38))",
                    values: [row.belief, row.safety] + (besideSafety.map { [$0[index]] } ?? []),
                    labelColor: level.band.chartColor)
            })
        chart.showProbabilities()
        chart.labelWidth = 320
        // Thresholds between levels, drawn between their rows (the ladder runs top down).
        chart.dividers = scenario.scale.thresholds.map { threshold in
            (afterRow: scenario.scale.levelCount - threshold.after - 1, label: threshold.name)
        }
        chart.subtitle = "Label colours are the bands: green, orange, red, black"
        return chart
    }
}

extension Evaluation {
    /// Whether the scenario has alternative orderings worth listing.
    public var hasOrderings: Bool { orderings.count > 1 }

    /// The stable JSON of `alignscale evaluate` (AlignmentScale.docc/JSONOutputs.md), with `orderings` added when the
    /// scenario has alternative orderings (AlignmentScale.docc/DisputedOrderings.md).
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("safety", .number(safety)), ("risk", .number(risk)),
            ("levels", levelColumns().json),
            ("programs", programTable().json),
        ]
        if hasOrderings { fields.append(("orderings", orderingColumns.json)) }
        return .object(fields)
    }

    /// Each level's belief and the chance of safety if it is the true one: the JSON's `levels`; with
    /// the scenario, the text table too, which adds each level's name (cut at `namesCutAt`
    /// characters when given) and band, the prior beside the belief when there is evidence, and
    /// another allocation's chance of safety when `beside` gives it (with both allocations' names).
    func levelColumns(
        scenario: Scenario? = nil, namesCutAt limit: Int? = nil, beside: (this: String, other: String, Evaluation)? = nil
    ) -> ColumnTable<(offset: Int, element: LevelRow)> {
        var columns: [Column<(offset: Int, element: LevelRow)>] = [
            .number("level", header: "level", shown: { String(Int($0)) }, of: { Double($0.element.level) })
        ]
        let prior = scenario.flatMap { $0.evidence.isEmpty ? nil : $0.priorWorlds.marginalBeliefs }
        if let scenario {
            func level(_ row: LevelRow) -> Level { scenario.scale.level(row.level) }
            columns += [
                .textOnly("name") { row in limit.map { Scale.truncate(level(row.element).name, $0) } ?? level(row.element).name },
                .textOnly("band") { level($0.element).band.rawValue },
            ]
            if let prior { columns.append(.textOnly("prior", alignment: .right) { Show.percent(prior[$0.element.level - 1]) }) }
        }
        columns += [
            .number(
                "belief", header: prior == nil ? "belief" : "posterior", shown: { Show.percent($0) }, of: { $0.element.belief }),
            .number(
                "safety", header: beside.map { "P(safe | level) at \($0.this)" } ?? "P(safe | level)",
                shown: { Show.percent($0) }, of: { $0.element.safety }),
        ]
        if let beside {
            let levels = beside.2.levels
            columns.append(.textOnly("at \(beside.other)", alignment: .right) { Show.percent(levels[$0.offset].safety) })
        }
        return ColumnTable(columns, rows: Array(levels.enumerated()))
    }

    /// Each program's allocation and readiness: the JSON's `programs` and the CSV; with the
    /// scenario, the text table too, which adds each program's level and a bar of its share.
    func programTable(scenario: Scenario? = nil) -> ColumnTable<ProgramRow> {
        var columns: [Column<ProgramRow>] = [.string("id", header: "program") { $0.id }]
        let levels = scenario.map { s in Dictionary(uniqueKeysWithValues: s.programs.map { ($0.id, s.levelLabel($0)) }) }
        if let levels { columns.append(.textOnly("level") { levels[$0.id] ?? "" }) }
        columns.append(.number("allocation", header: "allocation", shown: { Show.amount($0) }, of: { $0.allocation }))
        if let budget = scenario?.budget {
            columns.append(.textOnly("") { Show.bar(budget > 0 ? $0.allocation / budget : 0, width: 20) })
        }
        columns.append(.number("readiness", header: "readiness", shown: { Show.percent($0) }, of: { $0.readiness }))
        return ColumnTable(columns, rows: programs)
    }

    /// Safety if each ordering of the technique families is the true one, with its credence, in
    /// every format.
    var orderingColumns: ColumnTable<OrderingRow> {
        ColumnTable(
            [
                .string("name", header: "ordering", csvHeader: "ordering") { $0.name },
                .number("credence", header: "credence", shown: { Show.percent($0) }, of: { $0.credence }),
                .number("safety", header: "P(safe | ordering)", shown: { Show.exact($0) }, of: { $0.safety }),
            ], rows: orderings)
    }
}

extension SampledEvaluation {
    /// The Monte Carlo fields `evaluate --samples` adds to the exact evaluation's JSON (AlignmentScale.docc/JSONOutputs.md).
    public var jsonFields: [(String, JSONValue)] {
        [
            ("samples", .integer(samples)), ("seed", .number(Double(seed))), ("mean", .number(mean)),
            ("stderr", .number(standardError)),
            ("percentiles", .object(zip(SampledEvaluation.percentileLevels, percentiles).map { (String($0), .number($1)) })),
            ("minimum", .number(minimum)), ("maximum", .number(maximum)),
            (
                "histogram",
                .array(
                    histogram.map {
                        .object([("lower", .number($0.lower)), ("upper", .number($0.upper)), ("count", .integer($0.count))])
                    })
            ),
        ]
    }

    /// `evaluate --samples --format csv`: one statistic per row.
    var statisticsTable: TextTable {
        var table = TextTable(["statistic", "value"])
        table.append(["samples", String(samples)])
        table.append(["seed", String(seed)])
        table.append(["mean", "\(mean)"])
        table.append(["stderr", "\(standardError)"])
        for (level, value) in zip(SampledEvaluation.percentileLevels, percentiles) { table.append(["p\(level)", "\(value)"]) }
        table.append(["minimum", "\(minimum)"])
        table.append(["maximum", "\(maximum)"])
        table.append(["safety_at_medians", "\(safetyAtMedians)"])
        return table
    }

    /// The distribution of safety under uncertainty, as a section of the evaluation's document.
    func addSection(to document: inout ReportDocument, scenario: Scenario) {
        let uncertain = scenario.uncertainty.parameters.count
        let what =
            "\(uncertain) uncertain parameter\(uncertain == 1 ? "" : "s")"
            + (scenario.beliefConcentration.map { ", beliefs from Dirichlet(κ·p) with κ = \(Show.amount($0))" } ?? "")
        document.heading("Under uncertainty: \(samples) samples (seed \(seed)), \(what)")
        document.text(
            "Mean safety \(Show.sampled(mean, standardError)) (± one standard error); at the medians \(Show.exact(safetyAtMedians))."
        )
        if let note = scenario.objectiveNoteForSafetyColumns { document.text(note) }
        var percentileTable = TextTable(
            SampledEvaluation.percentileLevels.map { "p\($0)" }, alignments: Array(repeating: .right, count: 5))
        percentileTable.append(percentiles.map { Show.percent($0, digits: 2) })
        document.table(percentileTable)
        let biggest = histogram.map(\.count).max() ?? 1
        var bars = TextTable(["safety", "", "samples"], alignments: [.left, .left, .right])
        for bar in histogram {
            bars.append([
                "\(Show.percent(bar.lower, digits: 2)) – \(Show.percent(bar.upper, digits: 2))",
                Show.bar(Double(bar.count) / Double(max(biggest, 1)), width: 30), String(bar.count),
            ])
        }
        document.table(bars)
        document.chart(histogramChart(scenario: scenario).svg())
    }

    /// The distribution of safety over the draws.
    /// Each bin's midpoint as a percentage, with the fewest decimals (1 to 6) that tell neighbouring
    /// bins apart, so that a narrow distribution never prints one label many times.
    var histogramLabels: [String] {
        let middles = histogram.map { ($0.lower + $0.upper) / 2 }
        for digits in 1...6 {
            let labels = middles.map { Show.percent($0, digits: digits) }
            if Set(labels).count == labels.count { return labels }
        }
        var seen: Set<String> = []
        return middles.map { Show.percent($0, digits: 6) }.map { seen.insert($0).inserted ? $0 : "" }
    }

    public func histogramChart(scenario: Scenario) -> StackedBarChart {
        let total = Double(max(histogram.reduce(0) { $0 + $1.count }, 1))
        var chart = StackedBarChart(
            title: "Safety under uncertainty: \(samples) draws", xLabel: "safety at this allocation",
            yLabel: "share of the draws", categories: histogramLabels,
            series: [.init(name: "draws", color: "#2f6fbf", values: histogram.map { Double($0.count) / total })])
        chart.maximum = max(histogram.map { Double($0.count) / total }.max() ?? 1, 1e-9) * 1.1
        chart.subtitle =
            "Mean \(Show.sampled(mean, standardError)); 5th to 95th percentile \(Show.percent(percentiles[0], digits: 1)) – \(Show.percent(percentiles[4], digits: 1))"
        return chart
    }
}
