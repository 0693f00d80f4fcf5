import Foundation

/// The best allocation under uncertain parameters (<doc:UncertainParameters>): maximise the mean of V (or its
/// lower-tail CVaR) over one fixed set of draws — the sample-average approximation with common
/// random numbers — then check the answer on fresh draws and against each draw's own optimum.
///
/// - Out-of-sample: the optimum and the exact optimum at the medians are both evaluated on the same
///   fresh draws (seed `seed ^ freshSeedMask`), so their difference is what accounting for
///   uncertainty gains, free of the in-sample optimism of the SAA value.
/// - Stability: the exact optimum of each of the first ``spreadDraws`` draws taken alone, summarised
///   per program by percentiles, and its mean L1 distance from the SAA optimum.
public struct SampledOptimization: Sendable {
    public struct HeuristicRow: Sendable {
        public let heuristic: Heuristic
        public let allocation: [Double]
        /// The objective (in-sample) at this rule's allocation.
        public let objective: Double
        public let regret: Double
    }

    public struct OutOfSample: Sendable {
        public let samples: Int
        public let seed: UInt64
        /// Mean V of the SAA optimum on the fresh draws, and its standard error.
        public let mean: Double
        public let standardError: Double
        /// The objective (mean or CVaR) on the fresh draws.
        public let objective: Double
        /// The same for the exact optimum at the medians, on the same draws.
        public let medianOptimumMean: Double
        public let medianOptimumObjective: Double
        /// Standard error of the paired difference (SAA optimum − medians optimum).
        public let differenceStandardError: Double
    }

    public struct Spread: Sendable {
        /// How many draws were optimised one by one.
        public let draws: Int
        /// Per program (program order): the 5th, 50th and 95th percentiles of its amount in the draws' optima.
        public let percentiles: [[Double]]
        /// Mean of Σ_j |x*_draw,j − x*_j| over the draws.
        public let meanL1Distance: Double
    }

    public static let freshSeedMask: UInt64 = 0x6F75_7473_616D_706C
    public static let spreadDraws = 100

    public let samples: Int
    public let seed: UInt64
    public let measure: RiskMeasure
    public let optimum: OptimizationResult
    /// The objective at the optimum over the draws it was chosen on (optimistic).
    public var objective: Double { optimum.safety }
    /// Mean V over the same draws at the optimum.
    public let inSampleMean: Double
    /// The exact optimum at the medians (what `optimize` without --samples gives).
    public let medianOptimum: [Double]
    public let heuristics: [HeuristicRow]
    public let outOfSample: OutOfSample
    public let spread: Spread

    public var allocation: [Double] { optimum.allocation }
    public var multiplier: Double { optimum.kkt.multiplier }

