import AlignmentScale
import SVGCharts

/// `alignscale robust`: which allocations survive the numbers being wrong, how firm each amount
/// is, where the advice flips, and (with `--discover`) where in the draws an event happens.
public struct RobustReport: Reportable {
    public let result: Robustness
    public let scenario: Scenario
    /// The event as the user wrote it (`nil`: no discovery).
    public let discover: String?

    public init(_ result: Robustness, scenario: Scenario, discover: String? = nil) {
        self.result = result
        self.scenario = scenario
        self.discover = discover
    }

    private var epsilon: String { Show.loss(result.options.within) }

    private func ids(_ programs: [Int]) -> [String] { programs.map { scenario.programs[$0].id } }

    private func funded(_ programs: [Int]) -> String {
        programs.isEmpty ? "nothing" : ids(programs).joined(separator: ", ")
    }

    /// The most robust candidate: the smallest largest regret.
    public var mostRobust: Robustness.Candidate { result.ranked[0] }

    /// The main finding in words.
    public var sentence: String {
        let best = mostRobust
        let median = result.candidate(Robustness.medianOptimumName)!
        var text =
            "Across \(result.options.draws) draws of the uncertain numbers, the allocation with the smallest worst-case regret is "
            + "\(best.name) (at most \(Show.loss(best.maxRegret)) below each draw's own optimum; within \(epsilon) in "
            + "\(Show.percent(best.within)) of draws)."
        if best.name != median.name {
            text +=
                " The best allocation for the numbers as written (each at its median) loses up to \(Show.loss(median.maxRegret)) "
                + "(within \(epsilon) in \(Show.percent(median.within)) of draws)."
        }
        return text
    }

    /// Every candidate, sorted by its largest regret, described once: the JSON's `candidates`, the
    /// CSV (the allocation spread over the programs, last) and the text table (the allocation in short).
    public var candidates: ColumnTable<Robustness.Candidate> {
        let order = ["name", "mean_regret", "median_regret", "p95_regret", "max_regret", "within", "allocation"]
        return ColumnTable(
            [
                .string("name", header: "candidate", csvHeader: "candidate") { $0.name },
                .allocation(header: "allocation", scenario: scenario) { $0.allocation },
                .number("mean_regret", header: "mean regret", shown: { Show.loss($0) }, of: { $0.meanRegret }),
                .number("median_regret", header: "median", shown: { Show.loss($0) }, of: { $0.medianRegret }),
                .number("p95_regret", header: "95th pct", shown: { Show.loss($0) }, of: { $0.p95Regret }),
                .number("max_regret", header: "max regret", shown: { Show.loss($0) }, of: { $0.maxRegret }),
                .number("within", header: "within \(epsilon)", shown: { Show.percent($0) }, of: { $0.within }),
            ], rows: result.ranked, textOrder: order, csvOrder: order)
    }

    /// Every candidate, sorted by its largest regret.
    public var candidatesTable: TextTable { candidates.textTable }

    /// Each program's near-optimal range at the medians.
    public var rangesTable: TextTable {
        var table = TextTable(
            ["program", "optimum", "lowest within \(epsilon)", "highest within \(epsilon)", "firm?"],
            alignments: [.left, .right, .right, .right, .left])
        for r in result.ranges {
            let span = r.high - r.low
            let firmness =
                span <= 0.05 * max(scenario.budget, 1e-12)
                ? "firm" : span >= 0.5 * scenario.budget ? "a matter of taste" : "some room"
            table.append([
                r.id, Show.amount(r.optimum), Show.amount(r.low) + (r.lowExact ? "" : " *"),
                Show.amount(r.high) + (r.highExact ? "" : " *"), firmness,
            ])
        }
        return table
    }

    public var switchTable: TextTable {
        var table = TextTable(
            ["parameter", "switches at", "funded below", "funded above"], alignments: [.left, .right, .left, .left])
        for s in result.switchPoints {
            table.append([s.parameter, Show.small(s.value), funded(s.fundedBelow), funded(s.fundedAbove)])
        }
        return table
    }

    public var trajectoryTable: TextTable? {
        guard let d = result.discovery else { return nil }
        var table = TextTable(["box", "coverage", "density", "mass", ""], alignments: [.right, .right, .right, .right, .left])
        for (i, b) in d.trajectory.enumerated() {
            table.append([
                String(i), Show.percent(b.coverage), Show.percent(b.density), Show.percent(b.mass),
                i == d.chosen ? "← chosen" : "",
            ])
        }
        return table
    }

    /// The chosen box's bounds in words ("p7 > 0.18 and programs.rlhf.backfire ≤ 0.21").
    public var boxWords: String? {
        guard let d = result.discovery else { return nil }
        guard !d.bounds.isEmpty else { return "no bounds: the box holds every draw" }
        return d.bounds.map { b in
            switch (b.low, b.high) {
            case let (low?, high?): "\(Show.small(low)) ≤ \(b.feature) ≤ \(Show.small(high))"
            case let (low?, nil): "\(b.feature) ≥ \(Show.small(low))"
            case let (nil, high?): "\(b.feature) ≤ \(Show.small(high))"
            default: b.feature
            }
        }.joined(separator: " and ")
    }

