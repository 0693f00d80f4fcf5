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
        let (baseSafety, baseAllocation, tornado, sobol, sobolAllocation, correlationsIgnored) = (
            result.baseSafety, result.baseAllocation, result.tornado, result.sobol, result.sobolAllocation,
            result.correlationsIgnored
        )
        func estimate(_ e: SobolIndices.Estimate) -> [(String, JSONValue)] {
            [("value", .number(e.value)), ("low", .number(e.low)), ("high", .number(e.high))]
        }
        return .object(
            [
                ("safety", .number(baseSafety)), ("allocation", scenario.allocationJSON(baseAllocation)),
                (
                    "tornado",
                    .array(
                        tornado.map {
                            .object([
                                ("parameter", .string($0.parameter)), ("low", .number($0.low)), ("high", .number($0.high)),
                                ("safety_low", .number($0.safetyAtLow)), ("safety_high", .number($0.safetyAtHigh)),
                                ("swing", .number($0.swing)), ("allocation_change_low", .number($0.allocationChangeAtLow)),
                                ("allocation_change_high", .number($0.allocationChangeAtHigh)),
                            ])
                        })
                ),
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

    public var csv: String {
        let (tornado, sobol) = (result.tornado, result.sobol)
        var table = TextTable([
            "parameter", "low", "high", "safety_low", "safety_high", "swing", "allocation_change_low",
            "allocation_change_high", "first_order", "first_order_low", "first_order_high", "total", "total_low",
            "total_high",
        ])
        for bar in tornado {
            let k = sobol.factors.firstIndex(of: bar.parameter)!
            let s = sobol.firstOrder[k]
            let t = sobol.total[k]
            table.append(
                [bar.parameter] + [bar.low, bar.high, bar.safetyAtLow, bar.safetyAtHigh, bar.swing].map { "\($0)" }
                    + [bar.allocationChangeAtLow, bar.allocationChangeAtHigh, s.value, s.low, s.high, t.value, t.low, t.high]
                    .map {
                        "\($0)"
                    })
        }
        if let k = sobol.factors.firstIndex(of: "beliefs") {
            let s = sobol.firstOrder[k]
            let t = sobol.total[k]
            table.append(
                ["beliefs"] + Array(repeating: "", count: 7)
                    + [s.value, s.low, s.high, t.value, t.low, t.high].map { "\($0)" })
        }
        return table.csv()
    }

    public var document: ReportDocument {
        let (baseSafety, tornado, sobol, correlationsIgnored) = (
            result.baseSafety, result.tornado, result.sobol, result.correlationsIgnored
        )
        let widest = tornado.map(\.swing).max() ?? 0
        var bars = TextTable(
            ["parameter", "5th → 95th percentile", "optimal safety", "swing", "", "allocation moves (L1)"],
            alignments: [.left, .left, .left, .right, .left, .left])
        for bar in tornado {
            bars.append([
                bar.parameter, "\(Show.small(bar.low)) → \(Show.small(bar.high))",
                "\(Show.percent(bar.safetyAtLow, digits: 2)) → \(Show.percent(bar.safetyAtHigh, digits: 2))",
                String(format: "%.2f pp", 100 * bar.swing), Show.bar(widest > 0 ? bar.swing / widest : 0, width: 16),
                "\(Show.amount(bar.allocationChangeAtLow)) / \(Show.amount(bar.allocationChangeAtHigh))",
            ])
        }
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
        document.table(bars)
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
