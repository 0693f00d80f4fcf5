import Foundation

/// Draws every uncertain quantity of a scenario at once, as one row of numbers (MODEL.md §7).
///
/// A row holds the uncertain parameters in the scenario's order, then, when
/// ``Scenario/beliefConcentration`` is set, the N beliefs drawn from Dirichlet(κ·p) (as normalised
/// Gamma(κ·p_k) variates; a level with p_k = 0 stays at 0). Correlated parameters go through the
/// ``GaussianCopula``; the rest are drawn directly. The random numbers are consumed in a fixed
/// order (copula normals, independent parameters, Dirichlet gammas), so a row is a pure function
/// of the stream's state.
public struct ParameterSampler: Sendable {
    public let parameters: [UncertainParameter]
    /// The concentration κ and the mean beliefs p, when beliefs are uncertain.
    public let beliefConcentration: Double?
    public let meanBeliefs: [Double]
    let copula: GaussianCopula?
    /// Parameters drawn directly: not in any correlation, or all of them when correlations are ignored.
    let independent: [Int]
    /// Each parameter's sampler with its constants precomputed.
    let compiled: [CompiledDistribution]
    /// Gamma(κ·p_k) shapes for Dirichlet beliefs (`nil` where p_k = 0).
    let dirichlet: [GammaShape?]

    /// - Parameter ignoringCorrelations: draw every parameter independently (Sobol indices assume
    ///   independent inputs).
    public init(scenario: Scenario, ignoringCorrelations: Bool = false) {
        parameters = scenario.uncertainty.parameters
        beliefConcentration = scenario.beliefConcentration
        meanBeliefs = scenario.beliefs
        compiled = parameters.map { CompiledDistribution($0.distribution) }
        dirichlet = scenario.beliefs.map { p in
            scenario.beliefConcentration.flatMap { kappa in kappa * p > 0 ? GammaShape(kappa * p) : nil }
        }
        if scenario.uncertainty.correlations.isEmpty || ignoringCorrelations {
            copula = nil
            independent = Array(parameters.indices)
        } else {
            let copula = GaussianCopula(correlations: scenario.uncertainty.correlations, parameters: parameters.map(\.name))
            precondition(copula.factor != nil, "correlations were validated")
            self.copula = copula
            independent = parameters.indices.filter { !copula.members.contains($0) }
        }
    }

    /// Numbers per row.
    public var width: Int { parameters.count + (beliefConcentration == nil ? 0 : meanBeliefs.count) }

    /// The name of each column of a row: parameter names, then `beliefs.1` … `beliefs.N`.
    public var columns: [String] {
        parameters.map(\.name) + (beliefConcentration == nil ? [] : meanBeliefs.indices.map { "beliefs.\($0 + 1)" })
    }

    /// Writes one row into `row[0..<width]`.
    public func draw(into row: UnsafeMutablePointer<Double>, using source: inout RandomSource) {
        if let copula, let factor = copula.factor {
            let m = copula.members.count
            withUnsafeTemporaryAllocation(of: Double.self, capacity: m) { normals in
                for i in 0..<m { normals[i] = source.normal() }
                for i in 0..<m {
                    var z = 0.0
                    for k in 0...i { z += factor[i][k] * normals[k] }
                    let index = copula.members[i]
                    row[index] = ParameterSampler.transform(parameters[index].distribution, normalScore: z)
                }
            }
        }
        for index in independent {
            row[index] = compiled[index].sample(&source)
        }
        if beliefConcentration != nil {
            let beliefs = row + parameters.count
            var total = 0.0
            for k in meanBeliefs.indices {
                beliefs[k] = dirichlet[k].map { source.gamma($0) } ?? 0
                total += beliefs[k]
            }
            for k in meanBeliefs.indices {
                // Every gamma underflowing to 0 needs tiny shapes; the mean beliefs are then the best stand-in.
                beliefs[k] = total > 0 ? beliefs[k] / total : meanBeliefs[k]
            }
        }
    }

