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
