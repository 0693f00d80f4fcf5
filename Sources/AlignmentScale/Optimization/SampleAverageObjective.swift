import Foundation

/// What the Monte Carlo optimiser maximises over a fixed set of draws (common random numbers).
public enum RiskMeasure: Sendable, Equatable, CustomStringConvertible {
    /// The mean of V over the draws (sample-average approximation).
    case mean
    /// The mean of the worst fraction `alpha` ∈ (0, 1] of the draws' V: conditional value at risk
    /// of the lower tail, for someone averse to ambiguity.
    case cvar(alpha: Double)

    public var description: String {
        switch self {
        case .mean: "mean"
        case .cvar(let alpha): "cvar:\(alpha)"
        }
    }
}

/// The sample-average objective (<doc:UncertainParameters>): the mean (or lower-tail CVaR) of V(x) over a fixed
/// set of drawn rows, with its gradient, evaluated in parallel over fixed blocks of rows whose
/// partial sums are added in block order, so the value does not depend on the number of threads.
///
/// CVaR is not differentiable where two draws swap places in the ranking; its gradient here is
/// the mean gradient over the draws currently in the tail (a subgradient), which is what a
/// projected-gradient method needs.
final class SampleAverageObjective: AllocationObjective {
    let problem: AllocationProblem
    let rows: [Double]
    let width: Int
    let count: Int
    let measure: RiskMeasure
    private let workers: [GradientWorker]
    /// Once it answers `true`, every evaluation returns zeros at once (the caller discards them):
    /// one evaluation visits every draw, which can take seconds.
    let isCancelled: (@Sendable () -> Bool)?
    static let blockSize = 64

    /// - Parameters:
    ///   - rows: `count` rows of the sampler's width (at least 1), one after another.
    ///   - problem: supplies the bounds and budget.
    init(
        scenario: Scenario, sampler: ParameterSampler, rows: [Double], count: Int, measure: RiskMeasure,
        problem: AllocationProblem, threads: Int, isCancelled: (@Sendable () -> Bool)? = nil
    ) {
        self.isCancelled = isCancelled
        self.problem = problem
        self.rows = rows
        // A scenario without uncertain parameters still gets one (unused) number per row.
        width = max(sampler.width, 1)
        self.count = count
        self.measure = measure
        workers = (0..<threads).map { _ in GradientWorker(scenario: scenario, sampler: sampler) }
    }

    /// A new objective over the first `count` of these rows (for cheap screening).
    func prefix(_ count: Int) -> SampleAverageObjective {
        SampleAverageObjective(
            scenario: workers[0].evaluator.scenario, sampler: workers[0].sampler,
            rows: Array(rows[0..<(count * width)]), count: count, measure: measure, problem: problem, threads: workers.count,
            isCancelled: isCancelled)
    }

    private var blocks: Int { (count + Self.blockSize - 1) / Self.blockSize }

    private func rowRange(_ block: Int) -> Range<Int> {
        (block * Self.blockSize)..<min((block + 1) * Self.blockSize, count)
    }

    /// V of every draw at `x`, in draw order.
    func values(_ x: [Double]) -> [Double] { values { _ in x } }

    /// V_s(x_s) of every draw s at its own allocation `allocation(s)`, in draw order.
    func values(each allocation: (Int) -> [Double]) -> [Double] {
        rows.withUnsafeBufferPointer { all in
            ChunkedRun.map(blocks: blocks, workers: workers) { worker, block in
                if isCancelled?() == true { return [Double](repeating: 0, count: rowRange(block).count) }
                return rowRange(block).map { i in
                    worker.evaluator.load(all.baseAddress! + i * width)
                    return allocation(i).withUnsafeBufferPointer { worker.evaluator.safety(at: $0.baseAddress!) }
                }
            }.flatMap { $0 }
        }
    }

    /// ∂V_s/∂x at `x` for every draw, in draw order.
    func gradients(_ x: [Double]) -> [[Double]] {
        let p = x.count
        return rows.withUnsafeBufferPointer { all in
            x.withUnsafeBufferPointer { xb in
                ChunkedRun.map(blocks: blocks, workers: workers) { worker, block in
                    rowRange(block).map { i -> [Double] in
                        if isCancelled?() == true { return [Double](repeating: 0, count: p) }
                        worker.evaluator.load(all.baseAddress! + i * width)
                        _ = worker.evaluator.safetyAndGradient(at: xb.baseAddress!, gradient: worker.gradient)
                        return (0..<p).map { worker.gradient[$0] }
                    }
                }.flatMap { $0 }
            }
        }
    }

    /// The draws the objective averages over at `x`: all of them, or the worst ⌈α·count⌉ (ties
    /// broken by draw order).
    private func tail(_ values: [Double]) -> [Int] {
        guard case .cvar(let alpha) = measure else { return Array(0..<count) }
        let m = Int(clamping: (alpha * Double(count)).rounded(.up), to: 1...count)
        return Array(values.indices.sorted { (values[$0], $0) < (values[$1], $1) }.prefix(m)).sorted()
    }

    func value(_ x: [Double]) -> Double {
        let all = values(x)
        let chosen = tail(all)
        var total = 0.0
        for i in chosen { total += all[i] }
        return total / Double(chosen.count)
    }

    func gradient(_ x: [Double]) -> [Double] {
        var chosen = [Double](repeating: 1, count: count)
        var used = count
        if case .cvar = measure {
            let tailDraws = tail(values(x))
            chosen = [Double](repeating: 0, count: count)
            for i in tailDraws { chosen[i] = 1 }
            used = tailDraws.count
        }
        return gradient(x, weights: chosen).map { $0 / Double(used) }
    }

    /// Σ_s w_s ∂V_s/∂x at `x` (draws of weight 0 skipped), summed draw by draw within a block and
    /// block by block in order, so the sum does not depend on the number of threads.
    func gradient(_ x: [Double], weights: [Double]) -> [Double] {
        let p = x.count
        let partial = rows.withUnsafeBufferPointer { all in
            x.withUnsafeBufferPointer { xb in
                ChunkedRun.map(blocks: blocks, workers: workers) { worker, block in
                    var sum = [Double](repeating: 0, count: p)
                    if isCancelled?() == true { return sum }
                    for i in rowRange(block) where weights[i] != 0 {
                        worker.evaluator.load(all.baseAddress! + i * width)
                        _ = worker.evaluator.safetyAndGradient(at: xb.baseAddress!, gradient: worker.gradient)
                        for j in 0..<p { sum[j] += weights[i] * worker.gradient[j] }
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
}
