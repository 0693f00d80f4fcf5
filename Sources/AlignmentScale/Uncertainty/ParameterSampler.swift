import Foundation

/// Draws every uncertain quantity of a scenario at once, as one row of numbers (<doc:UncertainParameters>).
///
/// A row holds the uncertain parameters in the scenario's order, then, when
/// ``Scenario/beliefConcentration`` is set, the N beliefs drawn from Dirichlet(κ·p) (as normalised
/// Gamma(κ·p_k) variates; a level with p_k = 0 stays at 0), then N beliefs for each alternative
/// ordering that has beliefs of its own, drawn from Dirichlet(κ·p^o) (<doc:DisputedOrderings>). Orderings
/// without beliefs of their own share the scenario's draw: they have the scenario's beliefs, and
/// an ordering identical to the main one then changes nothing. Credences are fixed.
///
/// Correlated parameters go through a Gaussian copula; the rest are drawn directly. The
/// random numbers are consumed in a fixed order (copula normals, independent parameters, Dirichlet
/// gammas, ordering by ordering), so a row is a pure function of the stream's state.
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
    /// The orderings with beliefs of their own, in ordering order: their index among the worlds'
    /// orderings, name, beliefs and Gamma shapes.
    let ownBeliefs: [(ordering: Int, name: String, beliefs: [Double], shapes: [GammaShape?])]
    /// The scenario's worlds (after any evidence), used as they are when beliefs are not drawn.
    let worlds: Worlds
    /// The worlds before evidence, which a row's drawn beliefs re-weight; the evidence's likelihood
    /// then updates each draw (<doc:Learning>).
    let priorWorlds: Worlds
    let likelihood: [Double]?

    /// - Parameters:
    ///   - scenario: its uncertain parameters, belief concentration and orderings.
    ///   - ignoringCorrelations: draw every parameter independently (Sobol indices assume
    ///     independent inputs).
    ///   - ignoringBeliefs: draw the parameters only, never the beliefs (a study draws its own).
    public init(scenario: Scenario, ignoringCorrelations: Bool = false, ignoringBeliefs: Bool = false) {
        parameters = scenario.uncertainty.parameters
        beliefConcentration = ignoringBeliefs ? nil : scenario.beliefConcentration
        meanBeliefs = scenario.beliefs
        compiled = parameters.map { CompiledDistribution($0.distribution) }
        func shapes(_ beliefs: [Double]) -> [GammaShape?] {
            beliefs.map { p in
                (ignoringBeliefs ? nil : scenario.beliefConcentration).flatMap { kappa in
                    kappa * p > 0 ? GammaShape(kappa * p) : nil
                }
            }
        }
        dirichlet = shapes(scenario.beliefs)
        let worlds = scenario.priorWorlds
        self.worlds = scenario.worlds
        priorWorlds = worlds
        likelihood = scenario.evidenceLikelihood
        ownBeliefs = worlds.orderings.indices.filter { worlds.orderings[$0].hasOwnBeliefs }.map { o in
            (o, worlds.orderings[o].name, worlds.orderings[o].beliefs, shapes(worlds.orderings[o].beliefs))
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
    public var width: Int {
        parameters.count + (beliefConcentration == nil ? 0 : meanBeliefs.count * (1 + ownBeliefs.count))
    }

    /// The name of each column of a row: parameter names, then `beliefs.1` … `beliefs.N`, then
    /// `orderings.NAME.beliefs.1` … for each ordering with beliefs of its own.
    public var columns: [String] {
        guard beliefConcentration != nil else { return parameters.map(\.name) }
        let levels = meanBeliefs.indices.map { "beliefs.\($0 + 1)" }
        return parameters.map(\.name) + levels + ownBeliefs.flatMap { own in levels.map { "orderings.\(own.name).\($0)" } }
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
            ParameterSampler.dirichlet(dirichlet, mean: meanBeliefs, into: row + parameters.count, using: &source)
            for (index, own) in ownBeliefs.enumerated() {
                ParameterSampler.dirichlet(
                    own.shapes, mean: own.beliefs, into: row + parameters.count + (index + 1) * meanBeliefs.count,
                    using: &source)
            }
        }
    }

    /// Writes a Dirichlet draw (normalised Gamma variates with these shapes) into `out[0..<N]`.
    private static func dirichlet(
        _ shapes: [GammaShape?], mean: [Double], into out: UnsafeMutablePointer<Double>, using source: inout RandomSource
    ) {
        var total = 0.0
        for k in mean.indices {
            out[k] = shapes[k].map { source.gamma($0) } ?? 0
            total += out[k]
        }
        for k in mean.indices {
            // Every gamma underflowing to 0 needs tiny shapes; the mean beliefs are then the best stand-in.
            out[k] = total > 0 ? out[k] / total : mean[k]
        }
    }

    /// The worlds with a row's drawn beliefs (the scenario's worlds when beliefs are not uncertain).
    public func worlds(row: UnsafePointer<Double>) -> Worlds {
        guard beliefConcentration != nil else { return worlds }
        let n = meanBeliefs.count
        let drawn = row + parameters.count
        let shared = Array(UnsafeBufferPointer(start: drawn, count: n))
        var beliefs = priorWorlds.orderings.map { _ in shared }
        for (index, own) in ownBeliefs.enumerated() {
            beliefs[own.ordering] = Array(UnsafeBufferPointer(start: drawn + (index + 1) * n, count: n))
        }
        let drawnWorlds = priorWorlds.withBeliefs(beliefs)
        return likelihood.map { drawnWorlds.updated(byLikelihood: $0) } ?? drawnWorlds
    }

    /// Writes the world probabilities of a row into `weights[0..<W]`: c_o·p^o_k with p^o the
    /// row's drawn beliefs for ordering o (the shared draw unless it has its own).
    func writeWeights(row: UnsafePointer<Double>, into weights: UnsafeMutablePointer<Double>) {
        let n = meanBeliefs.count
        let drawn = row + parameters.count
        var ownIndex = 0
        for (o, ordering) in priorWorlds.orderings.enumerated() {
            var source = drawn
            if ordering.hasOwnBeliefs {
                ownIndex += 1
                source = drawn + ownIndex * n
            }
            for k in 0..<n { weights[o * n + k] = ordering.credence * source[k] }
        }
        // Evidence: P'(w) ∝ P(w)·L_k(w), the same likelihood for every draw (a draw that the
        // evidence rules out entirely keeps its prior weights, as ``Worlds/updated(byLikelihood:)`` does).
        if let likelihood {
            var total = 0.0
            for w in 0..<priorWorlds.count { total += weights[w] * likelihood[w % n] }
            if total > 0 { for w in 0..<priorWorlds.count { weights[w] = weights[w] * likelihood[w % n] / total } }
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
        var structure = scenario.structure
        for (index, parameter) in parameters.enumerated() {
            parameter.target.apply(
                row[index], programs: &programs, stopBaseline: &stop, misuseBaseline: &misuse, structure: &structure)
        }
        for j in programs.indices {
            programs[j].ceiling = max(programs[j].ceiling, programs[j].baseline)
            programs[j].scale = max(programs[j].scale, .leastNormalMagnitude)
        }
        let drawnWorlds = row.withUnsafeBufferPointer { worlds(row: $0.baseAddress!) }
        return ScenarioInstance(
            programs: programs, stopBaseline: stop, misuseBaseline: misuse, worlds: drawnWorlds, structure: structure)
    }
}

/// One Monte Carlo draw of a scenario: its programs, scalars and worlds with every uncertain
/// parameter and belief at a drawn value.
public struct ScenarioInstance: Sendable {
    public var programs: [Program]
    public var stopBaseline: Double
    public var misuseBaseline: Double
    /// The worlds with the drawn beliefs.
    public var worlds: Worlds
    /// The scenario's structural switches, with any uncertain value by level at its drawn value.
    public var structure = Structure()

    /// The exact model of this draw.
    public func model() -> SafetyModel {
        SafetyModel(
            programs: programs, sufficiencyLevels: worlds.sufficiencyLevels, levelCount: worlds.levelCount,
            stopBaseline: stopBaseline, misuseBaseline: misuseBaseline, structure: structure)
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
