import Foundation

/// −τ·log Σ_s exp(r_s(x)/τ), with r_s(x) = V*_s − V_s(x): a smooth stand-in for −max_s r_s(x)
/// that is at most τ·log S below it, so maximising it for a decreasing τ approaches the
/// minimax-regret allocation. Its gradient is Σ_s w_s ∂V_s/∂x with w the softmax of r/τ.
final class SmoothedWorstRegret: AllocationObjective {
    let problem: AllocationProblem
    /// Every draw, as the sample average over them holds it.
    let draws: SampleAverageObjective
    let best: [Double]
    var temperature: Double

    init(problem: AllocationProblem, draws: SampleAverageObjective, best: [Double], temperature: Double) {
        self.problem = problem
        self.draws = draws
        self.best = best
        self.temperature = temperature
    }

    private func regrets(_ x: [Double]) -> [Double] {
        zip(best, draws.values(x)).map { $0 - $1 }
    }

    func value(_ x: [Double]) -> Double {
        let r = regrets(x)
        let top = r.max() ?? 0
        let sum = r.reduce(0) { $0 + exp(($1 - top) / temperature) }
        return -(top + temperature * log(sum))
    }

    func gradient(_ x: [Double]) -> [Double] {
        let r = regrets(x)
        let top = r.max() ?? 0
        var w = r.map { exp(($0 - top) / temperature) }
        let total = w.reduce(0, +)
        for s in w.indices { w[s] /= total }
        return draws.gradient(x, weights: w)
    }
}
