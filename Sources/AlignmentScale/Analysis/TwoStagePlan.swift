import Foundation

/// Act now, or learn first? The best two-stage plan around one experiment (<doc:Learning>).
///
/// A first-stage allocation x¹ is spent now; the experiment is run (its cost comes out of the
/// budget) and its outcome o is seen; a follow-up x²_o ≥ 0 is spent after. A unit spent after
/// counts δ (`laterValue`) in readiness, so after outcome o the effective allocation is
/// y_o = x¹ + δ·x²_o. The constraints are x¹ ≥ the minimums, Σx¹ + Σx²_o ≤ B − cost for every o,
/// and y_o ≤ the maximums; the plan maximises Σ_o P(o)·V(y_o | o), V the objective under the
/// outcome's posterior.
///
/// **How it is solved exactly.** Written in y_o, the follow-up after o is an ordinary allocation
/// problem: maximise V(y | o) over x¹ ≤ y ≤ max with Σy ≤ δ(B − cost) + (1 − δ)·Σx¹ (the budget
/// constraint Σx¹ + Σ(y − x¹)/δ ≤ B − cost rearranged). So the plan is
/// max over x¹ of F(x¹) = Σ_o P(o)·V*_o(x¹), x¹ in {min ≤ x¹ ≤ max, Σx¹ ≤ B − cost}, where V*_o is
/// that inner optimum. F's gradient follows from the inner problems' multipliers (the envelope
/// theorem): with λ_o the inner budget multiplier and g_o the inner marginal values,
/// ∂F/∂x¹_i = Σ_o P(o)·((1 − δ)·λ_o − ν_o,i), where ν_o,i = max(0, λ_o − g_o,i) when y_o,i sits at its
/// lower bound x¹_i and 0 otherwise. The outer problem is searched by the optimiser's projected
/// gradient method from several first stages — learn first (x¹ = the minimums), the best
/// single-stage allocation with budget B − cost (nothing spent after), what every outcome's
/// optimum funds in common, and the act-now optimum scaled into B − cost — with each inner problem
/// re-solved from the previous answer; at the end every inner problem is solved again from many
/// starts, and the search resumes if that found better. Because learn first and the best single
/// stage are starting points whose values are exact, the plan is never below either.
///
/// The KKT check covers the joint problem: each inner problem's conditions, and the first
/// stage's conditions with the envelope gradient; ``kktViolation`` is the largest relative
/// violation of them.
public struct TwoStagePlan: Sendable {
    /// δ when nothing else says: a unit spent after the result counts half a unit spent now.
    public static let defaultLaterValue = 0.5

    /// What happens after one outcome.
    public struct After: Sendable {
        public let name: String
        /// P(o).
        public let probability: Double
        /// x²_o, spent after seeing the outcome.
        public let spend: [Double]
        /// y_o = x¹ + δ·x²_o, what the programs end up with in readiness.
        public let effective: [Double]
        /// P(no catastrophe) at the effective allocation under the outcome's posterior.
        public let safety: Double
        /// The objective at it (the expected value U with a stop cost, else safety).
        public let value: Double
    }

    public let experiment: String
    public let cost: Double
    /// δ, what a unit spent after the result counts in readiness.
    public let laterValue: Double
    /// x¹, spent now.
    public let now: [Double]
    public let after: [After]
    /// Σ_o P(o)·V(y_o | o).
    public let value: Double
    /// max_x V(x; B): spend everything now and do not run the experiment.
    public let actNowValue: Double
    public let actNowAllocation: [Double]
    /// The plan with x¹ = the minimums: run the experiment first, then spend.
    public let learnFirstValue: Double
    /// The best allocation spent at once with budget B − cost (the experiment run, its result unused).
    public let singleStageValue: Double
    /// Whether the plan is at least as good as acting now (within 1e-12, rounding).
    public var worthRunning: Bool { value >= actNowValue - 1e-12 }
    /// The largest relative violation of the joint problem's first-order conditions.
    public let kktViolation: Double

