import Foundation

/// A value of one uncertain parameter at which the optimum's funded set changes, the others at
/// their medians (<doc:FirmAdvice>).
///
/// For each uncertain parameter, the exact optimum at 64 evenly spaced values from its
/// 5th to its 95th percentile; wherever the funded set (the programs given more than 1% of the
/// budget) differs between neighbours, bisection narrows the change to 10⁻⁶ of that range. The
/// point reported is the middle of the last bracket, with the funded set at each end.
public struct SwitchPoint: Sendable, Equatable {
    public let parameter: String
    public let value: Double
    /// Program indices funded just below and just above ``value``.
    public let fundedBelow: [Int]
    public let fundedAbove: [Int]
    /// The bracket's ends, whose optima have those funded sets.
    public let below: Double
    public let above: Double

    static let gridPoints = 64
    static let resolution = 1e-6

    static func all(
        scenario: Scenario, sampler: ParameterSampler, threads: Int, isCancelled: (@Sendable () -> Bool)?
    ) -> [SwitchPoint] {
        let problem = AllocationProblem(scenario: scenario)
        let median = SwitchPoint.medianRow(scenario: scenario, sampler: sampler)
        let workers = (0..<threads).map { _ in RobustWorker(scenario: scenario, problem: problem, sampler: sampler) }
        let options = Optimizer.Options(isCancelled: isCancelled)
        return ChunkedRun.map(blocks: sampler.parameters.count, workers: workers) { worker, c -> [SwitchPoint] in
            let distribution = sampler.parameters[c].distribution
            let from = distribution.quantile(0.05)
            let to = distribution.quantile(0.95)
            guard to > from, isCancelled?() != true else { return [] }
            func funded(_ value: Double, warm: [Double]) -> ([Int], [Double]) {
                var row = median
                row[c] = value
                let own = worker.drawnProblem(row)
                let rules = Heuristic.allCases.map { $0.allocation(for: own, isCancelled: isCancelled) }
                let x = Optimizer.maximize(own, starts: rules + [warm], options: options).allocation
                return (SwitchPoint.funded(x, budget: problem.budget), x)
            }
            let grid = (0..<gridPoints).map { from + (to - from) * Double($0) / Double(gridPoints - 1) }
            var sets: [([Int], [Double])] = []
            for value in grid { sets.append(funded(value, warm: sets.last?.1 ?? problem.lower)) }
            var points: [SwitchPoint] = []
            for i in 0..<(gridPoints - 1) where sets[i].0 != sets[i + 1].0 {
                var low = (grid[i], sets[i])
                var high = (grid[i + 1], sets[i + 1])
                while high.0 - low.0 > resolution * (to - from), isCancelled?() != true {
                    let mid = 0.5 * (low.0 + high.0)
                    let result = funded(mid, warm: low.1.1)
                    if result.0 == low.1.0 { low = (mid, result) } else { high = (mid, result) }
                }
                points.append(
                    SwitchPoint(
                        parameter: sampler.parameters[c].name, value: 0.5 * (low.0 + high.0), fundedBelow: low.1.0,
                        fundedAbove: high.1.0, below: low.0, above: high.0))
            }
            return points
        }.flatMap { $0 }
    }

    /// The programs given more than 1% of the budget.
    static func funded(_ x: [Double], budget: Double) -> [Int] {
        budget > 0 ? x.indices.filter { x[$0] / budget > Robustness.fundedShare } : []
    }

    /// A row with every parameter at its median and the beliefs at the scenario's.
    static func medianRow(scenario: Scenario, sampler: ParameterSampler) -> [Double] {
        var row = sampler.parameters.map(\.distribution.median)
        if sampler.beliefConcentration != nil {
            row += scenario.beliefs
            for own in sampler.ownBeliefs { row += own.beliefs }
        }
        return row
    }
}
