import AlignmentScale
import Foundation
import SVGCharts

/// `alignscale sensitivity`: which uncertain parameters matter, by tornado and Sobol indices.
public struct SensitivityReport: Reportable {
    public let result: Sensitivity
    public let scenario: Scenario

    /// The base samples and seed of the run, for the command that reproduces the report.
    public let run: (samples: Int, seed: UInt64)?

    public init(_ result: Sensitivity, scenario: Scenario, run: (samples: Int, seed: UInt64)? = nil) {
        self.result = result
        self.scenario = scenario
        self.run = run
    }

    public var charts: [(name: String, svg: String)] { [("tornado", result.tornadoChart(scenario: scenario).svg())] }

    public var json: JSONValue {
        let (baseSafety, baseAllocation, sobol, sobolAllocation, correlationsIgnored) = (
            result.baseSafety, result.baseAllocation, result.sobol, result.sobolAllocation,
            result.correlationsIgnored
        )
        func estimate(_ e: SobolIndices.Estimate) -> [(String, JSONValue)] {
            [("value", .number(e.value)), ("low", .number(e.low)), ("high", .number(e.high))]
        }
        return .object(
            [
                ("safety", .number(baseSafety)), ("allocation", scenario.allocationJSON(baseAllocation)),
                ("tornado", tornadoTable.json),
                (
                    "sobol",
                    .object([
                        ("samples", .integer(sobol.baseSamples)), ("bootstrap", .integer(sobol.bootstrapSamples)),
                        ("variance", .number(sobol.variance)), ("allocation", scenario.allocationJSON(sobolAllocation)),
                        ("correlations_ignored", .bool(correlationsIgnored)),
                        (
                            "factors",
                            .array(
                                sobol.factors.indices.map { k in
                                    .object([
                                        ("name", .string(sobol.factors[k])),
                                        ("first_order", .object(estimate(sobol.firstOrder[k]))),
                                        ("total", .object(estimate(sobol.total[k]))),
                                    ])
                                })
                        ),
                    ])
                ),
            ] + scenario.objectiveJSON)
    }

    /// The Sobol estimates of one factor as CSV cells: first order and total, each with its interval.
    private func sobolCells(_ factor: String) -> [String] {
        let sobol = result.sobol
        guard let k = sobol.factors.firstIndex(of: factor) else { return Array(repeating: "", count: 6) }
        let (s, t) = (sobol.firstOrder[k], sobol.total[k])
        return [s.value, s.low, s.high, t.value, t.low, t.high].map { "\($0)" }
    }

    /// The tornado in every format: the JSON's bars; the CSV's, joined with each parameter's Sobol
    /// indices; the text table, which pairs each low with its high and draws the swing as a bar.
    var tornadoTable: ColumnTable<Sensitivity.TornadoBar> {
        let widest = result.tornado.map(\.swing).max() ?? 0
        return ColumnTable(
            [
                .string("parameter", header: "parameter") { $0.parameter },
                .number("low") { $0.low },
                .number("high") { $0.high },
                .textOnly("5th → 95th percentile") { "\(Show.small($0.low)) → \(Show.small($0.high))" },
                .number("safety_low") { $0.safetyAtLow },
                .number("safety_high") { $0.safetyAtHigh },
                .textOnly("optimal safety") {
                    "\(Show.percent($0.safetyAtLow, digits: 2)) → \(Show.percent($0.safetyAtHigh, digits: 2))"
                },
                .number("swing", header: "swing", shown: { String(format: "%.2f pp", 100 * $0) }) { $0.swing },
                .textOnly("") { Show.bar(widest > 0 ? $0.swing / widest : 0, width: 16) },
                .number("allocation_change_low") { $0.allocationChangeAtLow },
                .number("allocation_change_high") { $0.allocationChangeAtHigh },
                .textOnly("allocation moves (L1)") {
                    "\(Show.amount($0.allocationChangeAtLow)) / \(Show.amount($0.allocationChangeAtHigh))"
                },
                .csvOnly(["first_order", "first_order_low", "first_order_high", "total", "total_low", "total_high"]) {
                    sobolCells($0.parameter)
                },
            ], rows: result.tornado)
    }

