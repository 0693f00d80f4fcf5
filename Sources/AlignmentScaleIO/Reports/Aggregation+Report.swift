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
}

/// `alignscale aggregate`: many people's views pooled, and what each side's favourite allocation
/// costs the others.
public struct AggregationReport: Reportable {
    public let aggregation: Aggregation
    public let scenario: Scenario

    public init(_ aggregation: Aggregation, scenario: Scenario) {
        self.aggregation = aggregation
        self.scenario = scenario
    }

    private var regretComputed: Bool { !aggregation.optima.isEmpty }

    public var json: JSONValue {
        let (ids, pools, optima, optimalSafety, crossRegret) = (
            aggregation.ids, aggregation.pools, aggregation.optima, aggregation.optimalSafety, aggregation.crossRegret
        )
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
                ("consensus", aggregation.consensusJSON(scenario: scenario, withRegrets: true)),
                ("minimax_method", .string(Aggregation.minimaxMethod)),
            ]
        }
        return .object(fields + scenario.objectiveJSON)
    }

    public var csv: String {
        let (ids, pools, crossRegret) = (aggregation.ids, aggregation.pools, aggregation.crossRegret)
        let levels = Array(1...pools.linear.count)
        var table = TextTable(["row"] + levels.map { "p\($0)" } + (regretComputed ? ids.map { "regret_vs_\($0)" } : []))
        table.append(["linear-pool"] + pools.linear.map { "\($0)" } + (regretComputed ? ids.map { _ in "" } : []))
        table.append(["logarithmic-pool"] + pools.logarithmic.map { "\($0)" } + (regretComputed ? ids.map { _ in "" } : []))
        if regretComputed {
            for (i, id) in ids.enumerated() {
                table.append([id] + levels.map { _ in "" } + crossRegret[i].map { "\($0)" })
            }
        }
        return table.csv()
    }

    public var document: ReportDocument {
        let (ids, pools, optimalSafety, crossRegret, consensus) = (
            aggregation.ids, aggregation.pools, aggregation.optimalSafety, aggregation.crossRegret, aggregation.consensus
        )
        var document = ReportDocument(
            title: "\(pools.respondents) respondent\(pools.respondents == 1 ? "" : "s") on \(scenario.titleLine)")
        let divergence =
            pools.meanJensenShannon.map {
                "Mean pairwise Jensen–Shannon divergence \(Show.fixed($0, 3)) bits (0 = identical, 1 = disjoint)"
                    + (pools.divergencePairs.map { ", estimated from \($0) random pairs" } ?? "") + "."
            } ?? "One respondent: no disagreement to measure."
        document.text(divergence + "\nThe logarithmic pool raises zero beliefs to ε = \(BeliefPools.epsilon) first.")
        if let note = scenario.objectiveNoteForSafetyColumns { document.text(note) }
        var poolTable = TextTable(["level", "linear pool", "", "log pool"], alignments: [.right, .right, .left, .right])
        for k in pools.linear.indices {
            poolTable.append([
                String(k + 1), Show.percent(pools.linear[k]), Show.bar(pools.linear[k], width: 20),
                Show.percent(pools.logarithmic[k]),
            ])
        }
        document.table(poolTable)
        guard regretComputed else {
            document.text(
                "More than \(Aggregation.maximumForRegret) respondents: optima, cross-regret and consensus are not computed.")
            return document
        }
        let shown = min(ids.count, 12)
        var entropyTable = TextTable(
            ["respondent", "entropy (bits)", "own optimum: safety"], alignments: [.left, .right, .right])
        for i in ids.indices.prefix(shown) {
            entropyTable.append([ids[i], Show.fixed(pools.entropies[i], 3), Show.exact(optimalSafety[i])])
        }
        document.table(entropyTable)
        document.heading(
            "Cross-regret (percentage points): what the row respondent loses if the column respondent's best allocation is used"
                + (ids.count > shown ? " (first \(shown) shown; all in --format json)" : ""))
        var regret = TextTable(
            ["regret of ↓ under →"] + ids.prefix(shown).map { String($0.prefix(10)) },
            alignments: [.left] + Array(repeating: .right, count: shown))
        for i in 0..<shown { regret.append([ids[i]] + crossRegret[i].prefix(shown).map { Show.fixed(100 * $0, 2) }) }
        document.table(regret)
        document.heading("Consensus allocations (regret relative to each respondent's own optimum)")
        var consensusTable = TextTable(
            ["consensus", "worst regret", "mean regret", "allocation"], alignments: [.left, .right, .right, .left])
        for c in consensus {
            consensusTable.append([c.name, Show.loss(c.maximumRegret), Show.loss(c.meanRegret), scenario.compact(c.allocation)])
        }
        document.table(consensusTable)
        document.text("Minimax regret: \(Aggregation.minimaxMethod).")
        return document
    }
}

extension AggregationReport {
    /// The short form: how many respondents, and what the pools' optima give.
    public var brief: ReportBrief {
        let pools = aggregation.pools
        return ReportBrief(
            sentence: "\(pools.respondents) respondent\(pools.respondents == 1 ? "" : "s") pooled; "
                + (pools.meanJensenShannon.map { "mean pairwise Jensen–Shannon divergence \(Show.fixed($0, 3)) bits." }
                    ?? "one respondent, no disagreement to measure."),
            command: "aggregate RESPONDENTS --scenario \(ReportBrief.scenarioPlaceholder)")
    }
}

extension BeliefGroups {
    /// `{"groups": [{"name", "size", "expected_level", "beliefs", "allocation", "safety"}],
    /// "cross_regret", "divergence"}`: the survey summary's groups, or `null` without groups.
    public func json(scenario: Scenario) -> JSONValue {
        guard let aggregation, !aggregation.optima.isEmpty else { return .null }
        return .object([
            (
                "groups",
                .array(
                    groups.indices.map { g in
                        .object([
                            ("name", .string(groups[g].name)), ("size", .integer(groups[g].size)),
                            ("expected_level", .number(groups[g].expectedLevel)), ("beliefs", .numbers(groups[g].beliefs)),
                            ("allocation", scenario.allocationJSON(aggregation.optima[g])),
                            ("safety", .number(aggregation.optimalSafety[g])),
                        ])
                    })
            ),
            ("cross_regret", .array(aggregation.crossRegret.map { .numbers($0) })),
            ("divergence", .array(divergence.map { .numbers($0) })),
        ])
    }
}
