import Foundation

/// A user's whole question: a scale, beliefs over its levels, a budget and the programs it can
/// buy (<doc:TheModel>, <doc:ScenarioFileReference>).
///
/// A `Scenario` value is always valid, and stays so: its fields can be read but not set from
/// outside. A variant is made by ``changing(_:)``, which checks the changed scenario again.
/// ``init(name:scale:scaleSource:beliefs:normalize:budget:stopBaseline:misuseBaseline:frontier:programs:allocation:beliefConcentration:uncertainty:timeline:orderings:structure:evidence:experiments:)``
/// checks every rule (uncertain parameters included) and throws an ``InputError`` naming the field.
public struct Scenario: Sendable, Equatable {
    public private(set) var name: String
    public private(set) var scale: Scale
    /// `builtin`, or the path of the scale file as the scenario named it.
    public private(set) var scaleSource: String
    /// p_k for k = 1..N, summing to 1.
    public private(set) var beliefs: [Double]
    public private(set) var budget: Double
    /// q₀: the chance the world stops an unaligned deployment with no program's help.
    public private(set) var stopBaseline: Double
    /// m₀: the chance an aligned TAI still ends in catastrophe through misuse or structural failure.
    public private(set) var misuseBaseline: Double
    /// The level the state of the art applied to frontier models has reached (``ScenarioField/defaultFrontier`` by default).
    public private(set) var frontier: Double
    public private(set) var programs: [Program]
    /// The scenario's own allocation, in program order; `nil` means the status quo (the minimums).
    public private(set) var allocation: [Double]?
    /// Dirichlet concentration κ for uncertain beliefs: Monte Carlo draws beliefs from Dirichlet(κ·p).
    /// The exact model uses p.
    public private(set) var beliefConcentration: Double?
    /// The parameters that are distributions, and their rank correlations (<doc:UncertainParameters>). The
    /// fields above hold each uncertain parameter's median, which the exact commands use.
    public private(set) var uncertainty: Uncertainty
    /// The race over time (<doc:TheRace>).
    public private(set) var timeline: Timeline
    /// Alternative orderings of the technique families (<doc:DisputedOrderings>); empty for one ladder.
    /// Their beliefs, when given, are normalised like the scenario's.
    public private(set) var orderings: [Ordering]
    /// Values by level and stops that cost (<doc:Assumptions>); the plain model by default.
    public private(set) var structure: Structure
    /// Evidence already seen (<doc:Learning>): every analysis runs on the posterior it gives.
    /// ``beliefs`` stay the prior.
    public private(set) var evidence: [Observation]
    /// Experiments that could be run before spending (<doc:Learning>); `voi` values each.
    public private(set) var experiments: [Experiment]
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
        misuseBaseline: Double = 0, frontier: Double = ScenarioField.defaultFrontier, programs: [Program],
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
                path: ScenarioField.beliefs.path, expected: "one belief per level of the scale (\(n))",
                found: "\(beliefs.count) \(beliefs.count == 1 ? "value" : "values")")
        }
        for (index, p) in beliefs.enumerated() {
            try Check.finite(p, path: ScenarioField.beliefs.path[index])
            guard p >= 0 else {
                throw InputError(
                    path: ScenarioField.beliefs.path[index], expected: "a probability ≥ 0", found: InputError.show(p))
            }
        }
        let normalized = try Scenario.normalized(beliefs, normalize: normalize, path: ScenarioField.beliefs.path)
        try Check.finite(budget, path: ScenarioField.budget.path)
        guard budget >= 0 else {
            throw InputError(path: ScenarioField.budget.path, expected: "a number ≥ 0", found: InputError.show(budget))
        }
        try Check.probability(stopBaseline, path: ScenarioField.stopBaseline.path)
        try Check.probability(misuseBaseline, path: ScenarioField.misuseBaseline.path)
        try Check.finite(frontier, path: ScenarioField.frontier.path)
        guard frontier >= 1 && frontier <= Double(n) else {
            throw InputError(
                path: ScenarioField.frontier.path, expected: "a level between 1 and \(n)", found: InputError.show(frontier))
        }
        if let beliefConcentration {
            try Check.finite(beliefConcentration, path: ScenarioField.beliefConcentration.path)
            guard beliefConcentration > 0 else {
                throw InputError(
                    path: ScenarioField.beliefConcentration.path, expected: "a concentration > 0",
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
            self.allocation = try self.checked(allocation: allocation, path: ScenarioField.allocation.path)
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

// MARK: - Variants

extension Scenario {
    /// A scenario's parts before they are checked: what ``Scenario/init(_:)`` checks and what
    /// ``Scenario/changing(_:)`` hands out to change. Each field means what the scenario's field of
    /// the same name means; ``allocation`` is by program id, as a file writes it.
    public struct Draft: Sendable, Equatable {
        public var name: String
        public var scale: Scale
        public var scaleSource: String
        public var beliefs: [Double]
        /// Divide the beliefs (and each ordering's) by their sum instead of refusing a sum off 1.
        public var normalize: Bool
        public var budget: Double
        public var stopBaseline: Double
        public var misuseBaseline: Double
        public var frontier: Double
        public var programs: [Program]
        public var allocation: [String: Double]?
        public var beliefConcentration: Double?
        public var uncertainty: Uncertainty
        public var timeline: Timeline
        public var orderings: [Ordering]
        public var structure: Structure
        public var evidence: [Observation]
        public var experiments: [Experiment]
    }

    /// The scenario's parts, ready to change (``Draft/normalize`` off: the beliefs already sum to 1).
    public var draft: Draft {
        Draft(
            name: name, scale: scale, scaleSource: scaleSource, beliefs: beliefs, normalize: false, budget: budget,
            stopBaseline: stopBaseline, misuseBaseline: misuseBaseline, frontier: frontier, programs: programs,
            allocation: allocation.map { Dictionary(uniqueKeysWithValues: zip(programs.map(\.id), $0)) },
            beliefConcentration: beliefConcentration, uncertainty: uncertainty, timeline: timeline,
            orderings: orderings, structure: structure, evidence: evidence, experiments: experiments)
    }

    /// Checks a draft as a new scenario.
    /// - Throws: ``InputError`` naming the first offending field.
    public init(_ draft: Draft) throws {
        try self.init(
            name: draft.name, scale: draft.scale, scaleSource: draft.scaleSource, beliefs: draft.beliefs,
            normalize: draft.normalize, budget: draft.budget, stopBaseline: draft.stopBaseline,
            misuseBaseline: draft.misuseBaseline, frontier: draft.frontier, programs: draft.programs,
            allocation: draft.allocation, beliefConcentration: draft.beliefConcentration, uncertainty: draft.uncertainty,
            timeline: draft.timeline, orderings: draft.orderings, structure: draft.structure, evidence: draft.evidence,
            experiments: draft.experiments)
    }

    /// This scenario with `change` applied to its parts, checked again as a whole: the one way to
    /// derive a variant, so that a variant is as valid as a scenario read from a file. A parameter
    /// written as a distribution keeps its median (change ``Draft/uncertainty`` to set it).
    /// - Throws: what `change` throws, or ``InputError`` naming the first field the change made invalid.
    public func changing(_ change: (inout Draft) throws -> Void) throws -> Scenario {
        var draft = self.draft
        try change(&draft)
        return try Scenario(draft)
    }

    /// This scenario with every uncertain parameter fixed at its median and nothing else changed
    /// (`belief_concentration` stays): what the exact commands compute, as a scenario of its own.
    public var atMedians: Scenario {
        var scenario = self
        scenario.uncertainty = .none
        return scenario
    }

    /// The scenario with one parameter set to `value` (a ceiling below the baseline is raised to it,
    /// as in Monte Carlo draws). Not checked again: `value` is a draw from the parameter's own
    /// distribution, whose support the scenario's checks already accepted.
    func setting(_ target: ParameterTarget, to value: Double) -> Scenario {
        var copy = self
        target.apply(
            value, programs: &copy.programs, stopBaseline: &copy.stopBaseline, misuseBaseline: &copy.misuseBaseline,
            structure: &copy.structure)
        if case .program(let j, _) = target {
            copy.programs[j].ceiling = max(copy.programs[j].ceiling, copy.programs[j].baseline)
        }
        return copy
    }
}
