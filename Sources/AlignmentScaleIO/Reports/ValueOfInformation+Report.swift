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

    /// One answer a question can get: a signal about the level (its band, a threshold, the ordering,
    /// the level itself, the world) or an outcome of an experiment.
    struct Answer {
        /// The CSV's first column: `band`, `threshold 3`, `ordering`, `level`, `world` or `experiment ID`.
        let question: String
        /// The experiment whose outcome this is.
        let experiment: String?
        let name: String
        /// The levels a signal leaves possible (an outcome has none).
        let levels: [Int]
        let probability: Double
        let safety: Double
        let allocation: [Double]

        init(_ question: String, _ s: ValueOfInformation.Signal) {
            (self.question, experiment, name, levels) = (question, nil, s.name, s.levels)
            (probability, safety, allocation) = (s.probability, s.safety, s.allocation)
        }

        init(_ e: ExperimentValue, _ o: ExperimentValue.OutcomeRow) {
            (question, experiment, name, levels) = ("experiment \(e.id)", e.id, o.name, [])
            (probability, safety, allocation) = (o.probability, o.safety, o.allocation)
        }
    }

    /// Answers in every format: a signal's JSON (an outcome's without `levels`), the CSV of every
    /// answer, and the text tables of the optimum under each signal and after each outcome.
    func answers(_ rows: [Answer], outcomes: Bool = false) -> ColumnTable<Answer> {
        var columns: [Column<Answer>] = [.csvOnly(["question"]) { [$0.question] }]
        if outcomes { columns.append(.textOnly("experiment") { $0.experiment ?? "" }) }
        columns.append(.string("name", header: outcomes ? "outcome" : "if you learn", csvHeader: "signal") { $0.name })
        if !outcomes { columns.append(.jsonOnly("levels") { .array($0.levels.map { .integer($0) }) }) }
        columns += [
            .number("probability", header: "P", shown: { Show.percent($0) }, of: { $0.probability }),
            .number("safety", header: "safety", shown: { Show.exact($0) }, of: { $0.safety }),
            .allocation(header: outcomes ? "optimal allocation after it" : "optimal allocation", scenario: scenario) {
                $0.allocation
            },
        ]
        return ColumnTable(columns, rows: rows)
    }

    /// Each experiment in every format: its value net of its cost, its information value and its
    /// break-even cost; the JSON adds the optimum after each outcome.
    var experimentColumns: ColumnTable<ExperimentValue> {
        ColumnTable(
            [
                .string("id", header: "experiment") { $0.id },
                .number("cost", header: "cost", shown: { Show.amount($0) }) { $0.cost },
                .number("value", header: "worth (net of cost)", shown: { Show.points($0, digits: 3) }) { $0.value },
                .number("information_value", header: "information value", shown: { Show.points($0, digits: 3) }) {
                    $0.informationValue
                },
                .number(
                    "break_even_cost", header: "break-even cost",
                    text: { ($0.breakEvenIsAtLeast ? "at least " : "") + Show.amount($0.breakEvenCost) }
                ) { $0.breakEvenCost },
                .bool("break_even_is_at_least") { $0.breakEvenIsAtLeast },
                .jsonOnly("outcomes") { e in .array(answers(e.outcomes.map { Answer(e, $0) }, outcomes: true).objects()) },
            ], rows: experiments)
    }

    private var experimentsJSON: [(String, JSONValue)] {
        experiments.isEmpty ? [] : [("experiments", experimentColumns.json)]
    }

    /// Each experiment's worth: its value net of its cost, its information value and its break-even cost.
    public var experimentTable: TextTable { experimentColumns.textTable }

    /// Signals as the JSON lists them: one object each, with the keys of ``answers(_:outcomes:)``.
    private func signalsJSON(_ signals: [ValueOfInformation.Signal]) -> [JSONValue] {
        answers(signals.map { Answer("", $0) }).objects()
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
                            ("signals", .array(signalsJSON($0.signals))),
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
            ("band_signals", .array(signalsJSON(voi.bandSignals))),
        ]
        // With alternative orderings: what learning the true ordering is worth, and every world's optimum.
        if let ordering = voi.ordering {
            fields += [
                ("ordering", .number(ordering)),
                (
                    "ordering_signals",
                    .array(
                        zip(voi.orderingSignals, signalsJSON(voi.orderingSignals)).map { signal, object in
                            guard case .object(let fields) = object else { return object }
                            return .object(fields + [("orderings", orderingNames(signal))])
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

    /// Every signal the analysis weighed, question by question, then every experiment's outcomes.
    public var csv: String {
        let rows =
            voi.bandSignals.map { Answer("band", $0) }
            + voi.thresholds.flatMap { t in t.signals.map { Answer("threshold \(t.after)", $0) } }
            + voi.orderingSignals.map { Answer("ordering", $0) } + voi.perLevel.map { Answer("level", $0) }
            + voi.perWorld.map { Answer("world", $0) } + experiments.flatMap { e in e.outcomes.map { Answer(e, $0) } }
        return answers(rows).csv
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
        let signals = voi.bandSignals + voi.thresholds.flatMap(\.signals) + voi.orderingSignals + voi.perLevel
        var allocations = answers(signals.map { Answer("", $0) }).textTable
        allocations.rows.insert(
            ["nothing (prior)", "100%", Show.exact(voi.priorSafety), scenario.compact(voi.priorAllocation)], at: 0)
        document.table(allocations)
        if !experiments.isEmpty {
            document.heading("Experiments: what running each before spending is worth")
            document.text(
                "Worth: the safety gained by running the experiment, paying its cost from the budget, and then\n"
                    + "allocating what is left optimally for its outcome, against allocating everything now. Information\n"
                    + "value: the same if it were free. Break-even cost: the most it could cost and still be worth running.")
            document.table(experimentTable)
            if let costChart { document.chart(costChart.svg()) }
            document.table(
                answers(experiments.flatMap { e in e.outcomes.map { Answer(e, $0) } }, outcomes: true).textTable)
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
