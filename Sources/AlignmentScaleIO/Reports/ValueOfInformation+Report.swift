import AlignmentScale
import SVGCharts

/// `alignscale voi`: what learning about the level (or the ordering) before allocating would be worth.
public struct ValueOfInformationReport: Reportable {
    public let voi: ValueOfInformation
    public let scenario: Scenario
    /// What each of the scenario's experiments is worth, in its order.
    public let experiments: [ExperimentValue]

    public init(_ voi: ValueOfInformation, scenario: Scenario, experiments: [ExperimentValue] = []) {
        self.voi = voi
        self.scenario = scenario
        self.experiments = experiments
    }

    /// Each experiment as JSON: its value net of cost, its information value, break-even cost and
    /// the optimal allocation after each outcome.
    private var experimentsJSON: [(String, JSONValue)] {
        guard !experiments.isEmpty else { return [] }
        return [
            (
                "experiments",
                .array(
                    experiments.map { e in
                        .object([
                            ("id", .string(e.id)), ("cost", .number(e.cost)), ("value", .number(e.value)),
                            ("information_value", .number(e.informationValue)),
                            ("break_even_cost", .number(e.breakEvenCost)),
                            ("break_even_is_at_least", .bool(e.breakEvenIsAtLeast)),
                            (
                                "outcomes",
                                .array(
                                    e.outcomes.map {
                                        .object([
                                            ("name", .string($0.name)), ("probability", .number($0.probability)),
                                            ("safety", .number($0.safety)),
                                            ("allocation", scenario.allocationJSON($0.allocation)),
                                        ])
                                    })
                            ),
                        ])
                    })
            )
        ]
    }

    /// Each experiment's worth: its value net of its cost, its information value and its break-even cost.
    public var experimentTable: TextTable {
        var table = TextTable(
            ["experiment", "cost", "worth (net of cost)", "information value", "break-even cost"],
            alignments: [.left, .right, .right, .right, .right])
        for e in experiments {
            table.append([
                e.id, Show.amount(e.cost), Show.points(e.value, digits: 3), Show.points(e.informationValue, digits: 3),
                (e.breakEvenIsAtLeast ? "at least " : "") + Show.amount(e.breakEvenCost),
            ])
        }
        return table
    }

    private func signalJSON(_ s: ValueOfInformation.Signal) -> JSONValue {
        .object([
            ("name", .string(s.name)), ("levels", .array(s.levels.map { .integer($0) })), ("probability", .number(s.probability)),
            ("safety", .number(s.safety)), ("allocation", scenario.allocationJSON(s.allocation)),
        ])
    }

    /// The names of the orderings a signal's worlds belong to, as the scenario lists them (two
    /// when the scenario names one ordering twice: they are one set of worlds).
    private func orderingNames(_ s: ValueOfInformation.Signal) -> JSONValue {
        let worlds = scenario.worlds
        let n = scenario.scale.levelCount
        let indices = Set(s.worlds.map { $0 / n })
        return .array(worlds.named.filter { indices.contains($0.ordering) }.map { .string($0.name) })
    }

    public var charts: [(name: String, svg: String)] {
        [("voi", chart.svg())] + (costChart.map { [("experiments", $0.svg())] } ?? [])
    }

