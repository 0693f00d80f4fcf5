import AlignmentScale
import SVGCharts

/// `alignscale voi`: what learning about the level (or the ordering) before allocating would be worth.
public struct ValueOfInformationReport: Reportable {
    public let voi: ValueOfInformation
    public let scenario: Scenario

    public init(_ voi: ValueOfInformation, scenario: Scenario) {
        self.voi = voi
        self.scenario = scenario
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

    public var charts: [(name: String, svg: String)] { [("voi", chart.svg())] }

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
        return .object(fields + scenario.objectiveJSON)
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
        return document
    }

    /// The value of each question as bars.
    public var chart: BarChart {
        var chart = BarChart(
            title: "What learning before allocating is worth",
            xLabel: "percentage points of \(scenario.optimizesValue ? "expected value" : "safety")",
            series: [.init(name: "value of the information", color: "#6a5acd")],
            rows: values.map { BarChart.Row(label: $0.0, values: [100 * $0.1]) })
        chart.labelWidth = 380
        chart.subtitle = "Best safety now \(Show.exact(voi.priorSafety)); learning first, then reallocating, gains this much"
        return chart
    }
}

extension ValueOfInformation {
    public func report(_ format: OutputFormat, scenario: Scenario) -> String {
        ValueOfInformationReport(self, scenario: scenario).rendered(format)
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
