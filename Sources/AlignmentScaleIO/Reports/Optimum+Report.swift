import AlignmentScale
import SVGCharts

/// `alignscale optimize`: the best allocation and what the simple rules lose against it.
public struct OptimizationReport: Reportable {
    public let result: Optimum
    public let scenario: Scenario
    /// λ and the optimality check in the text too (they are always in the JSON).
    public let verbose: Bool

    public init(_ result: Optimum, scenario: Scenario, verbose: Bool = false) {
        self.result = result
        self.scenario = scenario
        self.verbose = verbose
    }

    public var charts: [(name: String, svg: String)] { [("allocation", allocationChart.svg()), ("safety", safetyChart.svg())] }

    public var json: JSONValue {
        let ids = scenario.programs.map(\.id)
        let optimum = result.optimum
        let valueFields: [(String, JSONValue)] = result.value.map { [("value", .number($0))] + scenario.objectiveJSON } ?? []
        return .object(
            [("safety", .number(result.safety)), ("risk", .number(1 - result.safety))] + valueFields + [
                ("allocation", scenario.allocationJSON(result.allocation)), ("multiplier", .number(result.multiplier)),
                (
                    "kkt",
                    .object([
                        ("holds", .bool(optimum.kkt.holds())), ("violation", .number(optimum.kkt.violation)),
                        ("relative_violation", .number(optimum.kkt.relativeViolation)), ("slack", .number(optimum.kkt.slack)),
                        ("positions", .object(zip(ids, optimum.kkt.positions).map { ($0, .string($1.rawValue)) })),
                    ])
                ),
                ("marginals", .object(zip(ids, optimum.gradient).map { ($0, .number($1)) })),
                ("starts", .integer(optimum.starts)),
                ("heuristics", rules.json),
            ])
    }

    public var csv: String {
        var table = TextTable(["id", "optimal"] + result.heuristics.map(\.heuristic.rawValue))
        for (j, id) in scenario.programs.map(\.id).enumerated() {
            table.append([id, "\(result.allocation[j])"] + result.heuristics.map { "\($0.allocation[j])" })
        }
        table.append(["safety", "\(result.safety)"] + result.heuristics.map { "\($0.safety)" })
        if let value = result.value {
            table.append(["value", "\(value)"] + result.heuristics.map { "\($0.value ?? 0)" })
        }
        return table.csv()
    }

    public var document: ReportDocument {
        let optimum = result.optimum
        var document = ReportDocument(title: scenario.titleLine)
        let statusQuo = result.heuristics.first { $0.heuristic == .statusQuo }?.safety ?? result.safety
        document.text(
            "Best allocation of a budget of \(Show.amount(scenario.budget)): safety \(Show.exact(result.safety)), "
                + "risk \(Show.exact(1 - result.safety)).\n"
                + "That is \(Show.points(result.safety - statusQuo)) over the status quo (\(Show.exact(statusQuo))).")
        if let value = result.value, let objective = scenario.objectiveSentence {
            let statusQuoValue = result.heuristics.first { $0.heuristic == .statusQuo }?.value ?? value
            document.text(
                "Expected value \(Show.exact(value)), \(Show.points(value - statusQuoValue)) over the status quo "
                    + "(\(Show.exact(statusQuoValue))).\n\(objective)")
        }
        var programs = TextTable(
            ["program", "level", "amount", "", "marginal (pp/unit)"], alignments: [.left, .left, .right, .left, .right])
        for (j, program) in scenario.programs.enumerated() {
            programs.append([
                program.id, scenario.levelLabel(program), Show.amount(result.allocation[j]),
                Show.bar(scenario.budget > 0 ? result.allocation[j] / scenario.budget : 0), Show.small(100 * optimum.gradient[j]),
            ])
        }
        document.table(programs)
        let kkt = optimum.kkt
        var reading =
            "One more unit of budget would add \(Show.small(100 * result.multiplier)) pp of "
            + "\(result.optimizesValue ? "value" : "safety"): every funded program's "
            + "marginal value has been brought to this same level, so moving a unit between them gains nothing."
        if verbose {
            reading +=
                "\nOptimality (KKT) check: \(kkt.holds() ? "holds" : "NOT met"), the largest deviation is "
                + "\(Show.small(kkt.relativeViolation)) of the largest marginal value; best of \(optimum.starts) starting points."
        } else if !kkt.holds() {
            reading += "\nThe optimality check is not met (see --verbose): treat this allocation with care."
        }
        document.text(reading)
        document.chart(allocationChart.svg())
        document.heading("What simple rules lose against this optimum")
        document.table(rulesTable)
        document.chart(safetyChart.svg())
        return document
    }

