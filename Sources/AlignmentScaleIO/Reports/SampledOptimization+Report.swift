import AlignmentScale
import Foundation

/// `alignscale optimize --samples`: the best allocation under uncertainty.
public struct SampledOptimizationReport: Reportable {
    public let result: SampledOptimization
    public let scenario: Scenario

    public init(_ result: SampledOptimization, scenario: Scenario) {
        self.result = result
        self.scenario = scenario
    }

    var objectiveName: String {
        switch result.measure {
        case .mean: "mean safety"
        case .cvar(let alpha): "mean safety of the worst \(Show.percent(alpha)) of draws (CVaR)"
        }
    }

    public var json: JSONValue {
        let r = result
        let ids = scenario.programs.map(\.id)
        return JSONValue.object([
            ("safety", .number(r.objective)), ("objective", .string(r.measure.description)), ("samples", .integer(r.samples)),
            ("seed", .number(Double(r.seed))), ("in_sample_mean", .number(r.inSampleMean)),
            ("allocation", scenario.allocationJSON(r.allocation)), ("multiplier", .number(r.multiplier)),
            (
                "kkt",
                .object([
                    ("holds", .bool(r.optimum.kkt.holds())), ("relative_violation", .number(r.optimum.kkt.relativeViolation)),
                ])
            ),
            (
                "out_of_sample",
                .object([
                    ("samples", .integer(r.outOfSample.samples)), ("seed", .number(Double(r.outOfSample.seed))),
                    ("mean", .number(r.outOfSample.mean)), ("stderr", .number(r.outOfSample.standardError)),
                    ("objective", .number(r.outOfSample.objective)),
                    ("median_optimum_mean", .number(r.outOfSample.medianOptimumMean)),
                    ("median_optimum_objective", .number(r.outOfSample.medianOptimumObjective)),
                    ("difference_stderr", .number(r.outOfSample.differenceStandardError)),
                ])
            ),
            ("median_optimum", scenario.allocationJSON(r.medianOptimum)),
            (
                "per_sample_optima",
                .object([
                    ("draws", .integer(r.spread.draws)), ("mean_l1_distance", .number(r.spread.meanL1Distance)),
                    (
                        "percentiles",
                        .object(
                            zip(ids, r.spread.percentiles).map { id, q in
                                (id, .object([("5", .number(q[0])), ("50", .number(q[1])), ("95", .number(q[2]))]))
                            })
                    ),
                ])
            ),
            (
                "heuristics",
                .array(
                    r.heuristics.map {
                        .object([
                            ("name", .string($0.heuristic.rawValue)), ("safety", .number($0.objective)),
                            ("regret", .number($0.regret)), ("allocation", scenario.allocationJSON($0.allocation)),
                        ])
                    })
            ),
        ])
    }

    public var csv: String {
        let r = result
        let ids = scenario.programs.map(\.id)
        var table = TextTable(["id", "optimal", "median_optimum", "draw_optimum_p5", "draw_optimum_p50", "draw_optimum_p95"])
        for (j, id) in ids.enumerated() {
            table.append([id, "\(r.allocation[j])", "\(r.medianOptimum[j])"] + r.spread.percentiles[j].map { "\($0)" })
        }
        return table.csv()
    }

    public var document: ReportDocument {
        let r = result
        var document = ReportDocument(title: scenario.titleLine)
        document.text(
            "Best allocation under uncertainty: maximises \(objectiveName) over \(r.samples) draws (seed \(r.seed)),\n"
                + "the same draws for every candidate (common random numbers).\n"
                + "In-sample: \(objectiveName) \(Show.exact(r.objective))"
                + (r.measure == .mean ? "" : "; mean safety \(Show.exact(r.inSampleMean))")
                + ". λ = \(Show.small(100 * r.multiplier)) pp/unit; optimality check \(r.optimum.kkt.holds() ? "holds" : "does not hold")."
        )
        var programs = TextTable(
            ["program", "level", "amount", "", "at medians", "own optimum of each draw (p5 / p50 / p95)"],
            alignments: [.left, .left, .right, .left, .right, .left])
        for (j, program) in scenario.programs.enumerated() {
            let q = r.spread.percentiles[j]
            programs.append([
                program.id, scenario.levelLabel(program), Show.amount(r.allocation[j]),
                Show.bar(scenario.budget > 0 ? r.allocation[j] / scenario.budget : 0, width: 20), Show.amount(r.medianOptimum[j]),
                "\(Show.amount(q[0])) / \(Show.amount(q[1])) / \(Show.amount(q[2]))",
            ])
        }
        document.table(programs)
        let gain = r.outOfSample.mean - r.outOfSample.medianOptimumMean
        var fresh =
            "On \(r.outOfSample.samples) fresh draws (seed \(r.outOfSample.seed)): mean safety "
            + "\(Show.sampled(r.outOfSample.mean, r.outOfSample.standardError)); the exact optimum at the medians gets "
            + "\(Show.exact(r.outOfSample.medianOptimumMean)) on the same draws (difference \(String(format: "%+.3f", 100 * gain)) "
            + "± \(String(format: "%.3f", 100 * r.outOfSample.differenceStandardError)) pp)."
        if r.measure != .mean {
            fresh +=
                "\nIts \(objectiveName) on those draws: \(Show.exact(r.outOfSample.objective)), against "
                + "\(Show.exact(r.outOfSample.medianOptimumObjective)) for the optimum at the medians."
        }
        fresh +=
            "\nStability: each of the first \(r.spread.draws) draws optimised alone lands on average "
            + "\(Show.amount(r.spread.meanL1Distance)) units (L1) from this allocation."
        document.text(fresh)
        document.heading("Heuristics on the same draws")
        var rules = TextTable(
            ["heuristic", objectiveName.hasPrefix("mean safety of") ? "CVaR" : "mean safety", "loses"],
            alignments: [.left, .right, .right])
        for row in r.heuristics { rules.append([row.heuristic.rawValue, Show.exact(row.objective), Show.loss(row.regret)]) }
        document.table(rules)
        return document
    }
}

extension SampledOptimizationReport {
    /// The short form: the optimum under uncertainty and the rules against it.
    public var brief: ReportBrief {
        ReportBrief(
            sentence: "Maximising the \(objectiveName) over \(result.samples) draws gives "
                + "\(Show.exact(result.objective)); it funds \(scenario.compact(result.allocation)).",
            command: "optimize \(ReportBrief.scenarioPlaceholder) --samples \(result.samples) --seed \(result.seed)")
    }
}