    public var document: ReportDocument {
        var document = ReportDocument(title: scenario.titleLine)
        document.text(
            "How firm is this advice? Each of \(result.options.draws) draws (seed \(result.options.seed)) of the uncertain numbers "
                + "has its own optimum; a candidate's regret in a draw is how far it falls below that optimum, in percentage points "
                + "of \(scenario.objectiveName).")
        document.text(sentence)
        document.table(candidatesTable)
        document.chart(regretChart.svg())
        document.heading("Which amounts are firm")
        document.text(
            "At the medians, the least and the most of each program that an allocation within \(epsilon) of the optimum can hold "
                + "(the rest re-optimised). A narrow range is firm advice; a wide one is a matter of taste."
                + (result.ranges.contains { !$0.lowExact || !$0.highExact }
                    ? " * marks an end the optimality check could not confirm (a lower bound on the range's width)." : ""))
        document.table(rangesTable)
        document.chart(rangesChart.svg())
        document.heading("Where the advice flips")
        if result.switchPoints.isEmpty {
            document.text(
                "No single uncertain number, moved between its 5th and 95th percentiles with the others at their medians, "
                    + "changes which programs the optimum funds (more than 1% of the budget).")
        } else {
            document.text(
                "Values of one uncertain number (the others at their medians, between its 5th and 95th percentiles) at which "
                    + "the set of programs the optimum funds (more than 1% of the budget) changes.")
            document.table(switchTable)
        }
        if let d = result.discovery, let discover, let trajectory = trajectoryTable {
            document.heading("Where “\(discover)” happens")
            if d.eventCount == 0 || d.eventCount == result.options.draws {
                document.text(
                    "The event happened in \(d.eventCount == 0 ? "none" : "all") of the draws: there is no region to find.")
            } else {
                document.text(
                    "The event happened in \(d.eventCount) of \(result.options.draws) draws. Peeling the draws 5% at a time on the "
                        + "drawn numbers and beliefs, the chosen box (density ≥ \(Show.percent(result.options.threshold, digits: 0)), "
                        + "or the densest) is: \(boxWords ?? "").")
                document.text(
                    "It holds \(Show.percent(d.box.coverage)) of the draws where the event happens (coverage), the event happens in "
                        + "\(Show.percent(d.box.density)) of the draws inside it (density), and it holds \(Show.percent(d.box.mass)) of all draws."
                )
                if let box = boxChart { document.chart(box.svg()) }
                document.table(trajectory)
                if let chart = trajectoryChart { document.chart(chart.svg()) }
            }
        }
        return document
    }

    public var regretChart: BoxPlot {
        let groups = result.ranked.map { c -> (label: String, box: BoxPlot.Box) in
            let sorted = c.regrets.sorted()
            func q(_ p: Double) -> Double { Quantile.linear(sorted, p) }
            return (
                c.name, BoxPlot.Box(p5: q(0.05), p25: q(0.25), median: q(0.5), p75: q(0.75), p95: q(0.95), mean: c.meanRegret)
            )
        }
        var chart = BoxPlot(
            title: "Regret when the numbers are wrong", xLabel: "regret against each draw's own optimum (pp)", groups: groups)
        chart.subtitle = "\(result.options.draws) draws; whiskers 5th–95th percentile, box the middle half, dot the mean"
        chart.labelScale = 100
        return chart
    }

    public var rangesChart: IntervalChart {
        var chart = IntervalChart(
            title: "Amounts within \(epsilon) of the optimum", xLabel: "resource units",
            rows: result.ranges.map {
                IntervalChart.Row(label: scenario.programs[$0.program].name, low: $0.low, high: $0.high, mark: $0.optimum)
            })
        chart.subtitle = "At the medians; the rest of the budget re-optimised at each amount"
        chart.intervalLegend = "amounts within \(epsilon)"
        chart.markLegend = "the optimum's amount"
        return chart
    }

    public var trajectoryChart: LineChart? {
        guard let d = result.discovery, d.trajectory.count > 1 else { return nil }
        var chart = LineChart(title: "Peeling towards the event", xLabel: "coverage", yLabel: "density", x: 0...1, y: 0...1)
        chart.subtitle = "Each point a box, from every draw (right) inwards; the chosen box marked"
        chart.lines = [
            LineChart.Line(x: d.trajectory.map(\.coverage), y: d.trajectory.map(\.density), color: "#2e86c1", label: "boxes")
        ]
        chart.markers = [LineChart.Marker(x: d.box.coverage, label: "chosen")]
        chart.referenceLines = [LineChart.ReferenceLine(y: result.options.threshold, label: "threshold", color: "#999999")]
        return chart
    }

