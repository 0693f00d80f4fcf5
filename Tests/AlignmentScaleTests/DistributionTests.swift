import AlignmentScale
import Foundation
import Testing

@Suite("Distributions and special functions (AlignmentScale.docc/UncertainParameters.md)")
struct DistributionTests {
    /// Known standard normal quantiles (to 16 digits) and the round trip through Φ.
    @Test func normalQuantile() {
        #expect(abs(SpecialFunctions.normalQuantile(0.95) - 1.6448536269514722) < 1e-14)
        #expect(abs(SpecialFunctions.normalQuantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(SpecialFunctions.normalQuantile(0.5) == 0)
        #expect(abs(SpecialFunctions.normalQuantile(1e-10) - -6.361340902404056) < 1e-12)
        for i in 1..<1000 {
            let p = Double(i) / 1000
            let x = SpecialFunctions.normalQuantile(p)
            #expect(abs(SpecialFunctions.normalCDF(x) - p) <= 2e-15 * max(p, 1e-3) + 1e-16)
        }
    }

    /// The incomplete beta against cases with a closed form, and its symmetry.
    @Test func incompleteBetaClosedForms() {
        for i in 0...50 {
            let x = Double(i) / 50
            let cases: [(Double, Double, Double)] = [
                (1, 1, x), (3, 1, pow(x, 3)), (0.4, 1, pow(x, 0.4)), (1, 2.5, 1 - pow(1 - x, 2.5)),
                (2, 2, 3 * x * x - 2 * x * x * x),
            ]
            for (a, b, exact) in cases {
                #expect(abs(SpecialFunctions.incompleteBeta(x, a, b) - exact) < 1e-13, "I_\(x)(\(a), \(b))")
            }
            #expect(
                abs(SpecialFunctions.incompleteBeta(x, 2.3, 7.1) - (1 - SpecialFunctions.incompleteBeta(1 - x, 7.1, 2.3))) < 1e-14
            )
        }
    }

    @Test("beta quantile inverts the CDF", arguments: [(0.5, 0.5), (2.0, 8.0), (19.0, 1.0), (1.5, 48.5), (200.0, 300.0)])
    func betaQuantileRoundTrip(a: Double, b: Double) {
        for i in 1..<200 {
            let p = Double(i) / 200
            let x = SpecialFunctions.inverseIncompleteBeta(p, a, b)
            #expect(abs(SpecialFunctions.incompleteBeta(x, a, b) - p) < 1e-12, "p = \(p)")
        }
    }

    /// `"a to b"` puts 5% below a and 5% above b; quantile and CDF of every family are inverses.
    @Test func quantilesAndCDFs() {
        let ci = Distribution.ci90(low: 10, high: 40)
        #expect(abs(ci.quantile(0.05) - 10) < 1e-12)
        #expect(abs(ci.quantile(0.95) - 40) < 1e-12)
        #expect(abs(ci.median - 20) < 1e-12)  // the geometric mean
        let all: [Distribution] = [
            ci, .normal(mean: 2, sd: 3), .lognormal(mu: 1, sigma: 0.5), .uniform(low: -1, high: 4), .beta(alpha: 2, beta: 5),
            .triangular(low: 0, mode: 0.2, high: 1), .triangular(low: 0, mode: 0, high: 1),
        ]
        for d in all {
            for i in 1..<100 {
                let p = Double(i) / 100
                #expect(abs(d.cdf(d.quantile(p)) - p) < 1e-12, "\(d) at \(p)")
            }
        }
    }

    /// Mean and variance formulas against the integrals ∫Q(u)du and ∫Q(u)²du − mean² (midpoint
    /// rule on 200 000 points; the error is far below the tolerance for these light tails).
    @Test func momentsMatchIntegrals() {
        let all: [Distribution] = [
            .normal(mean: 2, sd: 3), .uniform(low: -1, high: 4), .beta(alpha: 2, beta: 5),
            .triangular(low: 0, mode: 0.2, high: 1),
            .lognormal(mu: 0, sigma: 0.3),
        ]
        for d in all {
            let n = 200_000
            var m1 = 0.0
            var m2 = 0.0
            for i in 0..<n {
                let q = d.quantile((Double(i) + 0.5) / Double(n))
                m1 += q
                m2 += q * q
            }
            m1 /= Double(n)
            m2 /= Double(n)
            #expect(abs(m1 - d.mean) < 2e-3 * max(1, abs(d.mean)), "\(d) mean")
            #expect(abs((m2 - m1 * m1) - d.variance) < 5e-3 * d.variance, "\(d) variance")
        }
    }

    @Test func badParametersAreErrors() {
        let bad: [Distribution] = [
            .ci90(low: 0, high: 3), .ci90(low: 5, high: 2), .normal(mean: 0, sd: 0), .lognormal(mu: 0, sigma: -1),
            .uniform(low: 2, high: 2), .beta(alpha: 0, beta: 1), .triangular(low: 0, mode: 2, high: 1), .point(.nan),
        ]
        for d in bad {
            #expect(throws: InputError.self) { try d.validate(path: "x") }
        }
        #expect(throws: Never.self) { try Distribution.beta(alpha: 0.1, beta: 3).validate(path: "x") }
    }
}
