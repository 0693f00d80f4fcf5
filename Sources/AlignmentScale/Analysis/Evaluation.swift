/// The exact safety of one allocation, level by level, ordering by ordering and program by
/// program (<doc:QuestionsTheToolAnswers>, <doc:DisputedOrderings>).
public struct Evaluation: Sendable {
    public struct LevelRow: Sendable {
        public let level: Int
        /// Σ_o c_o·p^o_k: the belief in level k whatever the ordering.
        public let belief: Double
        /// P(safe | k, x), averaged over the orderings in proportion to c_o·p^o_k.
        public let safety: Double
    }

    public struct OrderingRow: Sendable {
        public let name: String
        public let credence: Double
        /// P(safe | o, x) = Σ_k p^o_k·P(safe | o, k, x): safety if this ordering is the true one.
        public let safety: Double
    }

    public struct ProgramRow: Sendable {
        public let id: String
        public let allocation: Double
        /// Own readiness R_j(x_j).
        public let readiness: Double
    }

    /// V(x) = Σ_w P(w)·P(safe | w, x): P(no catastrophe), whatever stops cost.
    public let safety: Double
    /// U(x), the expected value with stop costs (<doc:Assumptions>); `nil` when stops are free.
    public let value: Double?
    public var risk: Double { 1 - safety }
    public let levels: [LevelRow]
    /// Every ordering as the scenario names it, the main one first (just `main` for one ladder).
    public let orderings: [OrderingRow]
    public let programs: [ProgramRow]
    /// P(safe | w, x) for every world.
    public let worldSafety: [Double]

    /// Evaluates `allocation` (in program order).
    ///
    /// A level's safety is Σ_o c_o·p^o_k·P(safe | o, k) / Σ_o c_o·p^o_k. Where no ordering puts
    /// belief on the level, it is the credence-weighted Σ_o c_o·P(safe | o, k), which on one ladder
    /// is P(safe | k) as ever (<doc:DisputedOrderings> says 0 there; the credence-weighted value keeps a
    /// scenario without orderings exactly as it was and still reads as "if the level were k").
    public init(problem: AllocationProblem, allocation x: [Double]) {
        let model = problem.model
        let worlds = problem.worlds
        let perWorld = model.safetyOnly.worldSafety(of: x)
        value = model.structure.hasStopCost ? problem.safety(of: x) : nil
        worldSafety = perWorld
        let n = worlds.levelCount
        let marginal = worlds.marginalBeliefs
        levels = (0..<n).map { k in
            if worlds.isSingleLadder {
                return LevelRow(level: k + 1, belief: marginal[k], safety: perWorld[k])
            }
            var weighted = 0.0
            var byCredence = 0.0
            for (o, ordering) in worlds.orderings.enumerated() {
                weighted += problem.weights[o * n + k] * perWorld[o * n + k]
                byCredence += ordering.credence * perWorld[o * n + k]
            }
            return LevelRow(level: k + 1, belief: marginal[k], safety: marginal[k] > 0 ? weighted / marginal[k] : byCredence)
        }
        safety = zip(perWorld, problem.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let byOrdering = worlds.orderings.enumerated().map { o, ordering in
            (0..<n).reduce(0) { $0 + ordering.beliefs[$1] * perWorld[o * n + $1] }
        }
        orderings = worlds.named.map { OrderingRow(name: $0.name, credence: $0.credence, safety: byOrdering[$0.ordering]) }
        let readiness = model.readiness(of: x)
        programs = model.programs.indices.map {
            ProgramRow(id: model.programs[$0].id, allocation: x[$0], readiness: readiness[$0])
        }
    }

    /// Evaluates `allocation` (in program order; the scenario's own allocation when `nil`).
    public init(scenario: Scenario, allocation: [Double]? = nil) {
        self.init(problem: AllocationProblem(scenario: scenario), allocation: allocation ?? scenario.currentAllocation)
    }
}