    /// - Parameters:
    ///   - experiment: the experiment run between the two stages.
    ///   - problem: the allocation problem now (weights: the current beliefs over worlds).
    ///   - laterValue: δ ∈ (0, 1] (clamped into it).
    ///   - options: for every optimisation; cancellation returns the best plan found so far.
    public init(
        experiment: Experiment, problem: AllocationProblem, laterValue: Double, options: Optimizer.Options = .init()
    ) {
        // Requests check δ ∈ (0, 1] first; clamped here so that no value can trap.
        let delta = laterValue.isNaN ? 1 : min(max(laterValue, 1e-9), 1)
        let budget = problem.budget - experiment.cost
        let minimums = problem.lower
        let maximums = problem.upper.map { min($0, budget) }
        let outcomes = experiment.posteriors(on: problem)
        let live = outcomes.indices.filter { outcomes[$0].probability > 0 }

        /// The follow-up problem after outcome o given the first stage x¹.
        func inner(_ o: Int, _ first: [Double]) -> AllocationProblem {
            let spent = first.reduce(0, +)
            let later = max(delta * budget + (1 - delta) * spent, spent)
            return AllocationProblem(
                model: problem.model, worlds: problem.worlds, weights: outcomes[o].weights, lower: first,
                upper: zip(maximums, first).map { max($0, $1) }, budget: later, frontier: problem.frontier)
        }

        let outer = AllocationProblem(
            model: problem.model, worlds: problem.worlds, weights: problem.weights, lower: minimums, upper: maximums,
            budget: budget, frontier: problem.frontier)
        let act = Optimum(problem: problem, options: options)
        let single = Optimum(problem: outer, options: options)
        // What each outcome's own optimum funds, spending everything after the result.
        let outcomeOptima = live.map { Optimizer.maximize(outer.weighted(outcomes[$0].weights), options: options).allocation }

        let objective = FirstStageObjective(
            problem: outer, outcomes: live.map { (outcomes[$0].probability, $0) }, laterValue: delta, inner: inner,
            options: options)
        var starts: [[Double]] = [minimums, single.allocation]
        if let first = outcomeOptima.first {
            let common = outcomeOptima.dropFirst().reduce(first) { zip($0, $1).map(min) }
            starts.append(common)
            starts.append(zip(common, minimums).map { ($0 + $1) / 2 })
        }
        starts.append(outer.project(act.allocation))
        var learnFirst = 0.0
        for (k, start) in starts.enumerated() {
            if k > 0, options.isCancelled?() == true { break }
            let x = outer.project(start)
            let value = objective.solveFully(at: x)
            if k == 0 { learnFirst = value }
            _ = Optimizer.search(
                objective, from: x, iterations: options.maximumIterations, tolerance: options.gapTolerance,
                isCancelled: options.isCancelled)
        }
        // Every inner problem from many starts at the best first stage (its answers among the
        // starts, so nothing is lost); resume the search if that found better.
        for _ in 0..<3 where options.isCancelled?() != true {
            let before = objective.best.total
            let x = objective.best.point
            let value = objective.solveFully(at: x, warm: objective.best.solutions)
            guard value > before + 1e-13 * max(1, abs(before)) else { break }
            _ = Optimizer.search(
                objective, from: x, iterations: options.maximumIterations, tolerance: options.gapTolerance,
                isCancelled: options.isCancelled)
        }
        let first = objective.best.point
        let solutions = objective.best.solutions

        let safetyModel = problem.model.safetyOnly
        let costs = problem.model.structure.hasStopCost
        var rows: [After] = []
        var planValue = 0.0
        let envelope = objective.envelopeGradient(at: first, solutions: solutions)
        var violation = KKTCheck(problem: outer, allocation: first, gradient: envelope).relativeViolation
        for o in outcomes.indices {
            let solution = solutions[o]
            let y = solution?.allocation ?? first
            let spend = zip(y, first).map { max(0, ($0 - $1) / delta) }
            let effective = zip(first, spend).map { $0 + delta * $1 }
            let weights = outcomes[o].weights
            let v = problem.model.safety(of: effective, weights: weights)
            let s = costs ? safetyModel.safety(of: effective, weights: weights) : v
            planValue += outcomes[o].probability * v
            if let solution { violation = max(violation, solution.kkt.relativeViolation) }
            rows.append(
                After(
                    name: outcomes[o].name, probability: outcomes[o].probability, spend: spend, effective: effective,
                    safety: s, value: v))
        }
        self.experiment = experiment.id
        cost = experiment.cost
        self.laterValue = delta
        now = first
        after = rows
        value = planValue
        actNowValue = act.objective
        actNowAllocation = act.allocation
        learnFirstValue = learnFirst
        singleStageValue = single.objective
        kktViolation = violation
    }
}

