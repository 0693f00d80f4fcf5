import Foundation

/// Many people's views of one scenario (<doc:ManyViews>): the pools, each respondent's optimal
/// allocation, the cross-regret matrix, and consensus allocations.
///
/// Every respondent shares the scenario's programs, scalars and orderings and differs only in
/// beliefs, which replace the scenario's in every ordering without beliefs of its own
/// (<doc:DisputedOrderings>). So V_i(x) = P_i · L(x) with P_i the respondent's world probabilities and
/// L(x) = (P(safe | w, x))_w computed once per allocation.
public struct Aggregation: Sendable {
    /// A single allocation offered to everyone, with what it costs each respondent.
    public struct Consensus: Sendable {
        public let name: String
        public let allocation: [Double]
        /// V_i(x*_i) − V_i(x) for each respondent.
        public let regrets: [Double]
        public var maximumRegret: Double { regrets.max() ?? 0 }
        public var meanRegret: Double { regrets.reduce(0, +) / Double(max(regrets.count, 1)) }
    }

    /// The most respondents for which optima, cross-regret and consensus are computed (the matrix
    /// grows as R²); beyond it the pools and divergence are still reported.
    public static let maximumForRegret = 1000

    public let ids: [String]
    public let pools: BeliefPools
    /// x*_i for each respondent (empty beyond ``maximumForRegret``).
    public let optima: [[Double]]
    /// V_i(x*_i).
    public let optimalSafety: [Double]
    /// C[i][j] = V_i(x*_i) − V_i(x*_j): what respondent i loses if respondent j's favourite allocation is used.
    public let crossRegret: [[Double]]
    /// Optimal under the linear pool, under the logarithmic pool, and minimax regret, in that order.
    public let consensus: [Consensus]
    /// How the minimax-regret allocation was found.
    public static let minimaxMethod =
        "best of: every respondent's optimum and both pool optima; 40 rounds of multiplicative weights over respondents (optimum under the weighted mixture of beliefs); then projected-gradient descent on a log-sum-exp smoothing of the maximum regret at shrinking temperatures"

    /// - Parameters:
    ///   - scenario: the programs, parameters and orderings every respondent shares.
    ///   - respondents: each respondent's beliefs and weight.
    ///   - threads: respondents optimised at once.
    ///   - options: for every optimisation (``Optimizer/Options/isCancelled`` stops them all).
    public init(
        scenario: Scenario, respondents: [Respondent], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        options: Optimizer.Options = .init()
    ) {
        ids = respondents.map(\.id)
        pools = BeliefPools(respondents)
        guard respondents.count <= Aggregation.maximumForRegret else {
            optima = []
            optimalSafety = []
            crossRegret = []
            consensus = []
            return
        }
        let shared = AllocationProblem(scenario: scenario)
        let model = shared.model
        let base = Optimum(problem: shared, options: options)
        let starts = [base.allocation] + base.heuristics.map(\.allocation)
        func problem(_ beliefs: [Double]) -> AllocationProblem { shared.reweighted(beliefs: beliefs) }
        let weights = respondents.map { problem($0.beliefs).weights }
        let helpers = (0..<threads).map { _ in Helper() }
        var optima = ChunkedRun.map(blocks: respondents.count, workers: helpers) { _, i in
            Optimizer.maximize(problem(respondents[i].beliefs), starts: starts, options: options).allocation
        }
        var levels = optima.map { model.worldSafety(of: $0) }
        func value(_ i: Int, _ l: [Double]) -> Double { zip(weights[i], l).reduce(0) { $0 + $1.0 * $1.1 } }
        // An optimiser can stop short: if someone else's optimum serves respondent i better, restart
        // i from it, so that every row of the cross-regret matrix is ≥ 0.
        for _ in 0..<3 {
            var improved = false
            for i in respondents.indices {
                let own = value(i, levels[i])
                if let j = respondents.indices.max(by: { value(i, levels[$0]) < value(i, levels[$1]) }), value(i, levels[j]) > own
                {
                    let again = Optimizer.maximize(
                        problem(respondents[i].beliefs), starts: [optima[j], optima[i]], options: options)
                    optima[i] =
                        value(i, model.worldSafety(of: again.allocation)) >= value(i, levels[j]) ? again.allocation : optima[j]
                    levels[i] = model.worldSafety(of: optima[i])
                    improved = true
                }
            }
            if !improved { break }
        }
        let best = respondents.indices.map { value($0, levels[$0]) }
        self.optima = optima
        optimalSafety = best
        crossRegret = respondents.indices.map { i in levels.map { best[i] - value(i, $0) } }

        func regrets(_ x: [Double]) -> [Double] {
            let l = model.worldSafety(of: x)
            return respondents.indices.map { best[$0] - value($0, l) }
        }
        let linear = Optimizer.maximize(problem(pools.linear), starts: starts, options: options).allocation
        let logarithmic = Optimizer.maximize(problem(pools.logarithmic), starts: starts, options: options).allocation
        let minimax = Aggregation.minimaxRegret(
            respondents: respondents, worldWeights: weights, optimalSafety: best, candidates: optima + [linear, logarithmic],
            shared: shared, regrets: regrets, isCancelled: options.isCancelled)
        consensus = [
            Consensus(name: "linear-pool", allocation: linear, regrets: regrets(linear)),
            Consensus(name: "logarithmic-pool", allocation: logarithmic, regrets: regrets(logarithmic)),
            Consensus(name: "minimax-regret", allocation: minimax, regrets: regrets(minimax)),
        ]
    }

