import AlignmentScale
import Foundation

extension SampledEvaluation {
    /// The Monte Carlo fields `evaluate --samples` adds to the exact evaluation's JSON (MODEL.md §10).
    public var jsonFields: [(String, JSONValue)] {
        [
            ("samples", .integer(samples)), ("seed", .number(Double(seed))), ("mean", .number(mean)),
            ("stderr", .number(standardError)),
            (
                "percentiles",
                .object(zip(SampledEvaluation.percentileLevels, percentiles).map { (String($0), .number($1)) })
            ),
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

    /// - Parameters:
    ///   - exact: the exact evaluation at the medians, shown alongside.
    public func report(_ format: OutputFormat, scenario: Scenario, exact: Evaluation, allocationLabel: String) -> String {
        switch format {
        case .json:
            guard case .object(let fields) = exact.json else { return "" }
            return JSONValue.object(fields + jsonFields).rendered()
        case .csv:
            var table = TextTable(["statistic", "value"])
            table.append(["samples", String(samples)])
            table.append(["seed", String(seed)])
            table.append(["mean", "\(mean)"])
            table.append(["stderr", "\(standardError)"])
            for (level, value) in zip(SampledEvaluation.percentileLevels, percentiles) {
                table.append(["p\(level)", "\(value)"])
            }
            table.append(["minimum", "\(minimum)"])
            table.append(["maximum", "\(maximum)"])
            table.append(["safety_at_medians", "\(safetyAtMedians)"])
            return table.csv()
        case .table, .markdown:
            let md = format == .markdown
            var percentileTable = TextTable(
                SampledEvaluation.percentileLevels.map { "p\($0)" }, alignments: Array(repeating: .right, count: 5))
            percentileTable.append(percentiles.map { Show.percent($0, digits: 2) })
            let biggest = histogram.map(\.count).max() ?? 1
            var bars = TextTable(["safety", "", "samples"], alignments: [.left, .left, .right])
            for bar in histogram {
                bars.append([
                    "\(Show.percent(bar.lower, digits: 2)) – \(Show.percent(bar.upper, digits: 2))",
                    Show.bar(Double(bar.count) / Double(max(biggest, 1)), width: 30), String(bar.count),
                ])
            }
            let render = { (t: TextTable) in md ? t.markdown() : t.text() }
            let uncertain = scenario.uncertainty.parameters.count
            let what =
                "\(uncertain) uncertain parameter\(uncertain == 1 ? "" : "s")"
                + (scenario.beliefConcentration.map { ", beliefs from Dirichlet(κ·p) with κ = \(Show.amount($0))" } ?? "")
            return """
                \(exact.report(format, scenario: scenario, allocationLabel: allocationLabel + "; uncertain parameters at their medians"))
                \(md ? "### " : "")Under uncertainty: \(samples) samples (seed \(seed)), \(what)
                Mean safety \(Show.percent(mean, digits: 2)) ± \(Show.percent(standardError, digits: 2)) (standard error); at the medians \(Show.percent(safetyAtMedians, digits: 2)).

                \(render(percentileTable))
                \(render(bars))
                """
        }
    }
}

extension SampledOptimization {
    public func report(_ format: OutputFormat, scenario: Scenario) -> String {
        let ids = scenario.programs.map(\.id)
        let objectiveName: String
        switch measure {
        case .mean: objectiveName = "mean safety"
        case .cvar(let alpha): objectiveName = "mean safety of the worst \(Show.percent(alpha)) of draws (CVaR)"
        }
        switch format {
        case .json:
            return JSONValue.object([
                ("safety", .number(objective)), ("objective", .string(measure.description)), ("samples", .integer(samples)),
                ("seed", .number(Double(seed))), ("in_sample_mean", .number(inSampleMean)),
                ("allocation", scenario.allocationJSON(allocation)), ("multiplier", .number(multiplier)),
                (
                    "kkt",
                    .object([
                        ("holds", .bool(optimum.kkt.holds())), ("relative_violation", .number(optimum.kkt.relativeViolation)),
                    ])
                ),
                (
                    "out_of_sample",
                    .object([
                        ("samples", .integer(outOfSample.samples)), ("seed", .number(Double(outOfSample.seed))),
                        ("mean", .number(outOfSample.mean)), ("stderr", .number(outOfSample.standardError)),
                        ("objective", .number(outOfSample.objective)),
                        ("median_optimum_mean", .number(outOfSample.medianOptimumMean)),
                        ("median_optimum_objective", .number(outOfSample.medianOptimumObjective)),
                        ("difference_stderr", .number(outOfSample.differenceStandardError)),
                    ])
                ),
                ("median_optimum", scenario.allocationJSON(medianOptimum)),
                (
                    "per_sample_optima",
                    .object([
                        ("draws", .integer(spread.draws)), ("mean_l1_distance", .number(spread.meanL1Distance)),
                        (
                            "percentiles",
                            .object(
                                zip(ids, spread.percentiles).map { id, q in
                                    (id, .object([("5", .number(q[0])), ("50", .number(q[1])), ("95", .number(q[2]))]))
                                })
                        ),
                    ])
                ),
                (
                    "heuristics",
                    .array(
                        heuristics.map {
                            .object([
                                ("name", .string($0.heuristic.rawValue)), ("safety", .number($0.objective)),
                                ("regret", .number($0.regret)), ("allocation", scenario.allocationJSON($0.allocation)),
                            ])
                        })
                ),
            ]).rendered()
        case .csv:
            var table = TextTable(["id", "optimal", "median_optimum", "draw_optimum_p5", "draw_optimum_p50", "draw_optimum_p95"])
            for (j, id) in ids.enumerated() {
                table.append(
                    [id, "\(allocation[j])", "\(medianOptimum[j])"] + spread.percentiles[j].map { "\($0)" })
            }
            return table.csv()
        case .table, .markdown:
            let md = format == .markdown
            var programs = TextTable(
                ["program", "level", "amount", "", "at medians", "own optimum of each draw (p5 / p50 / p95)"],
                alignments: [.left, .left, .right, .left, .right, .left])
            for (j, program) in scenario.programs.enumerated() {
                let q = spread.percentiles[j]
                programs.append([
                    program.id, scenario.levelLabel(program), Show.amount(allocation[j]),
                    Show.bar(scenario.budget > 0 ? allocation[j] / scenario.budget : 0, width: 20), Show.amount(medianOptimum[j]),
                    "\(Show.amount(q[0])) / \(Show.amount(q[1])) / \(Show.amount(q[2]))",
                ])
            }
            var rules = TextTable(
                ["heuristic", objectiveName.hasPrefix("mean safety of") ? "CVaR" : "mean safety", "loses"],
                alignments: [.left, .right, .right])
            for row in heuristics {
                rules.append([row.heuristic.rawValue, Show.percent(row.objective, digits: 2), Show.points(-row.regret)])
            }
            let render = { (t: TextTable) in md ? t.markdown() : t.text() }
            let gain = outOfSample.mean - outOfSample.medianOptimumMean
            return """
                \(md ? "## " : "")\(scenario.titleLine)
                Best allocation under uncertainty: maximises \(objectiveName) over \(samples) draws (seed \(seed)),
                the same draws for every candidate (common random numbers).
                In-sample: \(objectiveName) \(Show.percent(objective, digits: 2))\(measure == .mean ? "" : "; mean safety \(Show.percent(inSampleMean, digits: 2))"). λ = \(Show.small(100 * multiplier)) pp/unit; KKT \(optimum.kkt.holds() ? "holds" : "does not hold").

                \(render(programs))
                On \(outOfSample.samples) fresh draws (seed \(outOfSample.seed)): mean safety \(Show.percent(outOfSample.mean, digits: 2)) ± \(Show.percent(outOfSample.standardError, digits: 2)); \
                the exact optimum at the medians gets \(Show.percent(outOfSample.medianOptimumMean, digits: 2)) on the same draws \
                (difference \(String(format: "%+.3f", 100 * gain)) ± \(String(format: "%.3f", 100 * outOfSample.differenceStandardError)) pp).
                \(measure == .mean ? "" : "Its \(objectiveName) on those draws: \(Show.percent(outOfSample.objective, digits: 2)), against \(Show.percent(outOfSample.medianOptimumObjective, digits: 2)) for the optimum at the medians.\n")\
                Stability: each of the first \(spread.draws) draws optimised alone lands on average \(Show.amount(spread.meanL1Distance)) \
                units (L1) from this allocation.

                \(md ? "### " : "")Heuristics on the same draws
                \(render(rules))
                """
        }
    }
}
