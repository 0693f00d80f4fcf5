import Foundation

/// Safety of an allocation under uncertain parameters, by Monte Carlo (<doc:UncertainParameters>): the mean and
/// its standard error, percentiles and a histogram of V over the draws.
///
/// Memory does not grow with the number of samples (chunk summaries are merged as they finish and
/// percentiles come from a fixed fine histogram of V), unless `export` asks for every row.
public struct SampledEvaluation: Sendable {
    public static let percentileLevels = [5, 25, 50, 75, 95]

    public let samples: Int
    public let seed: UInt64
    public let allocation: [Double]
    public let mean: Double
    public let standardError: Double
    /// V at ``percentileLevels``, each to within 1.5e-5.
    public let percentiles: [Double]
    public let minimum: Double
    public let maximum: Double
    /// 20 equal bars from the smallest to the largest V drawn.
    public let histogram: [HistogramBar]
    /// V at the scenario's medians (the exact commands' value), for comparison.
    public let safetyAtMedians: Double
    /// Names of an exported row's columns: the drawn parameters, then `safety`.
    public let columns: [String]

    /// - Parameters:
    ///   - scenario: the model and its uncertain parameters.
    ///   - allocation: in program order.
    ///   - options: samples, seed and threads.
    ///   - export: called in sample order with blocks of rows, each row the drawn
    ///     parameters followed by V (``columns``).
    public init(
        scenario: Scenario, allocation: [Double], options: MonteCarloOptions,
        export: (([Double]) -> Void)? = nil
    ) {
        let sampler = ParameterSampler(scenario: scenario)
        let width = sampler.width
        let workers = (0..<options.threads).map { _ in Worker(scenario: scenario, sampler: sampler) }
        var moments = (count: 0, mean: 0.0, m2: 0.0)
        var minimum = Double.infinity
        var maximum = -Double.infinity
        let wantsRows = export != nil
        ChunkedRun.run(
            count: options.samples, workers: workers,
            work: { worker, chunk, range in
                var source = RandomSource(seed: options.seed, stream: UInt64(chunk))
                var summary = ChunkSummary()
                var rows: [Double] = []
                if wantsRows { rows.reserveCapacity(range.count * (width + 1)) }
                allocation.withUnsafeBufferPointer { x in
                    for i in range {
                        // A cancelled run stops within a few hundred samples; its result is discarded.
                        if i & 255 == 0, options.isCancelled?() == true { break }
                        sampler.draw(into: worker.row, using: &source)
                        worker.evaluator.load(worker.row)
                        let v = worker.evaluator.safety(at: x.baseAddress!)
                        summary.add(v)
                        worker.histogram.add(v)
                        if wantsRows {
                            rows.append(contentsOf: UnsafeBufferPointer(start: worker.row, count: width))
                            rows.append(v)
                        }
                    }
                }
                return (summary, rows)
            },
            consume: { summary, rows in
                moments = ChunkSummary.merge(moments, summary)
                minimum = min(minimum, summary.minimum)
                maximum = max(maximum, summary.maximum)
                export?(rows)
            },
            progress: options.progress.map { callback in { callback($0) } }, isCancelled: options.isCancelled)
        var histogram = SafetyHistogram()
        for worker in workers { histogram.merge(worker.histogram) }
        let (count, mean, m2) = moments
        samples = count
        seed = options.seed
        self.allocation = allocation
        self.mean = mean
        standardError = count > 1 ? (m2 / Double(count - 1) / Double(count)).squareRoot() : .nan
        percentiles = SampledEvaluation.percentileLevels.map {
            histogram.quantile(Double($0) / 100, minimum: minimum, maximum: maximum)
        }
        self.minimum = minimum
        self.maximum = maximum
        self.histogram = histogram.coarse(20, minimum: minimum, maximum: maximum)
        safetyAtMedians = AllocationProblem(scenario: scenario).safety(of: allocation)
        columns = sampler.columns + ["safety"]
    }

    private final class Worker {
        let evaluator: SampleEvaluator
        let row: UnsafeMutablePointer<Double>
        var histogram = SafetyHistogram()

        init(scenario: Scenario, sampler: ParameterSampler) {
            evaluator = SampleEvaluator(scenario: scenario, sampler: sampler)
            row = .allocate(capacity: max(sampler.width, 1))
        }

        deinit { row.deallocate() }
    }
}

/// Count, mean, sum of squared deviations and range of one chunk (Welford's update).
struct ChunkSummary {
    var count = 0
    var mean = 0.0
    var m2 = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity

    @inline(__always)
    mutating func add(_ v: Double) {
        count += 1
        let delta = v - mean
        mean += delta / Double(count)
        m2 += delta * (v - mean)
        minimum = min(minimum, v)
        maximum = max(maximum, v)
    }
}