    /// The chosen box's bounds, each feature drawn on the range its values took over all draws
    /// (0 the smallest draw, 1 the largest), so features of different units share one axis.
    public var boxChart: IntervalChart? {
        guard let d = result.discovery, !d.bounds.isEmpty else { return nil }
        let features = result.features
        let rows = d.bounds.compactMap { b -> IntervalChart.Row? in
            guard let drawn = features.first(where: { $0.name == b.feature })?.values else { return nil }
            let low = drawn.min() ?? 0
            let high = drawn.max() ?? 1
            let span = high > low ? high - low : 1
            func position(_ x: Double) -> Double { (x - low) / span }
            let from = b.low.map(position) ?? 0
            let to = b.high.map(position) ?? 1
            let label =
                "\(b.feature) " + (b.low.map { "≥ \(Show.small($0))" } ?? "") + (b.low != nil && b.high != nil ? ", " : "")
                + (b.high.map { "≤ \(Show.small($0))" } ?? "")
            return IntervalChart.Row(label: label, low: from, high: to, mark: (from + to) / 2)
        }
        var chart = IntervalChart(
            title: "Where the event happens", xLabel: "position within the values drawn (0 = smallest draw, 1 = largest)",
            rows: rows)
        chart.subtitle = "The chosen box's bounds on each restricted feature; the rest are unrestricted"
        chart.intervalLegend = "inside the box"
        chart.markLegend = "middle of the box"
        return chart
    }

    public var charts: [(name: String, svg: String)] {
        [("regret", regretChart.svg()), ("ranges", rangesChart.svg())] + (trajectoryChart.map { [("discovery", $0.svg())] } ?? [])
            + (boxChart.map { [("box", $0.svg())] } ?? [])
    }

    public var json: JSONValue {
        func amounts(_ programs: [Int]) -> JSONValue { .array(ids(programs).map { .string($0) }) }
        func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        var fields: [(String, JSONValue)] = [
            ("draws", .number(Double(result.options.draws))), ("seed", .number(Double(result.options.seed))),
            ("within", .number(result.options.within)),
            ("candidates", candidates.json),
            (
                "ranges",
                .array(
                    result.ranges.map { r in
                        .object([
                            ("id", .string(r.id)), ("optimum", .number(r.optimum)), ("low", .number(r.low)),
                            ("high", .number(r.high)), ("witness_low", scenario.allocationJSON(r.witnessLow)),
                            ("witness_high", scenario.allocationJSON(r.witnessHigh)), ("exact_low", .bool(r.lowExact)),
                            ("exact_high", .bool(r.highExact)),
                        ])
                    })
            ),
            (
                "switch_points",
                .array(
                    result.switchPoints.map { s in
                        .object([
                            ("parameter", .string(s.parameter)), ("value", .number(s.value)),
                            ("funded_below", amounts(s.fundedBelow)), ("funded_above", amounts(s.fundedAbove)),
                        ])
                    })
            ),
        ]
        if let d = result.discovery, let discover {
            func box(_ b: ScenarioDiscovery.Box) -> [(String, JSONValue)] {
                [("coverage", .number(b.coverage)), ("density", .number(b.density)), ("mass", .number(b.mass))]
            }
            fields.append(
                (
                    "discovery",
                    .object([
                        ("event", .string(discover)), ("events", .number(Double(d.eventCount))),
                        ("trajectory", .array(d.trajectory.map { .object(box($0)) })),
                        (
                            "box",
                            .object(
                                box(d.box) + [
                                    (
                                        "bounds",
                                        .array(
                                            d.bounds.map {
                                                .object([
                                                    ("feature", .string($0.feature)), ("low", optional($0.low)),
                                                    ("high", optional($0.high)),
                                                ])
                                            })
                                    )
                                ])
                        ),
                    ])
                ))
        } else {
            fields.append(("discovery", .null))
        }
        fields.append(("summary", .string(sentence)))
        return .object(fields + scenario.objectiveJSON)
    }

    /// The candidates' table: one row per candidate with its regret statistics and allocation.
    public var csv: String { candidates.csv }

    public var brief: ReportBrief {
        ReportBrief(
            sentence: sentence, charts: [regretChart.svg(), rangesChart.svg()], table: candidatesTable,
            command: "robust \(ReportBrief.scenarioPlaceholder) --draws \(result.options.draws)"
                + (result.options.seed == 1 ? "" : " --seed \(result.options.seed)"))
    }

    /// The per-draw export: `draw`, the drawn parameters, p1..pN, `optimum`, each candidate's V_s
    /// (in the fixed candidate order), then `event` with discovery.
    public var exportRows: (header: [String], rows: [[Double]]) {
        let n = scenario.scale.levelCount
        let header =
            ["draw"] + result.parameterNames + (1...n).map { "p\($0)" } + ["optimum"] + result.candidates.map(\.name)
            + (result.events == nil ? [] : ["event"])
        let rows = (0..<result.options.draws).map { s -> [Double] in
            var row: [Double] = [Double(s + 1)]
            row += result.parameters[s]
            row += result.beliefs[s]
            row.append(result.optima[s])
            row += result.candidates.map { $0.values[s] }
            if let events = result.events { row.append(events[s] ? 1 : 0) }
            return row
        }
        return (header, rows)
    }
}
