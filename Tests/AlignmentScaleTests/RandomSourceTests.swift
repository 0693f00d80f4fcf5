import AlignmentScale
import Foundation
import Testing

/// Samplers against exact CDFs (Kolmogorov–Smirnov) and known moments.
///
/// With n draws, the KS statistic exceeds 1.95/√n with probability 0.001 when the sampler is
/// right, so each check fails by chance once in a thousand runs at most; the seeds are fixed, so
/// a pass is reproducible. Means are held to 4 standard errors.
@Suite("Random variates (AlignmentScale.docc/UncertainParameters.md)")
struct RandomSourceTests {
    static let families: [Distribution] = [
        .normal(mean: -1, sd: 2), .ci90(low: 10, high: 40), .lognormal(mu: 0.5, sigma: 1.2), .uniform(low: 0.1, high: 0.3),
        .beta(alpha: 2, beta: 8), .beta(alpha: 0.3, beta: 0.6), .beta(alpha: 19, beta: 1), .beta(alpha: 1.5, beta: 48.5),
        .triangular(low: 0.05, mode: 0.15, high: 0.3), .triangular(low: 0, mode: 1, high: 1),
    ]

    static func ksStatistic(_ draws: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = draws.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
        }
        return d
    }

    @Test("draws follow the exact CDF", arguments: families.indices)
    func kolmogorovSmirnov(index: Int) {
        let d = RandomSourceTests.families[index]
        var source = RandomSource(seed: 2024, stream: UInt64(index))
        let n = 50_000
        let draws = (0..<n).map { _ in source.sample(d) }
        let statistic = RandomSourceTests.ksStatistic(draws, cdf: d.cdf)
        #expect(statistic < 1.95 / Double(n).squareRoot(), "\(d): D = \(statistic)")
        let mean = draws.reduce(0, +) / Double(n)
        #expect(abs(mean - d.mean) < 4 * (d.variance / Double(n)).squareRoot(), "\(d): mean \(mean) vs \(d.mean)")
        #expect(draws.allSatisfy { $0 >= d.support.lower && $0 <= d.support.upper })
    }

    /// The ci90 percentiles land where they should: 5% of draws below `low`, 5% above `high`.
    @Test func ci90Tails() {
        var source = RandomSource(seed: 9)
        let n = 100_000
        let draws = (0..<n).map { _ in source.sample(.ci90(low: 2, high: 8)) }
        let se = (0.05 * 0.95 / Double(n)).squareRoot()
        #expect(abs(Double(draws.filter { $0 < 2 }.count) / Double(n) - 0.05) < 4 * se)
        #expect(abs(Double(draws.filter { $0 > 8 }.count) / Double(n) - 0.05) < 4 * se)
    }

    /// Gamma variates, including shapes below 1, through their beta ratios: G(a)/(G(a) + G(b)) ~ Beta(a, b).
    @Test("gamma shapes below and above 1", arguments: [(0.2, 0.7), (0.9, 3.0), (4.0, 0.5)])
    func gammaRatios(a: Double, b: Double) {
        var source = RandomSource(seed: 31)
        let n = 50_000
        let draws = (0..<n).map { _ in
            let x = source.gamma(a)
            return x / (x + source.gamma(b))
        }
        let statistic = RandomSourceTests.ksStatistic(draws) { SpecialFunctions.incompleteBeta($0, a, b) }
        #expect(statistic < 1.95 / Double(n).squareRoot())
    }

    @Test func sameSeedSameStream() {
        var a = RandomSource(seed: 5, stream: 3)
        var b = RandomSource(seed: 5, stream: 3)
        var c = RandomSource(seed: 5, stream: 4)
        let xa = (0..<100).map { _ in a.sample(.beta(alpha: 2, beta: 3)) }
        #expect(xa == (0..<100).map { _ in b.sample(.beta(alpha: 2, beta: 3)) })
        #expect(xa != (0..<100).map { _ in c.sample(.beta(alpha: 2, beta: 3)) })
    }
}