    /// min over x of max_i [V_i(x*_i) − V_i(x)] (see ``minimaxMethod``). The result is never worse
    /// than the best candidate, which includes both pool optima.
    static func minimaxRegret(
        respondents: [Respondent], worldWeights: [[Double]], optimalSafety: [Double], candidates: [[Double]],
        shared: AllocationProblem, regrets: ([Double]) -> [Double], isCancelled: (@Sendable () -> Bool)?
    ) -> [Double] {
        var best = candidates[0]
        var bestValue = Double.infinity
        func consider(_ x: [Double]) {
            let worst = regrets(x).max() ?? 0
            if worst < bestValue {
                bestValue = worst
                best = x
            }
        }
        candidates.forEach(consider)
        let count = worldWeights[0].count
        let light = Optimizer.Options(
            randomStarts: 0, screeningIterations: 10, finalists: 1, maximumIterations: 100, isCancelled: isCancelled)
        var weights = [Double](repeating: 1 / Double(respondents.count), count: respondents.count)
        var previous = best
        for round in 0..<40 where isCancelled?() != true {
            // The weighted mixture of the respondents' views, as world probabilities.
            var mixture = [Double](repeating: 0, count: count)
            for i in respondents.indices {
                for w in 0..<count { mixture[w] += weights[i] * worldWeights[i][w] }
            }
            let x = Optimizer.maximize(shared.weighted(mixture), starts: [previous, best], options: light).allocation
            previous = x
            consider(x)
            let r = regrets(x)
            let scale = max(r.max() ?? 0, 1e-12)
            let step = 2 / (1 + Double(round).squareRoot())
            weights = zip(weights, r).map { $0 * exp(step * $1 / scale) }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
        }
        if bestValue > 0 {
            for shrink in [0.1, 0.01, 0.001] {
                let smooth = SoftMaximumRegret(
                    problem: shared, worldWeights: worldWeights, optimalSafety: optimalSafety, temperature: shrink * bestValue)
                consider(Optimizer.maximize(smooth, starts: [best], options: light).allocation)
            }
        }
        return best
    }

    private final class Helper {}
}

/// −τ·log Σ_i exp(regret_i(x)/τ), a smooth lower bound (within τ·log R) on −max_i regret_i(x),
/// for the optimiser. Its gradient is ∇(w·L(x)) with w = Σ_i softmax_i·p_i, one reverse pass.
final class SoftMaximumRegret: AllocationObjective {
    let problem: AllocationProblem
    let model: SafetyModel
    /// Each respondent's world probabilities.
    let beliefs: [[Double]]
    let optimalSafety: [Double]
    let temperature: Double

    init(problem: AllocationProblem, worldWeights: [[Double]], optimalSafety: [Double], temperature: Double) {
        self.problem = problem
        model = problem.model
        beliefs = worldWeights
        self.optimalSafety = optimalSafety
        self.temperature = temperature
    }

    private func regrets(_ x: [Double]) -> [Double] {
        let l = model.worldSafety(of: x)
        return beliefs.indices.map { i in optimalSafety[i] - zip(beliefs[i], l).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    func value(_ x: [Double]) -> Double {
        let r = regrets(x)
        let top = r.max()!
        return -(top + temperature * log(r.reduce(0) { $0 + exp(($1 - top) / temperature) }))
    }

    func gradient(_ x: [Double]) -> [Double] {
        let r = regrets(x)
        let top = r.max()!
        let e = r.map { exp(($0 - top) / temperature) }
        let total = e.reduce(0, +)
        var w = [Double](repeating: 0, count: beliefs[0].count)
        for i in beliefs.indices {
            for k in w.indices { w[k] += e[i] / total * beliefs[i][k] }
        }
        return model.safetyAndGradient(at: x, weights: w).gradient
    }
}
