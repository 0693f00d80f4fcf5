import Foundation

/// What a user believes about one numeric parameter: a fixed value or a probability distribution
/// (<doc:UncertainParameters>).
///
/// ```swift
/// let scale = Distribution.ci90(10, 40)        // written "10 to 40": lognormal, 5% below 10, 5% above 40
/// scale.quantile(0.05)                          // 10.0
/// let backfire = Distribution.beta(2, 8)
/// backfire.mean                                 // 0.2
/// ```
///
/// Parameters are checked by ``validate(path:)``; the other members assume a valid distribution.
public enum Distribution: Sendable, Equatable, CustomStringConvertible {
    /// A fixed value.
    case point(Double)
    /// Lognormal with 5th percentile `low` and 95th percentile `high`, 0 < low < high (Squiggle's
    /// `low to high`): μ = (ln low + ln high)/2, σ = (ln high − ln low)/(2·z₀.₉₅).
    case ci90(low: Double, high: Double)
    case normal(mean: Double, sd: Double)
    /// exp of Normal(mu, sigma).
    case lognormal(mu: Double, sigma: Double)
    case uniform(low: Double, high: Double)
    case beta(alpha: Double, beta: Double)
    case triangular(low: Double, mode: Double, high: Double)

    /// z₀.₉₅ = Φ⁻¹(0.95).
    public static let z95 = 1.6448536269514722

    /// A family of distributions as a scenario file writes it, `{name: [parameters]}`: described
    /// once here, for the file reader, ``validate(path:)``'s rules and the JSON Schema.
    public struct Family: Sendable {
        /// The key, such as `beta`.
        public let name: String
        /// The parameters in order, such as `alpha`, `beta`.
        public let parameters: [String]
        /// Which parameters must be > 0 (a rule of one parameter, which a schema can state).
        public let positive: [Bool]
        /// The rule between parameters, if any (a schema cannot state it; the reader checks it).
        public let order: String?
        /// What the parameters mean.
        public let meaning: String

        /// `[alpha, beta]`: how the parameters are written.
        public var written: String { "[" + parameters.joined(separator: ", ") + "]" }
    }

    /// Every family, in the order a help text lists them.
    public static let families = [
        Family(
            name: "ci90", parameters: ["low", "high"], positive: [true, true], order: "low < high",
            meaning: "a lognormal's 5th and 95th percentiles"),
        Family(
            name: "normal", parameters: ["mean", "sd"], positive: [false, true], order: nil,
            meaning: "a normal's mean and standard deviation"),
        Family(
            name: "lognormal", parameters: ["mu", "sigma"], positive: [false, true], order: nil,
            meaning: "the mean and standard deviation of the logarithm"),
        Family(
            name: "uniform", parameters: ["low", "high"], positive: [false, false], order: "low < high", meaning: "the ends"),
        Family(name: "beta", parameters: ["alpha", "beta"], positive: [true, true], order: nil, meaning: "the shapes α and β"),
        Family(
            name: "triangular", parameters: ["low", "mode", "high"], positive: [false, false, false],
            order: "low ≤ mode ≤ high and low < high", meaning: "the ends and the most likely value"),
    ]

    /// The names used in scenario files, in the order a help text lists them.
    public static let kinds = families.map(\.name)

    public var isPoint: Bool {
        if case .point = self { return true }
        return false
    }

    /// How the distribution is written in a scenario file.
    public var description: String {
        let s = InputError.show
        switch self {
        case .point(let v): return s(v)
        case let .ci90(a, b): return "\(s(a)) to \(s(b))"
        case let .normal(m, sd): return "{normal: [\(s(m)), \(s(sd))]}"
        case let .lognormal(mu, sigma): return "{lognormal: [\(s(mu)), \(s(sigma))]}"
        case let .uniform(a, b): return "{uniform: [\(s(a)), \(s(b))]}"
        case let .beta(a, b): return "{beta: [\(s(a)), \(s(b))]}"
        case let .triangular(a, m, b): return "{triangular: [\(s(a)), \(s(m)), \(s(b))]}"
        }
    }