    /// A row as an array (for tests and small jobs).
    public func draw(using source: inout RandomSource) -> [Double] {
        var row = [Double](repeating: 0, count: width)
        row.withUnsafeMutableBufferPointer { draw(into: $0.baseAddress!, using: &source) }
        return row
    }

    /// The value with normal score z: the distribution's quantile at Φ(z), in closed form for the
    /// normal and lognormal families.
    static func transform(_ distribution: Distribution, normalScore z: Double) -> Double {
        switch distribution {
        case .point(let v): return v
        case let .normal(m, sd): return m + sd * z
        case .ci90, .lognormal:
            let (mu, sigma) = distribution.logParameters!
            return exp(mu + sigma * z)
        default:
            return distribution.quantile(SpecialFunctions.normalCDF(z))
        }
    }

    /// The scenario's numbers with one row applied: each uncertain parameter at its drawn value and
    /// the drawn beliefs. A program whose drawn ceiling falls below its drawn baseline gets ceiling =
    /// baseline (readiness stays at the baseline whatever is spent), and a drawn scale of 0 (possible
    /// only by underflow) becomes the smallest positive number.
    public func instance(of scenario: Scenario, row: [Double]) -> ScenarioInstance {
        precondition(row.count == width)
        var programs = scenario.programs
        var stop = scenario.stopBaseline
        var misuse = scenario.misuseBaseline
        for (index, parameter) in parameters.enumerated() {
            let value = row[index]
            switch parameter.target {
            case .stopBaseline: stop = value
            case .misuseBaseline: misuse = value
            case let .program(j, field):
                programs[j][field] = value
            }
        }
        for j in programs.indices {
            programs[j].ceiling = max(programs[j].ceiling, programs[j].baseline)
            programs[j].scale = max(programs[j].scale, .leastNormalMagnitude)
        }
        let beliefs = beliefConcentration == nil ? scenario.beliefs : Array(row[parameters.count...])
        return ScenarioInstance(programs: programs, stopBaseline: stop, misuseBaseline: misuse, beliefs: beliefs)
    }
}

/// One Monte Carlo draw of a scenario: its programs, scalars and beliefs with every uncertain
/// parameter at a drawn value.
public struct ScenarioInstance: Sendable {
    public var programs: [Program]
    public var stopBaseline: Double
    public var misuseBaseline: Double
    public var beliefs: [Double]

    /// The exact model of this draw.
    public func model(levelCount: Int) -> SafetyModel {
        SafetyModel(programs: programs, levelCount: levelCount, stopBaseline: stopBaseline, misuseBaseline: misuseBaseline)
    }
}

/// A ``Distribution`` with its sampling constants worked out once, for the hot loop.
enum CompiledDistribution: Sendable {
    case point(Double)
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case uniform(low: Double, width: Double)
    case beta(GammaShape, GammaShape)
    case other(Distribution)

    init(_ distribution: Distribution) {
        switch distribution {
        case .point(let v): self = .point(v)
        case let .normal(m, sd): self = .normal(mean: m, sd: sd)
        case .ci90, .lognormal:
            let (mu, sigma) = distribution.logParameters!
            self = .lognormal(mu: mu, sigma: sigma)
        case let .uniform(a, b): self = .uniform(low: a, width: b - a)
        case let .beta(a, b): self = .beta(GammaShape(a), GammaShape(b))
        case .triangular: self = .other(distribution)
        }
    }

    @inline(__always)
    func sample(_ source: inout RandomSource) -> Double {
        switch self {
        case .point(let v): return v
        case let .normal(m, sd): return m + sd * source.normal()
        case let .lognormal(mu, sigma): return exp(mu + sigma * source.normal())
        case let .uniform(a, width): return a + width * source.uniform()
        case let .beta(a, b): return source.beta(a, b)
        case .other(let distribution): return source.sample(distribution)
        }
    }
}
