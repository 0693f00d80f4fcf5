/// The optimal allocation of a scenario and how the simple heuristics compare (<doc:QuestionsTheToolAnswers>, optimize).
public struct Optimum: Sendable {
    public struct HeuristicRow: Sendable {
        public let heuristic: Heuristic
        public let allocation: [Double]
        /// P(no catastrophe) at the rule's allocation.
        public let safety: Double
        /// The expected value U at the rule's allocation, when stops cost something (<doc:Assumptions>).
        public let value: Double?
        /// What this rule gives up against the optimum, in the objective (safety, or U with stop costs).
        public let regret: Double
    }

    public let optimum: OptimizationResult
    public let heuristics: [HeuristicRow]

    /// P(no catastrophe) at the optimum, whichever objective was maximised.
    public let safety: Double
    /// The expected value U at the optimum when stops cost something; `nil` when safety is the objective.
    public var value: Double? { optimizesValue ? optimum.safety : nil }
    /// Whether the objective maximised is the expected value U (a scenario with a stop cost).
    public let optimizesValue: Bool
    /// The maximised objective at the optimum: U with stop costs, safety otherwise.
    public var objective: Double { optimum.safety }
    public var allocation: [Double] { optimum.allocation }
    /// λ, the value of one more unit of budget at the optimum.
    public var multiplier: Double { optimum.kkt.multiplier }

    /// Optimises `problem`, starting also from every heuristic's allocation.
    public init(problem: AllocationProblem, options: Optimizer.Options = .init()) {
        let rules = Heuristic.allCases.map { ($0, $0.allocation(for: problem, isCancelled: options.isCancelled)) }
        optimum = Optimizer.maximize(problem, starts: rules.map(\.1), options: options)
        let best = optimum.safety
        let costs = problem.model.structure.hasStopCost
        optimizesValue = costs
        let safetyModel = problem.model.safetyOnly
        func safetyAt(_ x: [Double]) -> Double {
            costs ? safetyModel.safety(of: x, weights: problem.weights) : problem.safety(of: x)
        }
        safety = costs ? safetyAt(optimum.allocation) : best
        heuristics = rules.map { rule, x in
            let v = problem.safety(of: x)
            return HeuristicRow(
                heuristic: rule, allocation: x, safety: costs ? safetyAt(x) : v, value: costs ? v : nil, regret: best - v)
        }
    }

    /// Optimises `scenario` under its own beliefs and orderings.
    public init(scenario: Scenario, options: Optimizer.Options = .init()) {
        self.init(problem: AllocationProblem(scenario: scenario), options: options)
    }
}
