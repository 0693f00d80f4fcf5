import AlignmentScale
import Foundation

extension Aggregation {
    /// The consensus allocations as JSON: name, allocation, worst and mean regret, and with
    /// `withRegrets` each respondent's regret (left out where responses are anonymous, as in the
    /// survey's public summary).
    public func consensusJSON(scenario: Scenario, withRegrets: Bool) -> JSONValue {
        .array(
            consensus.map {
                var fields: [(String, JSONValue)] = [
                    ("name", .string($0.name)), ("allocation", scenario.allocationJSON($0.allocation)),
                    ("max_regret", .number($0.maximumRegret)), ("mean_regret", .number($0.meanRegret)),
                ]
                if withRegrets { fields.append(("regrets", .numbers($0.regrets))) }
                return .object(fields)
            })
    }

    public func report(_ format: OutputFormat, scenario: Scenario) -> String {
        let levels = Array(1...pools.linear.count)
        let regretComputed = !optima.isEmpty
        switch format {
        case .json:
            var fields: [(String, JSONValue)] = [
                ("respondents", .integer(pools.respondents)), ("linear", .numbers(pools.linear)),
                ("logarithmic", .numbers(pools.logarithmic)), ("epsilon", .number(BeliefPools.epsilon)),
                ("mean_jensen_shannon", .number(pools.meanJensenShannon)),
                ("jensen_shannon_pairs", pools.divergencePairs.map { .integer($0) } ?? .string("all")),
                (
                    "entropies",
                    .array(zip(ids, pools.entropies).map { .object([("id", .string($0)), ("bits", .number($1))]) })
                ),
            ]
            if regretComputed {
                fields += [
                    (
                        "optima",
                        .array(
                            ids.indices.map { i in
                                .object([
                                    ("id", .string(ids[i])), ("safety", .number(optimalSafety[i])),
                                    ("allocation", scenario.allocationJSON(optima[i])),
                                ])
                            })
                    ),
                    ("cross_regret", .array(crossRegret.map { .numbers($0) })),
                    ("consensus", consensusJSON(scenario: scenario, withRegrets: true)),
                    ("minimax_method", .string(Aggregation.minimaxMethod)),
                ]
            }
            return JSONValue.object(fields).rendered()
        case .csv:
            var table = TextTable(["row"] + levels.map { "p\($0)" } + (regretComputed ? ids.map { "regret_vs_\($0)" } : []))
            table.append(["linear-pool"] + pools.linear.map { "\($0)" } + (regretComputed ? ids.map { _ in "" } : []))
            table.append(["logarithmic-pool"] + pools.logarithmic.map { "\($0)" } + (regretComputed ? ids.map { _ in "" } : []))
            if regretComputed {
                for (i, id) in ids.enumerated() {
                    table.append([id] + levels.map { _ in "" } + crossRegret[i].map { "\($0)" })
                }
            }
            return table.csv()
        case .table, .markdown:
            let md = format == .markdown
            let render = { (t: TextTable) in md ? t.markdown() : t.text() }
            var poolTable = TextTable(["level", "linear pool", "", "log pool"], alignments: [.right, .right, .left, .right])
            for k in levels.indices {
                poolTable.append([
                    String(k + 1), Show.percent(pools.linear[k]), Show.bar(pools.linear[k], width: 20),
                    Show.percent(pools.logarithmic[k]),
                ])
            }
            let divergence =
                pools.meanJensenShannon.map {
                    "Mean pairwise Jensen–Shannon divergence \(Show.fixed($0, 3)) bits (0 = identical, 1 = disjoint)"
                        + (pools.divergencePairs.map { ", estimated from \($0) random pairs" } ?? "") + "."
                } ?? "One respondent: no disagreement to measure."
            var text = """
                \(md ? "## " : "")\(pools.respondents) respondent\(pools.respondents == 1 ? "" : "s") on \(scenario.titleLine.lowercased())
                \(divergence)
                The logarithmic pool raises zero beliefs to ε = \(BeliefPools.epsilon) first.

                \(render(poolTable))
                """
            guard regretComputed else {
                return text
                    + "\nMore than \(Aggregation.maximumForRegret) respondents: optima, cross-regret and consensus are not computed.\n"
            }
            let shown = min(ids.count, 12)
            var regret = TextTable(
                ["regret of ↓ under →"] + ids.prefix(shown).map { String($0.prefix(10)) },
                alignments: [.left] + Array(repeating: .right, count: shown))
            for i in 0..<shown {
                regret.append([ids[i]] + crossRegret[i].prefix(shown).map { Show.fixed(100 * $0, 2) })
            }
            var consensusTable = TextTable(
                ["consensus", "worst regret", "mean regret", "allocation"], alignments: [.left, .right, .right, .left])
            for c in consensus {
                let nonzero = zip(scenario.programs, c.allocation).filter { $0.1 > 1e-9 }.map {
                    "\($0.0.id) \(Show.amount($0.1))"
                }
                consensusTable.append([
                    c.name, String(format: "%.2f pp", 100 * c.maximumRegret), String(format: "%.2f pp", 100 * c.meanRegret),
                    nonzero.joined(separator: ", "),
                ])
            }
            var entropyTable = TextTable(
                ["respondent", "entropy (bits)", "own optimum: safety"], alignments: [.left, .right, .right])
            for i in ids.indices.prefix(shown) {
                entropyTable.append([ids[i], Show.fixed(pools.entropies[i], 3), Show.percent(optimalSafety[i], digits: 2)])
            }
            text += """

                \(render(entropyTable))
                \(md ? "### " : "")Cross-regret (percentage points): what the row respondent loses if the column respondent's best allocation is used\(ids.count > shown ? " (first \(shown) shown; all in --format json)" : "")
                \(render(regret))
                \(md ? "### " : "")Consensus allocations (regret relative to each respondent's own optimum)
                \(render(consensusTable))
                Minimax regret: \(Aggregation.minimaxMethod).

                """
            return text
        }
    }
}
