/// Marginal values of every program at an allocation, and for techniques the critical probability
/// beyond which more of it does harm (<doc:QuestionsTheToolAnswers>, <doc:DisputedOrderings>).
public struct Margins: Sendable {
    public struct ProgramMargin: Sendable {
        public let id: String
        /// ∂V/∂x_j: safety gained per unit of resource.
        public let marginal: Double
        public var netNegative: Bool { marginal < 0 }
        /// For a technique: π = P(it falls short), the probability of the worlds that need more
        /// than it gives (on one ladder, P(k > ℓ)).
        public let harderProbability: Double?
        /// A: per-unit value averaged over the worlds where it suffices (probabilities renormalised on that side).
        public let easierValue: Double?
        /// D: per-unit value averaged over the worlds where it falls short.
        public let harderValue: Double?
        /// π* = A / (A − D) when A > 0 > D: the technique is net-negative at the margin for anyone
        /// with the same beliefs within each side who puts more than π* on it falling short (the
        /// relative weights of the worlds on each side are these beliefs'; only the chance of
        /// falling short varies). `nil` when a side has no probability, the signs agree, or a side's
        /// per-unit value is below ``negligibleValue`` in absolute value (it counts as zero).
        public let criticalProbability: Double?
    }

    /// A side's per-unit value (probability per unit of budget) below this in absolute value
    /// counts as zero when deciding whether π* exists, so that rounding in a side that neither
    /// helps nor harms does not print a break-even chance such as 1.75e-15.
    public static let negligibleValue = 1e-12

    /// The allocation the marginal values are taken at.
    public let allocation: [Double]
    /// P(no catastrophe) at the allocation.
    public let safety: Double
    /// The expected value U at the allocation when stops cost something (<doc:Assumptions>); the
    /// marginal values are then ∂U/∂x.
    public let value: Double?
    /// Programs ranked by marginal value, highest first.
    public let programs: [ProgramMargin]

    /// Marginal values at `allocation` (program order).
    ///
    /// Technique j falls short in world (o, k) when k ≥ 2 and its level in ordering o is below k
    /// or it never suffices there (``Worlds/fallsShort(_:in:)``); it suffices in every other world,
    /// the worlds that need no technique included.
    public init(problem: AllocationProblem, allocation x: [Double]) {
        let model = problem.model
        let worlds = problem.worlds
        let p = problem.weights
        self.allocation = x
        let objective = model.safety(of: x, weights: p)
        value = model.structure.hasStopCost ? objective : nil
        safety = model.structure.hasStopCost ? model.safetyOnly.safety(of: x, weights: p) : objective
        let rows = model.worldGradient(at: x)
        var result: [ProgramMargin] = []
        for (j, program) in model.programs.enumerated() {
            let row = rows[j]
            let marginal = zip(row, p).reduce(0) { $0 + $1.0 * $1.1 }
            guard program.kind == .technique, program.level != nil else {
                result.append(
                    ProgramMargin(
                        id: program.id, marginal: marginal, harderProbability: nil, easierValue: nil,
                        harderValue: nil, criticalProbability: nil))
                continue
            }
            var harder = 0.0
            var easierMass = 0.0
            var easierSum = 0.0
            var harderSum = 0.0
            // Each side summed in world order, which on one ladder is the order of the levels.
            for w in p.indices where worlds.fallsShort(j, in: w) { harder += p[w] }
            for w in p.indices where !worlds.fallsShort(j, in: w) { easierMass += p[w] }
            for w in p.indices where !worlds.fallsShort(j, in: w) { easierSum += p[w] * row[w] }
            for w in p.indices where worlds.fallsShort(j, in: w) { harderSum += p[w] * row[w] }
            let a: Double? = easierMass > 0 ? easierSum / easierMass : nil
            let d: Double? = harder > 0 ? harderSum / harder : nil
            var critical: Double? = nil
            if let a, let d, a >= Margins.negligibleValue, d <= -Margins.negligibleValue { critical = a / (a - d) }
            result.append(
                ProgramMargin(
                    id: program.id, marginal: marginal, harderProbability: harder, easierValue: a,
                    harderValue: d, criticalProbability: critical))
        }
        programs = result.sorted { $0.marginal > $1.marginal }
    }

    /// - Parameters:
    ///   - scenario: the model and the beliefs.
    ///   - allocation: in program order; the status quo when `nil`.
    public init(scenario: Scenario, allocation: [Double]? = nil) {
        self.init(problem: AllocationProblem(scenario: scenario), allocation: allocation ?? scenario.statusQuo)
    }
}