    /// - Parameters:
    ///   - scenario: the model and its uncertain parameters.
    ///   - measure: what to maximise over the draws: the mean or a CVaR.
    ///   - options: samples (the draws optimised over), seed and threads.
    ///   - spreadDraws: how many draws to optimise one by one for ``spread``.
    public init(
        scenario: Scenario, measure: RiskMeasure = .mean, options: MonteCarloOptions,
        spreadDraws: Int = SampledOptimization.spreadDraws
    ) {
        let sampler = ParameterSampler(scenario: scenario)
        let width = max(sampler.width, 1)  // as SampleAverageObjective lays rows out
        let problem = AllocationProblem(scenario: scenario)
        // The draws, chunk by chunk on their own streams as everywhere else.
        let drawers = (0..<options.threads).map { _ in RowDrawer(sampler: sampler) }
        let rows = RowDrawer.draw(options.samples, seed: options.seed, drawers: drawers)
        let objective = SampleAverageObjective(
            scenario: scenario, sampler: sampler, rows: rows, count: options.samples, measure: measure, problem: problem,
            threads: options.threads, isCancelled: options.isCancelled)
        let screening = objective.prefix(min(options.samples, 1000))

        let exact = Optimum(problem: problem, options: Optimizer.Options(isCancelled: options.isCancelled))
        medianOptimum = exact.allocation
        let rules = Heuristic.allCases.map { ($0, $0.allocation(for: problem, isCancelled: options.isCancelled)) }
        let settings = Optimizer.Options(
            randomStarts: 4, screeningIterations: 25, finalists: 2, maximumIterations: 200, seed: options.seed,
            gapTolerance: 1e-9, isCancelled: options.isCancelled)
        optimum = Optimizer.maximize(objective, starts: [medianOptimum] + rules.map(\.1), options: settings, screening: screening)
        let inSample = objective.values(optimum.allocation)
        inSampleMean = inSample.reduce(0, +) / Double(inSample.count)
        let best = optimum.safety
        heuristics = rules.map { rule, x in
            let v = objective.value(x)
            return HeuristicRow(heuristic: rule, allocation: x, objective: v, regret: best - v)
        }

        // Fresh draws for both allocations.
        let freshSeed = options.seed ^ SampledOptimization.freshSeedMask
        let freshRows = RowDrawer.draw(options.samples, seed: freshSeed, drawers: drawers)
        let fresh = SampleAverageObjective(
            scenario: scenario, sampler: sampler, rows: freshRows, count: options.samples, measure: measure, problem: problem,
            threads: options.threads, isCancelled: options.isCancelled)
        let a = fresh.values(optimum.allocation)
        let b = fresh.values(medianOptimum)
        let n = Double(a.count)
        func meanAndError(_ v: [Double]) -> (Double, Double) {
            let mean = v.reduce(0, +) / n
            let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
            return (mean, (variance / n).squareRoot())
        }
        let (meanA, errorA) = meanAndError(a)
        let (meanB, _) = meanAndError(b)
        let (_, errorDifference) = meanAndError(zip(a, b).map { $0 - $1 })
        outOfSample = OutOfSample(
            samples: options.samples, seed: freshSeed, mean: meanA, standardError: errorA,
            objective: fresh.value(optimum.allocation), medianOptimumMean: meanB,
            medianOptimumObjective: fresh.value(medianOptimum),
            differenceStandardError: errorDifference)

        // Each of the first draws optimised on its own.
        let m = max(1, min(options.samples, spreadDraws))
        let start = optimum.allocation
        // A summary of spread needs each draw's optimum roughly, not to the last digit.
        let single = Optimizer.Options(
            randomStarts: 0, screeningIterations: 10, finalists: 1, maximumIterations: 150, seed: options.seed,
            gapTolerance: 1e-9, isCancelled: options.isCancelled)
        let optima: [[Double]] = ChunkedRun.map(blocks: m, workers: drawers) { _, i in
            // Once cancelled, each draw's model is not even compiled (the result is discarded).
            if options.isCancelled?() == true { return start }
            let instance = sampler.instance(of: scenario, row: Array(rows[(i * width)..<(i * width + sampler.width)]))
            let own = AllocationProblem(
                model: instance.model(), worlds: instance.worlds, lower: problem.lower, upper: problem.upper,
                budget: problem.budget, frontier: problem.frontier)
            return Optimizer.maximize(own, starts: [start], options: single).allocation
        }
        let p = scenario.programs.count
        spread = Spread(
            draws: m,
            percentiles: (0..<p).map { j in
                let amounts = optima.map { $0[j] }.sorted()
                return [0.05, 0.5, 0.95].map { q in amounts[min(Int(q * Double(m)), m - 1)] }
            },
            meanL1Distance: optima.reduce(0) { total, x in total + zip(x, start).reduce(0) { $0 + abs($1.0 - $1.1) } } / Double(m)
        )
        samples = options.samples
        seed = options.seed
        self.measure = measure
    }
}

/// Per-thread scratch for drawing blocks of rows.
final class RowDrawer {
    let sampler: ParameterSampler
    init(sampler: ParameterSampler) { self.sampler = sampler }

    /// `count` rows drawn chunk by chunk, chunk c on stream c of `seed` (as every Monte Carlo run
    /// draws), on the given drawers, in sample order.
    static func draw(_ count: Int, seed: UInt64, drawers: [RowDrawer]) -> [Double] {
        var rows: [Double] = []
        rows.reserveCapacity(count * max(drawers[0].sampler.width, 1))
        ChunkedRun.run(
            count: count, workers: drawers,
            work: { drawer, chunk, range in
                var source = RandomSource(seed: seed, stream: UInt64(chunk))
                return drawer.rows(range.count, using: &source)
            }, consume: { rows += $0 })
        return rows
    }

    /// `count` rows, each padded to at least one number.
    func rows(_ count: Int, using source: inout RandomSource) -> [Double] {
        let width = max(sampler.width, 1)
        var out = [Double](repeating: 0, count: count * width)
        out.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count { sampler.draw(into: buffer.baseAddress! + i * width, using: &source) }
        }
        return out
    }
}
