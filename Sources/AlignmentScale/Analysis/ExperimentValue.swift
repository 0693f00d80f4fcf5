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

    /// - Parameters:
    ///   - experiment: its outcomes' likelihoods and its cost.
    ///   - problem: the allocation problem now (the weights are the current beliefs over worlds).
    ///   - bestNow: max_x V(x; B), when already known.
    ///   - options: for every inner optimisation.
    public init(
        experiment: Experiment, problem: AllocationProblem, bestNow: Double? = nil, options: Optimizer.Options = .init()
    ) {
        let now = bestNow ?? Optimum(problem: problem, options: options).objective
        let n = problem.worlds.levelCount
        let spare = max(0, problem.budget - problem.lower.reduce(0, +))
        // P(o) and the posterior weights of each outcome.
        let posteriors: [(probability: Double, weights: [Double])] = experiment.outcomes.map { outcome in
            let joint = problem.weights.indices.map { problem.weights[$0] * outcome.likelihood[$0 % n] }
            let probability = joint.reduce(0, +)
            return (probability, probability > 0 ? joint.map { $0 / probability } : joint)
        }
        /// Σ_o P(o)·max_x V(x | o; B − c), with each outcome's optimum.
        func learned(cost: Double) -> (total: Double, optima: [Optimum?]) {
            let budget = problem.budget - cost
            var total = 0.0
            var optima: [Optimum?] = []
            for posterior in posteriors {
                guard posterior.probability > 0 else {
                    optima.append(nil)
                    continue
                }
                let reduced = AllocationProblem(
                    model: problem.model, worlds: problem.worlds, weights: posterior.weights, lower: problem.lower,
                    upper: problem.upper.map { min($0, budget) }, budget: budget, frontier: problem.frontier)
                let optimum = Optimum(problem: reduced, options: options)
                total += posterior.probability * optimum.objective
                optima.append(optimum)
            }
            return (total, optima)
        }
        let atCost = learned(cost: experiment.cost)
        id = experiment.id
        cost = experiment.cost
        value = atCost.total - now
        informationValue = experiment.cost == 0 ? value : learned(cost: 0).total - now
        outcomes = zip(experiment.outcomes, zip(posteriors, atCost.optima)).map { outcome, pair in
            OutcomeRow(
                name: outcome.name, probability: pair.0.probability, safety: pair.1?.objective ?? 0,
                allocation: pair.1?.allocation ?? problem.lower)
        }
        if learned(cost: spare).total - now >= 0 {
            breakEvenCost = spare
            breakEvenIsAtLeast = true
        } else {
            // value(low) ≥ 0 > value(high); bisect to 1e-6 of the budget.
            var low = 0.0
            var high = spare
            let tolerance = 1e-6 * max(problem.budget, 1e-300)
            while high - low > tolerance {
                if options.isCancelled?() == true { break }
                let middle = (low + high) / 2
                if learned(cost: middle).total - now >= 0 { low = middle } else { high = middle }
            }
            breakEvenCost = low
            breakEvenIsAtLeast = false
        }
    }
}