    /// Each experiment's worth (net of cost) against what it could cost, with its break-even cost
    /// marked; `nil` without experiments.
    public var costChart: LineChart? {
        guard !experiments.isEmpty else { return nil }
        let colors = ["#6a5acd", "#d95f02", "#1b9e77", "#e7298a", "#66a61e", "#a6761d"]
        // Up to a little past the largest break-even cost (or cost), where the curves say something.
        let spare = max(experiments.map { $0.curve.last?.cost ?? 0 }.max() ?? 0, 1e-9)
        let interesting = experiments.map { max($0.breakEvenCost, $0.cost) }.max() ?? spare
        let right = min(spare, max(2 * interesting, 0.05 * spare))
        /// The curve cut at `right`, its last segment interpolated to it.
        func shown(_ curve: [(cost: Double, value: Double)]) -> [(cost: Double, value: Double)] {
            var points = curve.filter { $0.cost <= right }
            if let next = curve.first(where: { $0.cost > right }), let last = points.last, next.cost > last.cost {
                let t = (right - last.cost) / (next.cost - last.cost)
                points.append((right, last.value + t * (next.value - last.value)))
            }
            return points
        }
        let curves = experiments.map { shown($0.curve) }
        let values = curves.flatMap { $0.map { 100 * $0.value } }
        let low = min(values.min() ?? 0, 0)
        let high = max(values.max() ?? 0, 0)
        let pad = max(0.08 * (high - low), 1e-3)
        var chart = LineChart(
            title: "What each experiment is worth at each cost",
            xLabel: "cost (budget units)", yLabel: "pp of \(scenario.objectiveName) gained",
            x: 0...right, y: (low - pad)...(high + pad))
        chart.subtitle = "Above zero it is worth running; a dotted line marks where it stops being worth it"
        chart.referenceLines = [.init(y: 0, label: "")]
        for (i, e) in experiments.enumerated() {
            let color = colors[i % colors.count]
            chart.lines.append(
                .init(
                    x: curves[i].map(\.cost), y: curves[i].map { 100 * $0.value }, color: color,
                    label: "\(e.id) (costs \(Show.amount(e.cost)))"))
            if !e.breakEvenIsAtLeast {
                chart.markers.append(
                    .init(x: e.breakEvenCost, label: "break-even \(Show.amount(e.breakEvenCost))", color: color))
            }
        }
        return chart
    }

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("evpi", .number(voi.evpi)), ("band", .number(voi.band)),
            (
                "thresholds",
                .array(
                    voi.thresholds.map {
                        .object([
                            ("after", .integer($0.after)), ("name", .string($0.name)), ("value", .number($0.value)),
                            ("signals", .array($0.signals.map(signalJSON))),
                        ])
                    })
            ),
            (
                "per_level",
                .array(
                    voi.perLevel.map {
                        .object([
                            ("level", .integer($0.levels[0])), ("safety", .number($0.safety)),
                            ("allocation", scenario.allocationJSON($0.allocation)),
                        ])
                    })
            ),
            (
                "prior",
                .object([("safety", .number(voi.priorSafety)), ("allocation", scenario.allocationJSON(voi.priorAllocation))])
            ),
            ("band_signals", .array(voi.bandSignals.map(signalJSON))),
        ]
        // With alternative orderings: what learning the true ordering is worth, and every world's optimum.
        if let ordering = voi.ordering {
            fields += [
                ("ordering", .number(ordering)),
                (
                    "ordering_signals",
                    .array(
                        voi.orderingSignals.map {
                            guard case .object(let fields) = signalJSON($0) else { return signalJSON($0) }
                            return .object(fields + [("orderings", orderingNames($0))])
                        })
                ),
                (
                    "per_world",
                    .array(
                        voi.perWorld.map {
                            .object([
                                ("name", .string($0.name)), ("level", .integer($0.levels[0])),
                                ("probability", .number($0.probability)), ("safety", .number($0.safety)),
                                ("allocation", scenario.allocationJSON($0.allocation)), ("orderings", orderingNames($0)),
                            ])
                        })
                ),
            ]
        }
        return .object(fields + experimentsJSON + scenario.objectiveJSON)
    }

    public var csv: String {
        var table = TextTable(["question", "signal", "probability", "safety"] + scenario.programs.map(\.id))
        func add(_ question: String, _ s: ValueOfInformation.Signal) {
            table.append([question, s.name, "\(s.probability)", "\(s.safety)"] + s.allocation.map { "\($0)" })
        }
        for s in voi.bandSignals { add("band", s) }
        for t in voi.thresholds { for s in t.signals { add("threshold \(t.after)", s) } }
        for s in voi.orderingSignals { add("ordering", s) }
        for s in voi.perLevel { add("level", s) }
        for s in voi.perWorld { add("world", s) }
        for e in experiments {
            for o in e.outcomes {
                table.append(
                    ["experiment \(e.id)", o.name, "\(o.probability)", "\(o.safety)"] + o.allocation.map { "\($0)" })
            }
        }
        return table.csv()
    }

    /// What each question is worth: (what you learn, value).
    public var values: [(String, Double)] {
        var rows: [(String, Double)] = [
            (voi.ordering == nil ? "the exact level (EVPI)" : "the exact level and ordering (EVPI)", voi.evpi),
            ("the band (green/orange/red/black)", voi.band),
        ]
        for t in voi.thresholds { rows.append(("whether we are past “\(t.name)” (k > \(t.after))", t.value)) }
        if let ordering = voi.ordering { rows.append(("which ordering of the techniques is right", ordering)) }
        return rows
    }

    public var document: ReportDocument {
        var document = ReportDocument(title: scenario.titleLine)
        document.text(
            "Value of information: how much safety (in percentage points) you could gain by learning about the\n"
                + "true level\(voi.ordering == nil ? "" : " or ordering") before allocating the budget, then reallocating "
                + "optimally. Best safety now: \(Show.exact(voi.priorSafety)).")
        if let note = scenario.objectiveNoteForSafetyColumns { document.text(note) }
        document.table(valueTable)
        document.chart(chart.svg())
        document.heading("The optimal allocation under each signal")
        var allocations = TextTable(
            ["if you learn", "P", "safety", "optimal allocation"], alignments: [.left, .right, .right, .left])
        allocations.append(["nothing (prior)", "100%", Show.exact(voi.priorSafety), scenario.compact(voi.priorAllocation)])
        for s in voi.bandSignals + voi.thresholds.flatMap(\.signals) + voi.orderingSignals + voi.perLevel {
            allocations.append([s.name, Show.percent(s.probability), Show.exact(s.safety), scenario.compact(s.allocation)])
        }
        document.table(allocations)
        if !experiments.isEmpty {
            document.heading("Experiments: what running each before spending is worth")
            document.text(
                "Worth: the safety gained by running the experiment, paying its cost from the budget, and then\n"
                    + "allocating what is left optimally for its outcome, against allocating everything now. Information\n"
                    + "value: the same if it were free. Break-even cost: the most it could cost and still be worth running.")
            document.table(experimentTable)
            if let costChart { document.chart(costChart.svg()) }
            var after = TextTable(
                ["experiment", "outcome", "P", "safety", "optimal allocation after it"],
                alignments: [.left, .left, .right, .right, .left])
            for e in experiments {
                for o in e.outcomes {
                    after.append([
                        e.id, o.name, Show.percent(o.probability), Show.exact(o.safety), scenario.compact(o.allocation),
                    ])
                }
            }
            document.table(after)
        }
        return document
    }

    /// The value of each question as bars.
    public var chart: BarChart {
        var chart = BarChart(
            title: "What learning before allocating is worth",
            xLabel: "percentage points of \(scenario.objectiveName)",
            series: [.init(name: "value of the information", color: "#6a5acd")],
            rows: values.map { BarChart.Row(label: $0.0, values: [100 * $0.1]) })
        chart.labelWidth = 380
        chart.subtitle = "Best safety now \(Show.exact(voi.priorSafety)); learning first, then reallocating, gains this much"
        return chart
    }
}

extension ValueOfInformationReport {
    /// What each question is worth, in percentage points of safety.
    public var valueTable: TextTable {
        var table = TextTable(["what you learn", "value"], alignments: [.left, .right])
        for (question, value) in values { table.append([question, Show.points(value, digits: 3)]) }
        return table
    }

    /// The short form: the value of perfect information, the chart and the table of values.
    public var brief: ReportBrief {
        ReportBrief(
            sentence: "If the true level (or band, or side of a threshold\(voi.ordering == nil ? "" : ", or ordering")) were "
                + "known before spending, the budget could follow it. The value of perfect information is "
                + "\(Show.points(voi.evpi, digits: 3)) of safety.",
            charts: [chart.svg()], table: valueTable, command: "voi \(ReportBrief.scenarioPlaceholder)")
    }
}
