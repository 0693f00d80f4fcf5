import Foundation

/// How much of one program an allocation within ε of the optimum can hold (<doc:FirmAdvice>): the
/// smallest and largest x_j subject to V(x) ≥ V* − ε, the budget and the bounds, at the medians.
///
/// Method: the profile g(t) = max {V(x) : x_j = t, the budget, the bounds}, each a full
/// multi-start optimisation. Going down from the optimum's own amount, a grid of
/// 16 steps finds the first amount whose profile falls short of V* − ε, and bisection
/// between it and the last one that does not locates the end (likewise going up). So an end is
/// the first crossing seen from the optimum: a range is an interval, and allocations further out
/// that come back within ε beyond a dip are not included (the report says so). Each end's witness
/// is the profile's maximiser at that end, which is within ε of the optimum by construction.
///
/// An end is *exact* (optimal for min or max x_j subject to V ≥ V* − ε) when it sits at the
/// program's bound, or when the witness satisfies that problem's KKT conditions: the profile's
/// own conditions on the other programs hold, and the profile slopes the right way there
/// (∂V/∂x_j − λ > 0 at the low end, < 0 at the high end, λ the budget's multiplier), which makes
/// the constraint V ≥ V* − ε's multiplier 1/|∂V/∂x_j − λ| positive.
public struct NearOptimalRange: Sendable {
    public let program: Int
    public let id: String
    /// The optimum's own amount.
    public let optimum: Double
    public let low: Double
    public let high: Double
    public let witnessLow: [Double]
    public let witnessHigh: [Double]
    public let lowExact: Bool
    public let highExact: Bool

    static let gridPoints = 16
    /// Bisection stops when the bracket is this fraction of the budget (amounts print to 0.01).
    static let resolution = 1e-7

    static func all(
        problem: AllocationProblem, optimum: OptimizationResult, epsilon: Double, programs: [Program], threads: Int,
        isCancelled: (@Sendable () -> Bool)?
    ) -> [NearOptimalRange] {
        ChunkedRun.map(count: problem.programCount, threads: threads) { j in
            NearOptimalRange(
                program: j, id: programs[j].id, problem: problem, optimum: optimum, epsilon: epsilon, isCancelled: isCancelled)
        }
    }

    init(
        program j: Int, id: String, problem: AllocationProblem, optimum: OptimizationResult, epsilon: Double,
        isCancelled: (@Sendable () -> Bool)?
    ) {
        program = j
        self.id = id
        let x = optimum.allocation
        self.optimum = x[j]
        let target = optimum.safety - epsilon
        let others = problem.lower.enumerated().filter { $0.offset != j }.reduce(0) { $0 + $1.element }
        let top = min(problem.upper[j], problem.budget - others)
        let options = Optimizer.Options(isCancelled: isCancelled)
        /// The problem with x_j fixed at t.
        func fixed(_ t: Double) -> AllocationProblem {
            var lower = problem.lower
            var upper = problem.upper
            lower[j] = t
            upper[j] = t
            return AllocationProblem(
                model: problem.model, worlds: problem.worlds, weights: problem.weights, lower: lower, upper: upper,
                budget: problem.budget, frontier: problem.frontier)
        }
        /// The profile at t, warm-started from `from` with x_j moved to t.
        func profile(_ t: Double, from: [Double]) -> OptimizationResult {
            let fixed = fixed(t)
            var warm = from
            warm[j] = t
            return Optimizer.maximize(fixed, starts: [warm, x], options: options)
        }
        // The profile at the optimum's own amount, where both walks start.
        let atOptimum = profile(x[j], from: x)
        /// Walks from the optimum towards `end`; returns the last amount within ε and its witness.
        func walk(to end: Double) -> (t: Double, witness: OptimizationResult, atBound: Bool) {
            var inside = (t: x[j], result: atOptimum)
            for i in 1...NearOptimalRange.gridPoints {
                let t = x[j] + (end - x[j]) * Double(i) / Double(NearOptimalRange.gridPoints)
                let result = profile(t, from: inside.result.allocation)
                guard result.safety >= target else {
                    var outside = t
                    while abs(outside - inside.t) > NearOptimalRange.resolution * max(1, problem.budget) {
                        if isCancelled?() == true { break }
                        let mid = 0.5 * (inside.t + outside)
                        let r = profile(mid, from: inside.result.allocation)
                        if r.safety >= target { inside = (mid, r) } else { outside = mid }
                    }
                    return (inside.t, inside.result, false)
                }
                inside = (t, result)
            }
            return (end, inside.result, true)
        }
        func exact(_ end: (t: Double, witness: OptimizationResult, atBound: Bool), low: Bool) -> Bool {
            if end.atBound { return true }
            let g = end.witness.gradient
            let largest = g.map(abs).max() ?? 0
            // The other programs' conditions: the fixed program is given a marginal that no
            // condition can object to.
            var others = g
            others[j] = largest + 1
            let check = KKTCheck(problem: fixed(end.t), allocation: end.witness.allocation, gradient: others)
            let relative = largest > 0 ? check.violation / largest : 0
            let slope = g[j] - check.multiplier
            return relative <= 1e-4 && (low ? slope > 0 : slope < 0)
        }
        let down = walk(to: problem.lower[j])
        let up = walk(to: max(top, x[j]))
        low = down.t
        high = up.t
        witnessLow = down.witness.allocation
        witnessHigh = up.witness.allocation
        lowExact = exact(down, low: true)
        highExact = exact(up, low: false)
    }
}