    /// The optimal allocation beside the status quo and "past the margin", program by program.
    public var allocationChart: BarChart {
        let rules: [Heuristic] = [.statusQuo, .pastTheMargin]
        let compared = rules.compactMap { rule in result.heuristics.first { $0.heuristic == rule } }
        var chart = BarChart(
            title: "The optimal allocation", xLabel: "resources",
            series: [.init(name: "optimal", color: "#2f6fbf")]
                + compared.map { .init(name: $0.heuristic.rawValue, color: $0.heuristic == .statusQuo ? "#b0b7c3" : "#e67e22") },
            rows: scenario.programs.enumerated().map { j, program in
                BarChart.Row(
                    label: Scale.truncate(program.name, 38), values: [result.allocation[j]] + compared.map { $0.allocation[j] })
            })
        chart.labelWidth = 300  // programs by name
        chart.subtitle = "Budget \(Show.amount(scenario.budget)); safety \(Show.exact(result.safety)) at the optimum"
        return chart
    }

    /// Safety at the optimum and under each simple rule.
    public var safetyChart: BarChart {
        var chart = BarChart(
            title: "Safety: the optimum against simple rules", xLabel: "chance that transformative AI goes well",
            series: [.init(name: "safety", color: "#2f6fbf")],
            rows: [BarChart.Row(label: "optimal", values: [result.safety])]
                + result.heuristics.map { BarChart.Row(label: $0.heuristic.rawValue, values: [$0.safety]) })
        chart.showProbabilities(spanning: [0])
        return chart
    }
}

extension OptimizationReport {
    /// Each simple rule's safety and what it loses against the optimum (in value when the
    /// scenario optimises value): the JSON's `heuristics`, which add each rule's allocation, and
    /// the text table.
    var rules: ColumnTable<Optimum.HeuristicRow> {
        let value = result.optimizesValue
        var columns: [Column<Optimum.HeuristicRow>] = [
            .string("name", header: "heuristic") { $0.heuristic.rawValue },
            .number("safety", header: "safety", shown: { Show.exact($0) }, of: { $0.safety }),
        ]
        if value { columns.append(.number("value", header: "value", shown: { Show.exact($0) }, of: { $0.value })) }
        columns += [
            .number("regret", header: value ? "loses (value)" : "loses", shown: { Show.loss($0) }, of: { $0.regret }),
            .jsonOnly("allocation") { scenario.allocationJSON($0.allocation) },
            .string("explanation", header: "rule") { $0.heuristic.explanation },
        ]
        return ColumnTable(columns, rows: result.heuristics)
    }

    /// Each simple rule's safety and what it loses against the optimum.
    public var rulesTable: TextTable { rules.textTable }

    /// The optimum and each rule side by side: safety, what it loses and what it funds.
    public var comparisonTable: TextTable {
        let value = result.optimizesValue
        var rules = TextTable(
            ["allocation", "safety"] + (value ? ["value", "loses (value)"] : ["loses"]) + ["what it funds"],
            alignments: [.left, .right, .right] + (value ? [.right] : []) + [.left])
        rules.append(
            ["optimal", Show.exact(result.safety)] + (result.value.map { [Show.exact($0)] } ?? [])
                + ["0 pp", scenario.compact(result.allocation)])
        for row in result.heuristics {
            rules.append(
                [row.heuristic.rawValue, Show.exact(row.safety)] + (row.value.map { [Show.exact($0)] } ?? [])
                    + [Show.loss(row.regret), scenario.compact(row.allocation)])
        }
        return rules
    }

    /// The short form: the optimum against the status quo and past-the-margin, its charts and the rules.
    public var brief: ReportBrief {
        var sentence = "Spending the budget of \(Show.amount(scenario.budget)) as below gives safety \(Show.exact(result.safety))"
        if let statusQuo = result.heuristics.first(where: { $0.heuristic == .statusQuo }) {
            sentence += ", \(Show.points(result.safety - statusQuo.safety)) over the status quo (\(Show.exact(statusQuo.safety)))"
        }
        if let value = result.value { sentence += " and expected value \(Show.exact(value))" }
        sentence += "."
        if let pastMargin = result.heuristics.first(where: { $0.heuristic == .pastTheMargin }) {
            // The regret is in the objective: value with stop costs, safety otherwise.
            let measure = pastMargin.value.map { "value \(Show.exact($0))" } ?? Show.exact(pastMargin.safety)
            sentence +=
                " Promoting every technique past the frontier equally gives \(measure), "
                + "\(Show.loss(pastMargin.regret)) less."
        }
        return ReportBrief(
            sentence: sentence, charts: [allocationChart.svg(), safetyChart.svg()], table: comparisonTable,
            command: "optimize \(ReportBrief.scenarioPlaceholder)")
    }
}
