import Foundation

/// A user's whole question: a scale, beliefs over its levels, a budget and the programs it can
/// buy (<doc:TheModel>, <doc:ScenarioFileReference>).
///
/// A `Scenario` value is always valid; ``init(name:scale:scaleSource:beliefs:normalize:budget:stopBaseline:misuseBaseline:frontier:programs:allocation:beliefConcentration:uncertainty:timeline:orderings:structure:evidence:experiments:)``
/// checks every rule (uncertain parameters included) and throws an ``InputError`` naming the field.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var scale: Scale
    /// `builtin`, or the path of the scale file as the scenario named it.
    public var scaleSource: String
    /// p_k for k = 1..N, summing to 1.
    public var beliefs: [Double]
    public var budget: Double
    /// q₀: the chance the world stops an unaligned deployment with no program's help.
    public var stopBaseline: Double
    /// m₀: the chance an aligned TAI still ends in catastrophe through misuse or structural failure.
    public var misuseBaseline: Double
    /// The level the state of the art applied to frontier models has reached (default 3).
    public var frontier: Double
    public var programs: [Program]
    /// The scenario's own allocation, in program order; `nil` means the status quo (the minimums).
    public var allocation: [Double]?
    /// Dirichlet concentration κ for uncertain beliefs: Monte Carlo draws beliefs from Dirichlet(κ·p).
    /// The exact model uses p.
    public var beliefConcentration: Double?
    /// The parameters that are distributions, and their rank correlations (<doc:UncertainParameters>). The
    /// fields above hold each uncertain parameter's median, which the exact commands use.
    public var uncertainty: Uncertainty
    /// The race over time (<doc:TheRace>).
    public var timeline: Timeline
    /// Alternative orderings of the technique families (<doc:DisputedOrderings>); empty for one ladder.
    /// Their beliefs, when given, are normalised like the scenario's.
    public var orderings: [Ordering]
    /// Values by level and stops that cost (<doc:Assumptions>); the plain model by default.
    public var structure: Structure
    /// Evidence already seen (<doc:Learning>): every analysis runs on the posterior it gives.
    /// ``beliefs`` stay the prior.
    public var evidence: [Observation]
    /// Experiments that could be run before spending (<doc:Learning>); `voi` values each.
    public var experiments: [Experiment]
    /// The longest program id (ids name programs in tables, allocations and paths).
    public static let maximumIdLength = 100

    /// The most programs some other program may require; the exact model enumerates 2^|H| states.
    public static let maximumRequiredPrograms = 16

    /// Creates a scenario, checking <doc:TheModel>.
    ///
    /// - Parameters:
    ///   - name: for display.
    ///   - scale: the ladder of levels (the built-in one by default).
    ///   - scaleSource: where the scale came from: `builtin`, a file's path, or `inline`.
    ///   - beliefs: p₁ … p_N, the chance that each level is the true one.
    ///   - normalize: divide the beliefs by their sum instead of rejecting a sum off 1 by more than 1e-9.
    ///   - budget: the resources to allocate.
    ///   - stopBaseline: the chance the world stops an unaligned deployment with no program's help.
    ///   - misuseBaseline: the chance an aligned transformative AI still ends in catastrophe.
    ///   - frontier: the level today's state of the art has reached.
    ///   - programs: what the budget can buy.
    ///   - allocation: an allocation to evaluate, program id → amount (`nil`: the status quo).
    ///   - beliefConcentration: κ of Dirichlet(κ·p) beliefs under Monte Carlo.
    ///   - uncertainty: the parameters written as distributions, and their correlations.
    ///   - timeline: the race over time.
    ///   - orderings: alternative orderings of the techniques.
    ///   - structure: values by level and stop costs (the plain model by default).
    ///   - evidence: observations already seen; analyses run on the posterior.
    ///   - experiments: experiments that could be run before spending.
    /// - Throws: ``InputError`` naming the first offending field.
    public init(
        name: String = "", scale: Scale = .builtin, scaleSource: String = "builtin",
        beliefs: [Double], normalize: Bool = false, budget: Double, stopBaseline: Double = 0,
        misuseBaseline: Double = 0, frontier: Double = 3, programs: [Program],
        allocation: [String: Double]? = nil, beliefConcentration: Double? = nil,
        uncertainty: Uncertainty = .none, timeline: Timeline = Timeline(), orderings: [Ordering] = [],
        structure: Structure = Structure(), evidence: [Observation] = [],
        experiments: [Experiment] = []
    ) throws {
        var programs = programs
        var stopBaseline = stopBaseline
        var misuseBaseline = misuseBaseline
        var structure = structure
        try Scenario.apply(
            uncertainty, to: &programs, stopBaseline: &stopBaseline, misuseBaseline: &misuseBaseline, structure: &structure)
        let n = scale.levelCount
        guard beliefs.count == n else {
            throw InputError(
                path: "beliefs", expected: "one belief per level of the scale (\(n))",
                found: "\(beliefs.count) \(beliefs.count == 1 ? "value" : "values")")
        }
        for (index, p) in beliefs.enumerated() {
            try Check.finite(p, path: "beliefs[\(index)]")
            guard p >= 0 else {
                throw InputError(
                    path: "beliefs[\(index)]", expected: "a probability ≥ 0", found: InputError.show(p))
            }
        }
        let normalized = try Scenario.normalized(beliefs, normalize: normalize, path: "beliefs")
        try Check.finite(budget, path: "budget")
        guard budget >= 0 else {
            throw InputError(path: "budget", expected: "a number ≥ 0", found: InputError.show(budget))
        }
        try Check.probability(stopBaseline, path: "stop_baseline")
        try Check.probability(misuseBaseline, path: "misuse_baseline")
        try Check.finite(frontier, path: "frontier")
        guard frontier >= 1 && frontier <= Double(n) else {
            throw InputError(
                path: "frontier", expected: "a level between 1 and \(n)", found: InputError.show(frontier))
        }
        if let beliefConcentration {
            try Check.finite(beliefConcentration, path: "belief_concentration")
            guard beliefConcentration > 0 else {
                throw InputError(
                    path: "belief_concentration", expected: "a concentration > 0",
                    found: InputError.show(beliefConcentration))
            }
        }
        try Scenario.check(programs: programs, scale: scale, budget: budget)
        try structure.validate(levelCount: n)
        self.structure = structure
        self.orderings = try Scenario.check(orderings: orderings, programs: programs, scale: scale, normalize: normalize)

        self.name = name
        self.scale = scale
        self.scaleSource = scaleSource
        self.beliefs = normalized
        self.budget = budget
        self.stopBaseline = stopBaseline
        self.misuseBaseline = misuseBaseline
        self.frontier = frontier
        self.programs = programs
        self.beliefConcentration = beliefConcentration
        self.uncertainty = uncertainty
        try timeline.validate(levelCount: n)
        self.timeline = timeline
        self.evidence = evidence
        self.experiments = experiments
        try checkEvidence()
        try checkExperiments()
        self.allocation = nil
        if let allocation {
            self.allocation = try self.checked(allocation: allocation, path: "allocation")
        }
    }

    /// `beliefs` (finite and ≥ 0) as probabilities: as written when they sum to 1 within 1e-9,
    /// divided by their sum when `normalize` is set.
    ///
    /// Weights so large that their sum overflows (such as `1e308` twice) are divided by the largest
    /// first, so they normalise to the right shares instead of to zeros.
    /// - Throws: ``InputError`` at `path` for a sum off 1 without `normalize`, or no positive belief.
    static func normalized(_ beliefs: [Double], normalize: Bool, path: FieldPath) throws -> [Double] {
        var total = beliefs.reduce(0, +)
        var scaled = beliefs
        if !total.isFinite, let largest = beliefs.max(), largest > 0 {
            scaled = beliefs.map { $0 / largest }
            total = scaled.reduce(0, +)
            guard normalize else {
                throw InputError(
                    path: path, expected: "beliefs summing to 1 (within 1e-9)", found: "a sum too large to represent",
                    hint: "set `normalize: true` to rescale them")
            }
        }
        guard abs(total - 1) > 1e-9 || scaled != beliefs else { return beliefs }
        guard normalize, total > 0 else {
            throw InputError(
                path: path,
                expected: normalize ? "beliefs with a positive sum" : "beliefs summing to 1 (within 1e-9)",
                found: "a sum of \(InputError.show(total))",
                hint: normalize ? nil : "set `normalize: true` to rescale them")
        }
        return scaled.map { $0 / total }
    }

    /// Whether any structural switch is on: values by level, false alarms or a stop cost.
    public var hasStructure: Bool { !structure.isPlain || programs.contains { $0.hasStructure } }

    /// Whether the objective is the expected value U (stops cost something) rather than safety.
    public var optimizesValue: Bool { structure.hasStopCost }

    /// Whether the scenario says anything about the race over time (a `timeline` other than the defaults).
    public var hasTimeline: Bool { timeline != Timeline() }

    /// The index of the program with this id.
    public func index(of id: String) -> Int? { programs.firstIndex { $0.id == id } }

    /// Lower bounds of the allocation, in program order.
    public var minimums: [Double] { programs.map(\.minimum) }

    /// Upper bounds of the allocation, in program order (a missing `max` is the budget).
    public var maximums: [Double] { programs.map { min($0.maximum ?? budget, budget) } }

    /// The status quo: every program at its minimum.
    public var statusQuo: [Double] { minimums }

    /// The allocation the scenario names, or the status quo.
    public var currentAllocation: [Double] { allocation ?? statusQuo }

    /// Turns a map id → amount into an allocation in program order, checking ids, bounds and budget.
    ///
    /// Programs the map leaves out get their minimum.
    /// - Parameters:
    ///   - map: program id → amount.
    ///   - path: the field path to name in errors, such as `allocation` or `--allocation`.
    public func checked(allocation map: [String: Double], path: FieldPath) throws -> [Double] {
        var result = minimums
        for (id, amount) in map.sorted(by: { $0.key < $1.key }) {
            let field = path.appending(id)
            guard let j = index(of: id) else {
                throw InputError(
                    path: field, expected: "the id of a program in this scenario",
                    found: "'\(id)'", hint: Suggestion.nearest(to: id, in: programs.map(\.id)).map { "did you mean '\($0)'?" })
            }
            try Check.finite(amount, path: field)
            let upper = programs[j].maximum ?? budget
            guard amount >= programs[j].minimum && amount <= upper else {
                throw InputError(
                    path: field,
                    expected:
                        "an amount within the program's bounds [\(InputError.show(programs[j].minimum)), \(InputError.show(upper))]",
                    found: InputError.show(amount))
            }
            result[j] = amount
        }
        let total = result.reduce(0, +)
        guard Check.fitsBudget(total, budget) else {
            throw InputError(
                path: path, expected: "a total within the budget (\(InputError.show(budget)))",
                found: "a total of \(InputError.show(total))")
        }
        return result
    }
}
