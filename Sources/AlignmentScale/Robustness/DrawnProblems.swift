import Foundation

/// The draws of a robustness analysis kept in memory, each a full problem of its own: V_s(x) and
/// ∂V_s/∂x for every draw s, computed in parallel over fixed blocks of draws whose results are
/// combined in block order, so every number is the same whatever the number of threads.
final class DrawnProblems {
    let sampler: ParameterSampler
    /// `count` rows of `width` numbers, one after another.
    let rows: [Double]
    let width: Int
    let count: Int
    let programCount: Int
    private let workers: [GradientWorker]
    /// Once it answers `true`, every evaluation returns zeros at once (the caller discards them).
    let isCancelled: (@Sendable () -> Bool)?
    static let blockSize = 16

    init(
        scenario: Scenario, sampler: ParameterSampler, rows: [Double], count: Int, threads: Int,
        isCancelled: (@Sendable () -> Bool)?
    ) {
        self.sampler = sampler
        self.rows = rows
        width = max(sampler.width, 1)
        self.count = count
        programCount = scenario.programs.count
        self.isCancelled = isCancelled
        workers = (0..<max(threads, 1)).map { _ in GradientWorker(scenario: scenario, sampler: sampler) }
    }

    private var blocks: Int { (count + Self.blockSize - 1) / Self.blockSize }

    private func range(_ block: Int) -> Range<Int> {
        (block * Self.blockSize)..<min((block + 1) * Self.blockSize, count)
    }

    /// V_s(x) of every draw at one allocation, in draw order.
    func values(_ x: [Double]) -> [Double] { values { _ in x } }

    /// V_s(x_s) of every draw s at its own allocation `allocation(s)`, in draw order.
    func values(each allocation: (Int) -> [Double]) -> [Double] {
        rows.withUnsafeBufferPointer { all in
            ChunkedRun.map(blocks: blocks, workers: workers) { worker, block in
                if isCancelled?() == true { return [Double](repeating: 0, count: range(block).count) }
                return range(block).map { s in
                    worker.evaluator.load(all.baseAddress! + s * width)
                    return allocation(s).withUnsafeBufferPointer { worker.evaluator.safety(at: $0.baseAddress!) }
                }
            }.flatMap { $0 }
        }
    }

    /// Σ_s w_s ∂V_s/∂x at `x`, summed draw by draw within a block and block by block in order.
    func gradient(_ x: [Double], weights: [Double]) -> [Double] {
        let p = programCount
        let partial = rows.withUnsafeBufferPointer { all in
            x.withUnsafeBufferPointer { xb in
                ChunkedRun.map(blocks: blocks, workers: workers) { worker, block in
                    var sum = [Double](repeating: 0, count: p)
                    if isCancelled?() == true { return sum }
                    for s in range(block) where weights[s] != 0 {
                        worker.evaluator.load(all.baseAddress! + s * width)
                        _ = worker.evaluator.safetyAndGradient(at: xb.baseAddress!, gradient: worker.gradient)
                        for j in 0..<p { sum[j] += weights[s] * worker.gradient[j] }
                    }
                    return sum
                }
            }
        }
        var g = [Double](repeating: 0, count: p)
        for block in partial {
            for j in 0..<p { g[j] += block[j] }
        }
        return g
    }

    /// ∂V_s/∂x at `x` for every draw, in draw order.
    func gradients(_ x: [Double]) -> [[Double]] {
        let p = programCount
        return rows.withUnsafeBufferPointer { all in
            x.withUnsafeBufferPointer { xb in
                ChunkedRun.map(blocks: blocks, workers: workers) { worker, block in
                    range(block).map { s -> [Double] in
                        if isCancelled?() == true { return [Double](repeating: 0, count: p) }
                        worker.evaluator.load(all.baseAddress! + s * width)
                        _ = worker.evaluator.safetyAndGradient(at: xb.baseAddress!, gradient: worker.gradient)
                        return (0..<p).map { worker.gradient[$0] }
                    }
                }.flatMap { $0 }
            }
        }
    }
}

/// The mean of V_s over the draws: what `mean-optimum` maximises (the sample-average
/// approximation), which also minimises the mean regret, as the draws' optima do not depend on x.
final class MeanOverDraws: AllocationObjective {
    let problem: AllocationProblem
    let draws: DrawnProblems

    init(problem: AllocationProblem, draws: DrawnProblems) {
        self.problem = problem
        self.draws = draws
    }

    func value(_ x: [Double]) -> Double {
        draws.values(x).reduce(0, +) / Double(draws.count)
    }

    func gradient(_ x: [Double]) -> [Double] {
        draws.gradient(x, weights: [Double](repeating: 1 / Double(draws.count), count: draws.count))
    }
}

/// −τ·log Σ_s exp(r_s(x)/τ), with r_s(x) = V*_s − V_s(x): a smooth stand-in for −max_s r_s(x)
/// that is at most τ·log S below it, so maximising it for a decreasing τ approaches the
/// minimax-regret allocation. Its gradient is Σ_s w_s ∂V_s/∂x with w the softmax of r/τ.
final class SmoothedWorstRegret: AllocationObjective {
    let problem: AllocationProblem
    let draws: DrawnProblems
    let best: [Double]
    var temperature: Double

    init(problem: AllocationProblem, draws: DrawnProblems, best: [Double], temperature: Double) {
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
