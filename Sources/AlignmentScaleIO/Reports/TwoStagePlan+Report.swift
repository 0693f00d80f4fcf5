import AlignmentScale
import SVGCharts

/// `alignscale plan`: act now, or learn first? The best two-stage plan around one experiment,
/// beside acting now and learning first.
public struct PlanReport: Reportable {
    public let plan: TwoStagePlan
    public let scenario: Scenario

    public init(_ plan: TwoStagePlan, scenario: Scenario) {
        self.plan = plan
        self.scenario = scenario
    }

    /// What is spent, as "id amount, …", or `nothing`.
    private func spending(_ x: [Double], _ preposition: String = "on") -> String {
        let parts = zip(scenario.programs, x).filter { Show.amount($0.1) != "0" }.map {
            "\(Show.amount($0.1)) \(preposition) \($0.0.id)"
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    /// What to do now and after each outcome, in words.
    public var advice: [String] {
        var lines = [
            "Now: spend \(spending(plan.now)), and run \(plan.experiment)"
                + (plan.cost > 0 ? " (it costs \(Show.amount(plan.cost)))." : ".")
        ]
        for o in plan.after where o.probability > 0 {
            lines.append(
                "If the result is “\(o.name)” (probability \(Show.percent(o.probability))): "
                    + (o.spend.contains { Show.amount($0) != "0" } ? "add \(spending(o.spend, "to"))" : "spend nothing more")
                    + "; \(scenario.objectiveName) is then \(Show.exact(o.value)).")
        }
        return lines
    }

    /// The verdict in one sentence.
    public var verdict: String { verdictParts.joined(separator: " ") }

    /// The verdict's two halves, which the text report prints on two lines.
    private var verdictParts: [String] {
        let gain = plan.value - plan.actNowValue
        let numbers =
            "the best plan's \(scenario.objectiveName) \(Show.exact(plan.value)) is \(Show.points(gain, digits: 3)) against acting now "
            + "(\(Show.exact(plan.actNowValue)))"
        return plan.worthRunning
            ? ["Running \(plan.experiment) between two stages of spending is worth it:", numbers + "."]
            : ["Running \(plan.experiment) is not worth it, even in two stages:", numbers + ", so spend everything now."]
    }

    /// The three choices side by side.
    public var comparisonTable: TextTable {
        var table = TextTable(["choice", scenario.objectiveName, "against acting now"], alignments: [.left, .right, .right])
        table.append(["act now (no experiment)", Show.exact(plan.actNowValue), Show.points(0)])
        table.append([
            "the best two-stage plan", Show.exact(plan.value), Show.points(plan.value - plan.actNowValue, digits: 3),
        ])
        table.append([
            "learn first (only the minimums now)", Show.exact(plan.learnFirstValue),
            Show.points(plan.learnFirstValue - plan.actNowValue, digits: 3),
        ])
        table.append([
            "run it, then spend everything at once", Show.exact(plan.singleStageValue),
            Show.points(plan.singleStageValue - plan.actNowValue, digits: 3),
        ])
        return table
    }

    /// Each program: now, after each outcome (spent then, and effective), and acting now.
    public var allocationTable: TextTable {
        let outcomes = plan.after.filter { $0.probability > 0 }
        var table = TextTable(
            ["program", "now"] + outcomes.map { "after “\($0.name)”" } + ["act now"],
            alignments: [.left] + Array(repeating: .right, count: outcomes.count + 2))
        for (j, program) in scenario.programs.enumerated() {
            table.append(
                [program.id, Show.amount(plan.now[j])]
                    + outcomes.map { "+\(Show.amount($0.spend[j])) → \(Show.amount($0.effective[j]))" }
                    + [Show.amount(plan.actNowAllocation[j])])
        }
        return table
    }

    public var document: ReportDocument {
        var document = ReportDocument(title: scenario.titleLine)
        document.text(
            "Act now or learn first, around the experiment \(plan.experiment) (cost \(Show.amount(plan.cost))). Money spent\n"
                + "after its result counts \(Show.fixed(plan.laterValue, 2)) of money spent now, as less time is left to use it.")
        if let note = scenario.objectiveNoteForSafetyColumns { document.text(note) }
        document.text(verdictParts.joined(separator: "\n"))
        document.text(advice.joined(separator: "\n"))
        document.table(comparisonTable)
        document.heading("The plan, program by program")
        document.text(
            "After each result: “+spent after → effective”, where effective = now + \(Show.fixed(plan.laterValue, 2)) × spent after."
        )
        document.table(allocationTable)
        document.chart(chart.svg())
        document.text(
            "Optimality check over the whole plan (both stages, every outcome): largest relative violation "
                + "\(Show.small(plan.kktViolation)).")
        return document
    }

    public var chart: BarChart {
        let outcomes = plan.after.filter { $0.probability > 0 }
        let colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
        var series: [BarChart.Series] = [.init(name: "now", color: "#555555")]
        for (i, o) in outcomes.enumerated() {
            series.append(.init(name: "after “\(o.name)” (effective)", color: colors[i % colors.count]))
        }
        series.append(.init(name: "act now", color: "#bbbbbb"))
        let rows = scenario.programs.indices.compactMap { j -> BarChart.Row? in
            let values = [plan.now[j]] + outcomes.map { $0.effective[j] } + [plan.actNowAllocation[j]]
            guard values.contains(where: { Show.amount($0) != "0" }) else { return nil }
            return BarChart.Row(label: scenario.programs[j].name, values: values)
        }
        var chart = BarChart(
            title: "Spend now, learn, then spend again", xLabel: "resource units (effective: now + δ × after)",
            series: series, rows: rows)
        chart.subtitle = "Programs any of the choices funds; δ = \(Show.fixed(plan.laterValue, 2))"
        chart.labelWidth = 260
        return chart
    }

    public var charts: [(name: String, svg: String)] { [("plan", chart.svg())] }

    public var json: JSONValue {
        .object(
            [
                ("experiment", .string(plan.experiment)), ("cost", .number(plan.cost)),
                ("later_value", .number(plan.laterValue)),
                (
                    "plan",
                    .object([
                        ("now", scenario.allocationJSON(plan.now)),
                        (
                            "after",
                            .array(
                                plan.after.map {
                                    .object([
                                        ("outcome", .string($0.name)), ("probability", .number($0.probability)),
                                        ("spend", scenario.allocationJSON($0.spend)),
                                        ("effective", scenario.allocationJSON($0.effective)),
                                        ("safety", .number($0.safety)), ("value", .number($0.value)),
                                    ])
                                })
                        ),
                        ("value", .number(plan.value)),
                    ])
                ),
                (
                    "act_now",
                    .object([
                        ("value", .number(plan.actNowValue)), ("allocation", scenario.allocationJSON(plan.actNowAllocation)),
                    ])
                ),
                ("learn_first", .object([("value", .number(plan.learnFirstValue))])),
                ("single_stage", .object([("value", .number(plan.singleStageValue))])),
                ("worth_running", .bool(plan.worthRunning)),
                ("kkt_violation", .number(plan.kktViolation)),
                ("verdict", .string(verdict)), ("advice", .array(advice.map { .string($0) })),
            ] + scenario.objectiveJSON)
    }

    /// One row per stage: now, each outcome's spend after it, and acting now.
    public var csv: String {
        var table = TextTable(["stage", "probability", "safety", "value"] + scenario.programs.map(\.id))
        table.append(["now", "1", "", "\(plan.value)"] + plan.now.map { "\($0)" })
        for o in plan.after {
            table.append(["after \(o.name)", "\(o.probability)", "\(o.safety)", "\(o.value)"] + o.spend.map { "\($0)" })
        }
        table.append(["act now", "1", "", "\(plan.actNowValue)"] + plan.actNowAllocation.map { "\($0)" })
        return table.csv()
    }

    public var brief: ReportBrief {
        ReportBrief(
            sentence: verdict + " " + advice.joined(separator: " "), charts: [chart.svg()], table: comparisonTable,
            command: "plan \(ReportBrief.scenarioPlaceholder) --experiment \(plan.experiment)"
                + (plan.laterValue == TwoStagePlan.defaultLaterValue ? "" : " --later-value \(Show.small(plan.laterValue))"))
    }
}