    /// Checks the parameters themselves (finite, ordered, positive where they must be).
    /// - Throws: ``InputError`` at `path` naming the bad parameter.
    public func validate(path: FieldPath) throws {
        func fail(_ expected: String) -> InputError {
            InputError(path: path, expected: expected, found: description)
        }
        let values: [Double]
        switch self {
        case .point(let v): values = [v]
        case let .ci90(a, b): values = [a, b]
        case let .normal(m, sd): values = [m, sd]
        case let .lognormal(mu, sigma): values = [mu, sigma]
        case let .uniform(a, b): values = [a, b]
        case let .beta(a, b): values = [a, b]
        case let .triangular(a, m, b): values = [a, m, b]
        }
        guard values.allSatisfy(\.isFinite) else { throw fail("finite parameters") }
        switch self {
        case .point: break
        case let .ci90(a, b):
            guard a > 0 && a < b else { throw fail("'low to high' with 0 < low < high (a lognormal's 5th and 95th percentiles)") }
        case let .normal(_, sd):
            guard sd > 0 else { throw fail("a normal with standard deviation > 0") }
        case let .lognormal(_, sigma):
            guard sigma > 0 else { throw fail("a lognormal with sigma > 0") }
        case let .uniform(a, b):
            guard a < b else { throw fail("a uniform [a, b] with a < b") }
        case let .beta(a, b):
            guard a > 0 && b > 0 else { throw fail("a beta with α > 0 and β > 0") }
        case let .triangular(a, m, b):
            guard a < b && a <= m && m <= b else { throw fail("a triangular [a, mode, b] with a ≤ mode ≤ b and a < b") }
        }
    }

    /// μ and σ of the underlying normal, for the two lognormal forms.
    var logParameters: (mu: Double, sigma: Double)? {
        switch self {
        case let .ci90(a, b): return ((log(a) + log(b)) / 2, (log(b) - log(a)) / (2 * Distribution.z95))
        case let .lognormal(mu, sigma): return (mu, sigma)
        default: return nil
        }
    }

    /// The smallest and largest values the distribution can take (infinite for unbounded tails).
    /// Lognormals have infimum 0, which they never reach.
    public var support: (lower: Double, upper: Double) {
        switch self {
        case .point(let v): return (v, v)
        case .ci90, .lognormal: return (0, .infinity)
        case .normal: return (-.infinity, .infinity)
        case let .uniform(a, b): return (a, b)
        case .beta: return (0, 1)
        case let .triangular(a, _, b): return (a, b)
        }
    }

    public var mean: Double {
        switch self {
        case .point(let v): return v
        case .ci90, .lognormal:
            let (mu, sigma) = logParameters!
            return exp(mu + sigma * sigma / 2)
        case let .normal(m, _): return m
        case let .uniform(a, b): return (a + b) / 2
        case let .beta(a, b): return a / (a + b)
        case let .triangular(a, m, b): return (a + m + b) / 3
        }
    }

    public var variance: Double {
        switch self {
        case .point: return 0
        case .ci90, .lognormal:
            let (mu, sigma) = logParameters!
            return (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)
        case let .normal(_, sd): return sd * sd
        case let .uniform(a, b): return (b - a) * (b - a) / 12
        case let .beta(a, b): return a * b / ((a + b) * (a + b) * (a + b + 1))
        case let .triangular(a, m, b): return (a * a + m * m + b * b - a * m - a * b - m * b) / 18
        }
    }

    /// The value below which a fraction `p` ∈ [0, 1] of the mass lies (the inverse CDF).
    public func quantile(_ p: Double) -> Double {
        switch self {
        case .point(let v): return v
        case .ci90, .lognormal:
            let (mu, sigma) = logParameters!
            return exp(mu + sigma * SpecialFunctions.normalQuantile(p))
        case let .normal(m, sd): return m + sd * SpecialFunctions.normalQuantile(p)
        case let .uniform(a, b): return a + p * (b - a)
        case let .beta(a, b): return SpecialFunctions.inverseIncompleteBeta(p, a, b)
        case let .triangular(a, m, b):
            let split = (m - a) / (b - a)
            return p < split ? a + (p * (b - a) * (m - a)).squareRoot() : b - ((1 - p) * (b - a) * (b - m)).squareRoot()
        }
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .point(let v): return x < v ? 0 : 1
        case .ci90, .lognormal:
            guard x > 0 else { return 0 }
            let (mu, sigma) = logParameters!
            return SpecialFunctions.normalCDF((log(x) - mu) / sigma)
        case let .normal(m, sd): return SpecialFunctions.normalCDF((x - m) / sd)
        case let .uniform(a, b): return min(max((x - a) / (b - a), 0), 1)
        case let .beta(a, b): return SpecialFunctions.incompleteBeta(x, a, b)
        case let .triangular(a, m, b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            return x <= m ? (x - a) * (x - a) / ((b - a) * (m - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - m))
        }
    }

    /// The 50th percentile: the value the exact (non-sampling) commands use for an uncertain parameter.
    ///
    /// Computed so that a spread written around a number has that number as its median exactly, to
    /// the last bit: `low to high` as √(low·high) (equal to exp of the mean logarithm, without its
    /// rounding), and a triangle symmetric to within rounding (its two sides equal to a few units in
    /// the last place) as its mode.
    public var median: Double {
        switch self {
        case let .ci90(a, b):
            let product = a * b
            if product.isNormal && product.isFinite { return product.squareRoot() }
            return quantile(0.5)
        case let .triangular(a, m, b) where abs((m - a) - (b - m)) <= 8 * (b - a).ulp:
            return m
        default:
            return quantile(0.5)
        }
    }
}
