import AlignmentScale
import SVGCharts

extension Study {
    /// The study's pictures, by file name: each rule's regret distribution (box plots) and the
    /// mean optimal share of each program against the expected difficulty (stacked bars).
    public func charts(scenario: Scenario) -> [(String, String)] {
        var regret = BoxPlot(
            title: "What each simple rule loses against the optimum",
            xLabel: "regret: percentage points of safety below the optimum",
            groups: Heuristic.allCases.enumerated().map { h, rule in
                (rule.rawValue, BoxPlot.Box(values: cases.map { $0.optimum - $0.heuristicSafety[h] }))
            })
        regret.subtitle = "Across \(cases.count) belief profiles; the dot is the mean"
        regret.labelScale = 100
        var shares = StackedBarChart(
            title: "The optimal allocation against expected difficulty",
            xLabel: "expected level E[k] of the case's beliefs", yLabel: "mean share of the budget",
            categories: (0..<10).map {
                "\(Show.fixed(byDifficulty.binEdges[$0], 1))–\(Show.fixed(byDifficulty.binEdges[$0 + 1], 1))"
            },
            series: scenario.programs.enumerated().map { j, program in
                StackedBarChart.Series(name: program.id, color: ChartPalette.color(j), values: byDifficulty.shares[j])
            })
        shares.notes = byDifficulty.cases.map { "\($0) case\($0 == 1 ? "" : "s")" }
        shares.subtitle = "Each bar: the cases whose E[k] falls in the range; the budget left unspent is the gap to 100%"
        return [("study-regret.svg", regret.svg()), ("study-shares.svg", shares.svg())]
    }
}