/// F(x¹) = Σ_o P(o)·V*_o(x¹) and its envelope gradient, for the optimiser's search over the first
/// stage. Each evaluation re-solves every outcome's follow-up from its previous answer; the
/// answers at the last point are kept for the gradient, and those at the best point seen for the
/// plan.
private final class FirstStageObjective: AllocationObjective {
    typealias Solutions = [OptimizationResult?]
    let problem: AllocationProblem
    let outcomes: [(probability: Double, index: Int)]
    let delta: Double
    let inner: (Int, [Double]) -> AllocationProblem
    let options: Optimizer.Options
    /// The follow-up answers at ``point``, by outcome index (nil for an impossible outcome).
    private var solutions: Solutions
    private var point: [Double] = []
    private var total = 0.0
    /// The best first stage evaluated so far, its F and its follow-ups.
    private(set) var best: (point: [Double], total: Double, solutions: Solutions) = ([], -.infinity, [])

    init(
        problem: AllocationProblem, outcomes: [(probability: Double, index: Int)], laterValue: Double,
        inner: @escaping (Int, [Double]) -> AllocationProblem, options: Optimizer.Options
    ) {
        self.problem = problem
        self.outcomes = outcomes
        delta = laterValue
        self.inner = inner
        self.options = options
        solutions = Array(repeating: nil, count: (outcomes.map(\.index).max() ?? -1) + 1)
    }

    private func record(_ x: [Double], _ sum: Double) {
        point = x
        total = sum
        if sum > best.total { best = (x, sum, solutions) }
    }

    /// F at `x` with every inner problem solved from many starts, `warm`'s answers (by default the
    /// last point's) among them.
    func solveFully(at x: [Double], warm: Solutions? = nil) -> Double {
        let warm = warm ?? solutions
        var sum = 0.0
        for (p, o) in outcomes {
            let result = Optimizer.maximize(inner(o, x), starts: warm[o].map { [$0.allocation] } ?? [], options: options)
            solutions[o] = result
            sum += p * result.safety
        }
        record(x, sum)
        return sum
    }

    func value(_ x: [Double]) -> Double {
        if x == point { return total }
        var sum = 0.0
        for (p, o) in outcomes {
            let result = Optimizer.polish(inner(o, x), from: solutions[o]?.allocation ?? x, options: options)
            solutions[o] = result
            sum += p * result.safety
        }
        record(x, sum)
        return sum
    }

    func gradient(_ x: [Double]) -> [Double] {
        _ = value(x)
        return envelopeGradient(at: x, solutions: solutions)
    }

    /// ∂F/∂x¹ from the follow-ups' multipliers at `x`.
    func envelopeGradient(at x: [Double], solutions: Solutions) -> [Double] {
        var g = Array(repeating: 0.0, count: x.count)
        let tolerance = 1e-7 * max(1, problem.budget)
        for (p, o) in outcomes {
            guard let solution = solutions[o] else { continue }
            let lambda = solution.kkt.multiplier
            for i in x.indices {
                let atFirst = solution.allocation[i] - x[i] <= tolerance
                let nu = atFirst ? max(0, lambda - solution.gradient[i]) : 0
                g[i] += p * ((1 - delta) * lambda - nu)
            }
        }
        return g
    }
}
