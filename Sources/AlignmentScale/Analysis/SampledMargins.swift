import Foundation

/// Marginal values under uncertain parameters (<doc:UncertainParameters>): for each program, the mean of
/// ∂V/∂x_j over the draws, its standard error, and P(marginal < 0), the share of draws in which
/// more of the program does harm.
public struct SampledMargins: Sendable {
    public struct ProgramMargin: Sendable {
        public let id: String
        public let meanMarginal: Double
        public let standardError: Double
        /// The fraction of draws with ∂V/∂x_j < 0.
        public let probabilityNegative: Double
    }

    public let samples: Int
    public let seed: UInt64
    public let allocation: [Double]
    /// In program order.
    public let programs: [ProgramMargin]

    public init(scenario: Scenario, allocation: [Double], options: MonteCarloOptions) {
        let sampler = ParameterSampler(scenario: scenario)
        let p = scenario.programs.count
        let workers = (0..<options.threads).map { _ in GradientWorker(scenario: scenario, sampler: sampler) }
        var combined = [(count: Int, mean: Double, m2: Double)](repeating: (0, 0, 0), count: p)
        var negatives = [Int](repeating: 0, count: p)
        ChunkedRun.run(
            count: options.samples, workers: workers,
            work: { worker, chunk, range in
                var source = RandomSource(seed: options.seed, stream: UInt64(chunk))
                var chunkSummaries = [ChunkSummary](repeating: ChunkSummary(), count: p)
                var chunkNegatives = [Int](repeating: 0, count: p)
                allocation.withUnsafeBufferPointer { x in
                    for i in range {
                        // A cancelled run stops within a few hundred samples; its result is discarded.
                        if i & 255 == 0, options.isCancelled?() == true { break }
                        worker.drawAndDifferentiate(at: x.baseAddress!, using: &source)
                        for j in 0..<p {
                            let g = worker.gradient[j]
                            chunkSummaries[j].add(g)
                            if g < 0 { chunkNegatives[j] += 1 }
                        }
                    }
                }
                return (chunkSummaries, chunkNegatives)
            },
            consume: { chunkSummaries, chunkNegatives in
                for j in 0..<p {
                    combined[j] = ChunkSummary.merge(combined[j], chunkSummaries[j])
                    negatives[j] += chunkNegatives[j]
                }
            },
            progress: options.progress.map { callback in { callback($0) } }, isCancelled: options.isCancelled)
        samples = options.samples
        seed = options.seed
        self.allocation = allocation
        programs = (0..<p).map { j in
            let (n, mean, m2) = combined[j]
            return ProgramMargin(
                id: scenario.programs[j].id, meanMarginal: mean,
                standardError: n > 1 ? (m2 / Double(n - 1) / Double(n)).squareRoot() : .nan,
                probabilityNegative: Double(negatives[j]) / Double(n))
        }
    }
}

/// Per-thread scratch for drawing a row and differentiating V at it.
final class GradientWorker {
    let sampler: ParameterSampler
    let evaluator: SampleEvaluator
    let row: UnsafeMutablePointer<Double>
    let gradient: UnsafeMutablePointer<Double>

    init(scenario: Scenario, sampler: ParameterSampler) {
        self.sampler = sampler
        evaluator = SampleEvaluator(scenario: scenario, sampler: sampler)
        row = .allocate(capacity: max(sampler.width, 1))
        gradient = .allocate(capacity: max(scenario.programs.count, 1))
    }

    deinit {
        row.deallocate()
        gradient.deallocate()
    }

    /// Draws a row and writes ∂V/∂x at `x` into ``gradient``; returns V.
    @discardableResult
    func drawAndDifferentiate(at x: UnsafePointer<Double>, using source: inout RandomSource) -> Double {
        sampler.draw(into: row, using: &source)
        evaluator.load(row)
        return evaluator.safetyAndGradient(at: x, gradient: gradient)
    }
}

extension ChunkSummary {
    /// Chan et al.'s pairwise combination of (count, mean, M2) with a chunk, in a fixed order.
    static func merge(_ a: (count: Int, mean: Double, m2: Double), _ b: ChunkSummary) -> (count: Int, mean: Double, m2: Double) {
        let n = a.count + b.count
        guard n > 0 else { return a }
        let delta = b.mean - a.mean
        return (
            n, a.mean + delta * Double(b.count) / Double(n),
            a.m2 + b.m2 + delta * delta * Double(a.count) * Double(b.count) / Double(n)
        )
    }
}
