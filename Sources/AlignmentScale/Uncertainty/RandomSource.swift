import Foundation

/// Random variates of every ``Distribution`` from one seeded stream, written for speed.
///
/// Normals come from a ziggurat (Marsaglia and Tsang's method with 256 layers);
/// gammas from Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS 26
/// (2000) 363–372, with the u^(1/a) boost for shapes below 1; betas as G(α)/(G(α) + G(β)). The
/// sequence is a pure function of the seed and stream, so chunks of Monte Carlo work that each own a
/// stream give the same numbers whatever thread runs them.
///
/// ```swift
/// var source = RandomSource(seed: 42, stream: 0)
/// let x = source.sample(.beta(alpha: 2, beta: 8))
/// ```
public struct RandomSource: @unchecked Sendable {
    public var generator: SeededGenerator
    /// The ziggurat's tables, fetched once here rather than through a lazy global on every normal.
    /// Read-only after their first use, so sharing them across threads is safe.
    private let zigguratTable = Ziggurat.table

    public init(seed: UInt64, stream: UInt64 = 0) {
        generator = SeededGenerator(seed: seed, stream: stream)
    }

    /// Uniform in (0, 1): never exactly 0, so that logarithms and u^(1/a) are safe.
    @inline(__always)
    public mutating func uniform() -> Double {
        (Double(generator.next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal variate, from the ziggurat.
    @inline(__always)
    public mutating func normal() -> Double {
        Ziggurat.normal(&generator, table: zigguratTable)
    }

    /// A Gamma(shape, 1) variate, shape > 0.
    public mutating func gamma(_ shape: Double) -> Double {
        gamma(GammaShape(shape))
    }

    /// A Gamma(shape, 1) variate with the method's constants precomputed.
    @inline(__always)
    mutating func gamma(_ g: GammaShape) -> Double {
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + g.c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + g.d * (1 - v + log(v)) {
                // G(a) = G(a + 1)·U^(1/a) for a < 1.
                return g.boosted ? g.d * v * pow(uniform(), g.inverseShape) : g.d * v
            }
        }
    }

    /// A Beta(α, β) variate.
    public mutating func beta(_ alpha: Double, _ beta: Double) -> Double {
        self.beta(GammaShape(alpha), GammaShape(beta))
    }

    @inline(__always)
    mutating func beta(_ alpha: GammaShape, _ beta: GammaShape) -> Double {
        let x = gamma(alpha)
        let y = gamma(beta)
        let total = x + y
        // Both gammas underflow only for tiny shapes, where the beta is almost surely near 0 or 1.
        guard total > 0 else { return uniform() < alpha.shape / (alpha.shape + beta.shape) ? 1 : 0 }
        return x / total
    }

    /// One draw from `distribution`.
    public mutating func sample(_ distribution: Distribution) -> Double {
        switch distribution {
        case .point(let v): return v
        case .ci90, .lognormal:
            let (mu, sigma) = distribution.logParameters!
            return exp(mu + sigma * normal())
        case let .normal(m, sd): return m + sd * normal()
        case let .uniform(a, b): return a + (b - a) * uniform()
        case let .beta(a, b): return self.beta(a, b)
        case .triangular: return distribution.quantile(uniform())
        }
    }
}

/// Marsaglia and Tsang's constants for one gamma shape: d = a − 1/3 and c = 1/√(9d), using
/// a + 1 when a < 1 (then boosted by U^(1/a)).
struct GammaShape: Sendable {
    let shape: Double
    let d: Double
    let c: Double
    let boosted: Bool
    let inverseShape: Double

    init(_ shape: Double) {
        self.shape = shape
        boosted = shape < 1
        d = (boosted ? shape + 1 : shape) - 1.0 / 3
        c = 1 / (9 * d).squareRoot()
        inverseShape = 1 / shape
    }
}