    /// The tornado's rows, then the beliefs' Sobol indices (beliefs have no tornado bar).
    public var csv: String {
        var table = tornadoTable.csvTable
        if result.sobol.factors.contains("beliefs") {
            table.append(["beliefs"] + Array(repeating: "", count: 7) + sobolCells("beliefs"))
        }
        return table.csv()
    }

    public var document: ReportDocument {
        let (baseSafety, sobol, correlationsIgnored) = (result.baseSafety, result.sobol, result.correlationsIgnored)
        var indices = TextTable(
            ["factor", "first order", "95% interval", "total", "95% interval", ""],
            alignments: [.left, .right, .left, .right, .left, .left])
        let order = sobol.factors.indices.sorted { sobol.total[$0].value > sobol.total[$1].value }
        for k in order {
            let s = sobol.firstOrder[k]
            let t = sobol.total[k]
            indices.append([
                sobol.factors[k], Show.fixed(s.value, 3), "[\(Show.fixed(s.low, 3)), \(Show.fixed(s.high, 3))]",
                Show.fixed(t.value, 3), "[\(Show.fixed(t.low, 3)), \(Show.fixed(t.high, 3))]",
                Show.bar(min(max(t.value, 0), 1), width: 16),
            ])
        }
        var document = ReportDocument(title: scenario.titleLine)
        document.text("With every uncertain parameter at its median, the best allocation gives safety \(Show.exact(baseSafety)).")
        if let note = scenario.objectiveNoteForSafetyColumns { document.text(note) }
        document.heading("Tornado: each parameter alone at its 5th and 95th percentile, the optimum re-solved")
        document.table(tornadoTable.textTable)
        document.chart(result.tornadoChart(scenario: scenario).svg())
        document.heading(
            "Sobol indices of safety at the scenario's allocation (\(sobol.baseSamples) base samples, \(sobol.bootstrapSamples) bootstrap resamples)"
        )
        document.text(
            "First order: the share of the variance of safety due to the factor alone. Total: including its\n"
                + "interactions with the others. Standard deviation of safety: \(String(format: "%.2f", 100 * sobol.variance.squareRoot())) pp."
        )
        document.table(indices)
        if correlationsIgnored {
            document.text("Correlations are left out: Sobol indices and the tornado assume independent parameters.")
        }
        return document
    }
}

extension Sensitivity {
    /// The tornado as a chart: the `limit` widest bars, optimal safety at each end around the
    /// optimum at the medians.
    public func tornadoChart(scenario: Scenario, limit: Int = 20) -> RangeBarChart {
        var chart = RangeBarChart(
            title: "Tornado: optimal safety with one parameter at its 5th or 95th percentile", xLabel: "optimal safety",
            reference: baseSafety,
            rows: tornado.prefix(limit).map { RangeBarChart.Row(label: $0.parameter, low: $0.safetyAtLow, high: $0.safetyAtHigh) }
        )
        chart.subtitle =
            "\(scenario.name.isEmpty ? "Scenario" : scenario.name): everything at its median gives \(Show.percent(baseSafety, digits: 2))"
        chart.labelScale = 100
        chart.labelSuffix = "%"
        return chart
    }
}

extension SensitivityReport {
    /// The short form: the tornado of the widest bars.
    public var brief: ReportBrief {
        ReportBrief(
            sentence: "The tornado moves one parameter at a time to its 5th and 95th percentile and re-solves the optimum: "
                + "the widest bars are the parameters the answer depends on most.",
            charts: [result.tornadoChart(scenario: scenario, limit: 12).svg()],
            command: "sensitivity \(ReportBrief.scenarioPlaceholder)"
                + (run.map { " --samples \($0.samples) --seed \($0.seed)" } ?? ""))
    }
}
