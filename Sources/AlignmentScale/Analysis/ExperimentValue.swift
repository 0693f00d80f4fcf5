import Foundation

/// What running an experiment before spending the rest of the budget is worth (<doc:Learning>):
/// the value of sample information, net of the experiment's cost.
///
/// For outcomes o with P(o) = Σ_w P(w)·L_o(k(w)) and posteriors P(w | o) = P(w)·L_o(k(w)) / P(o):
///
///     value(c) = Σ_o P(o)·max_x V(x | o; B − c) − max_x V(x; B)
///
/// where V(x | o; B') is the objective under the posterior with budget B' (the minimums still
/// apply). The information value is value(0): never negative, and at most the value of learning
/// the level exactly (EVPI). The break-even cost is the largest c ∈ [0, B − Σ min] with
/// value(c) ≥ 0, found by bisection (value is non-increasing in c, as the best objective is
/// non-decreasing in the budget); when even the whole spare budget leaves value ≥ 0, it is that
/// spare budget and ``breakEvenIsAtLeast`` is set.
public struct ExperimentValue: Sendable {
    public struct OutcomeRow: Sendable {
        public let name: String
        /// P(o).
        public let probability: Double
        /// max_x V(x | o; B − cost), the objective after this outcome.
        public let safety: Double
        /// The optimal allocation after this outcome, with the budget left after paying for the experiment.
        public let allocation: [Double]
    }

    public let id: String
    public let cost: Double
    /// value(cost): what running it and then allocating optimally gains over allocating now.
    public let value: Double
    /// value(0).
    public let informationValue: Double
    /// The largest cost at which it is still worth running.
    public let breakEvenCost: Double
    /// Whether it is worth running even at the whole spare budget (the break-even cost is then at least that).
    public let breakEvenIsAtLeast: Bool
    public let outcomes: [OutcomeRow]
    /// value(c) at the costs the break-even search evaluated, in increasing cost (from 0 to the
    /// whole spare budget, densest near the break-even cost): the curve a chart of value against
    /// cost draws. Points inside the bisection are lower bounds from warm-started searches.
    public let curve: [(cost: Double, value: Double)]

    /// - Parameters:
    ///   - experiment: its outcomes' likelihoods and its cost.
    ///   - problem: the allocation problem now (the weights are the current beliefs over worlds).
    ///   - bestNow: max_x V(x; B), when already known.
    ///   - options: for every inner optimisation.
    ///   - threads: how many outcomes' full optimisations run at once (each is its own search, so
    ///     the answer does not depend on it).
    public init(
        experiment: Experiment, problem: AllocationProblem, bestNow: Double? = nil, options: Optimizer.Options = .init(),
        threads: Int = 1
    ) {
        let now = bestNow ?? Optimum(problem: problem, options: options).objective
        let spare = max(0, problem.budget - problem.lower.reduce(0, +))
        // P(o) and the posterior weights of each outcome.
        let posteriors = experiment.posteriors(on: problem)
        /// The follow-up problem after outcome `o` with budget B − c.
        func reduced(_ o: Int, cost: Double) -> AllocationProblem {
            let budget = problem.budget - cost
            return AllocationProblem(
                model: problem.model, worlds: problem.worlds, weights: posteriors[o].weights, lower: problem.lower,
                upper: problem.upper.map { min($0, budget) }, budget: budget, frontier: problem.frontier)
        }
        /// Σ_o P(o)·max_x V(x | o; B − c), with each outcome's optimum. With `warm` (optima at a
        /// nearby cost) each outcome is one local search from its previous optimum: a feasible
        /// allocation's value, so never above the exact total.
        func learned(cost: Double, warm: [[Double]?]? = nil) -> (total: Double, optima: [[Double]?], objectives: [Double]) {
            /// Outcome o's optimum: a local search from `warm` when given, else the full multi-start.
            func solve(_ o: Int) -> (x: [Double], v: Double)? {
                guard posteriors[o].probability > 0 else { return nil }
                let problem = reduced(o, cost: cost)
                if let start = warm?[o] {
                    let result = Optimizer.polish(problem, from: start, options: options)
                    return (result.allocation, result.safety)
                }
                let optimum = Optimum(problem: problem, options: options)
                return (optimum.allocation, optimum.objective)
            }
            // A local search is too short to be worth a thread; the full searches run side by side.
            let solved =
                warm == nil
                ? ChunkedRun.map(count: posteriors.count, threads: threads, work: solve)
                : posteriors.indices.map(solve)
            var total = 0.0
            for (o, s) in solved.enumerated() { total += posteriors[o].probability * (s?.v ?? 0) }
            return (total, solved.map { $0?.x }, solved.map { $0?.v ?? 0 })
        }
        let atCost = learned(cost: experiment.cost)
        id = experiment.id
        cost = experiment.cost
        value = atCost.total - now
        let atZero = experiment.cost == 0 ? atCost : learned(cost: 0)
        informationValue = atZero.total - now
        outcomes = posteriors.indices.map { o in
            OutcomeRow(
                name: posteriors[o].name, probability: posteriors[o].probability, safety: atCost.objectives[o],
                allocation: atCost.optima[o] ?? problem.lower)
        }
        var curve: [(cost: Double, value: Double)] = [(0, informationValue), (experiment.cost, value)]
        let atSpare = learned(cost: spare)
        curve.append((spare, atSpare.total - now))
        if atSpare.total - now >= 0 {
            breakEvenCost = spare
            breakEvenIsAtLeast = true
        } else {
            // value(low) ≥ 0 > value(high), bisected to 1e-6 of the budget. Inside, each outcome is
            // re-solved from the optimum at the nearer end (a local search, whose value never
            // exceeds the exact one): a warm value ≥ 0 proves value ≥ 0, so `low` stays valid; a
            // warm value < 0 may be wrong, so `high` is confirmed from many starts at the end, and
            // the bisection resumes above it when it was.
            var low = (cost: 0.0, optima: atZero.optima)
            var high = (cost: spare, optima: atSpare.optima)
            if experiment.cost > 0 {
                if value >= 0 { low = (experiment.cost, atCost.optima) } else { high = (experiment.cost, atCost.optima) }
            }
            let tolerance = 1e-6 * max(problem.budget, 1e-300)
            var confirmed = false
            while !confirmed {
                while high.cost - low.cost > tolerance {
                    if options.isCancelled?() == true { break }
                    let middle = (low.cost + high.cost) / 2
                    let warm = learned(cost: middle, warm: middle - low.cost <= high.cost - middle ? low.optima : high.optima)
                    curve.append((middle, warm.total - now))
                    if warm.total - now >= 0 { low = (middle, warm.optima) } else { high = (middle, warm.optima) }
                }
                let exact = learned(cost: high.cost)
                if exact.total - now >= 0 && high.cost < spare && options.isCancelled?() != true {
                    // The warm search missed: the true value is still ≥ 0 here; look above.
                    low = (high.cost, exact.optima)
                    high = (spare, atSpare.optima)
                } else {
                    confirmed = true
                }
            }
            breakEvenCost = low.cost
            breakEvenIsAtLeast = false
        }
        var sorted: [(cost: Double, value: Double)] = []
        for point in curve.sorted(by: { $0.cost < $1.cost }) where sorted.last?.cost != point.cost { sorted.append(point) }
        self.curve = sorted
    }
}
