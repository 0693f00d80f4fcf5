import Foundation

/// First-order and total Sobol indices of a function of independent random inputs (<doc:UncertainParameters>),
/// by Saltelli's sampling scheme with Jansen's estimators and bootstrap intervals.
///
/// With base matrices A and B (n independent draws of every input each) and A_B^k (A with factor
/// k's columns taken from B), f evaluated n·(d + 2) times:
///
///     Var   = variance of f over the 2n rows of A and B
///     S_k   = (Var − (1/2n)·Σ (f(B) − f(A_B^k))²) / Var      first order
///     S_T,k = (1/2n)·Σ (f(A) − f(A_B^k))² / Var              total
///
/// (M. J. W. Jansen, Comput. Phys. Commun. 117 (1999) 35–43; A. Saltelli et al., Comput. Phys.
/// Commun. 181 (2010) 259–270). A factor may span several columns (such as a whole belief vector),
/// giving group indices. Intervals are the 2.5th and 97.5th percentiles over bootstrap resamples
/// of the n rows.
public struct SobolIndices: Sendable {
    public struct Estimate: Sendable, Equatable {
        public let value: Double
        public let low: Double
        public let high: Double
    }

    public let factors: [String]
    public let firstOrder: [Estimate]
    public let total: [Estimate]
    /// Var f over the base rows.
    public let variance: Double
    public let baseSamples: Int
    public let bootstrapSamples: Int

    /// - Parameters:
    ///   - factors: the factors' names.
    ///   - columns: for each factor, the columns of a row it owns.
    ///   - width: numbers in one row.
    ///   - a: `n` rows of `width` numbers.
    ///   - b: `n` more rows, drawn independently of `a`.
    ///   - bootstrap: resamples for the intervals.
    ///   - seed: of the bootstrap's resampling.
    ///   - threads: workers evaluating f.
    ///   - makeFunction: called once per thread; returns f of one row (it may keep scratch state).
    ///   - isCancelled: polled between blocks of rows and between bootstrap resamples; once it
    ///     answers `true` the remaining work is skipped and the indices are meaningless (the
    ///     caller discards them).
    public init(
        factors: [String], columns: [Range<Int>], width: Int, a: [Double], b: [Double], bootstrap: Int, seed: UInt64,
        threads: Int, isCancelled: (@Sendable () -> Bool)? = nil, makeFunction: () -> (UnsafePointer<Double>) -> Double
    ) {
        precondition(factors.count == columns.count && a.count == b.count && a.count % max(width, 1) == 0)
        let n = a.count / max(width, 1)
        let d = factors.count
        let workers = (0..<threads).map { _ in FunctionWorker(makeFunction(), width: width) }
        // Block i of rows: f(A_i), f(B_i), f(A_B^k_i) for every k.
        let blockSize = 64
        let blocks = (n + blockSize - 1) / blockSize
        let results = ChunkedRun.map(blocks: blocks, workers: workers) { worker, block in
            var out: [[Double]] = []
            // Once cancelled, rows keep their places (as zeros) without being evaluated.
            let cancelled = isCancelled?() == true
            for i in (block * blockSize)..<min((block + 1) * blockSize, n) {
                var values = [Double](repeating: 0, count: d + 2)
                if !cancelled {
                    a.withUnsafeBufferPointer { ab in
                        b.withUnsafeBufferPointer { bb in
                            let rowA = ab.baseAddress! + i * width
                            let rowB = bb.baseAddress! + i * width
                            values[0] = worker.function(rowA)
                            values[1] = worker.function(rowB)
                            for k in 0..<d {
                                worker.row.update(from: rowA, count: width)
                                for c in columns[k] { worker.row[c] = rowB[c] }
                                values[2 + k] = worker.function(worker.row)
                            }
                        }
                    }
                }
                out.append(values)
            }
            return out
        }
        let evaluations = results.flatMap { $0 }

        func estimate(_ rows: [Int]) -> (variance: Double, first: [Double], total: [Double]) {
            let m = Double(rows.count)
            var mean = 0.0
            for i in rows { mean += evaluations[i][0] + evaluations[i][1] }
            mean /= 2 * m
            var variance = 0.0
            for i in rows {
                let fa = evaluations[i][0] - mean
                let fb = evaluations[i][1] - mean
                variance += fa * fa + fb * fb
            }
            variance /= 2 * m - 1
            var first = [Double](repeating: 0, count: d)
            var total = [Double](repeating: 0, count: d)
            for k in 0..<d {
                var sumFirst = 0.0
                var sumTotal = 0.0
                for i in rows {
                    let e = evaluations[i]
                    sumFirst += (e[1] - e[2 + k]) * (e[1] - e[2 + k])
                    sumTotal += (e[0] - e[2 + k]) * (e[0] - e[2 + k])
                }
                first[k] = variance > 0 ? (variance - sumFirst / (2 * m)) / variance : 0
                total[k] = variance > 0 ? sumTotal / (2 * m) / variance : 0
            }
            return (variance, first, total)
        }
        let point = estimate(Array(0..<n))
        var source = RandomSource(seed: seed ^ 0xB007_5742, stream: 0)
        var firstDraws = [[Double]](repeating: [], count: d)
        var totalDraws = [[Double]](repeating: [], count: d)
        for _ in 0..<bootstrap where isCancelled?() != true {
            let rows = (0..<n).map { _ in min(Int(source.uniform() * Double(n)), n - 1) }
            let resampled = estimate(rows)
            for k in 0..<d {
                firstDraws[k].append(resampled.first[k])
                totalDraws[k].append(resampled.total[k])
            }
        }
        func interval(_ value: Double, _ draws: [Double]) -> Estimate {
            guard !draws.isEmpty else { return Estimate(value: value, low: .nan, high: .nan) }
            let sorted = draws.sorted()
            let low = sorted[Int(0.025 * Double(sorted.count - 1))]
            let high = sorted[Int((0.975 * Double(sorted.count - 1)).rounded(.up))]
            return Estimate(value: value, low: low, high: high)
        }
        self.factors = factors
        firstOrder = (0..<d).map { interval(point.first[$0], firstDraws[$0]) }
        total = (0..<d).map { interval(point.total[$0], totalDraws[$0]) }
        variance = point.variance
        baseSamples = n
        bootstrapSamples = bootstrap
    }
}

private final class FunctionWorker {
    let function: (UnsafePointer<Double>) -> Double
    let row: UnsafeMutablePointer<Double>

    init(_ function: @escaping (UnsafePointer<Double>) -> Double, width: Int) {
        self.function = function
        row = .allocate(capacity: max(width, 1))
    }

    deinit { row.deallocate() }
}
