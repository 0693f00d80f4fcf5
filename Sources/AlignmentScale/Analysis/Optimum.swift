/// The optimal allocation of a scenario and how the simple heuristics compare (<doc:QuestionsTheToolAnswers>, optimize).
public struct Optimum: Sendable {
    public struct HeuristicRow: Sendable {
        public let heuristic: Heuristic
        public let allocation: [Double]
        public let safety: Double
        /// V* − V: the safety this rule gives up against the optimum.
        public let regret: Double
    }

    public let optimum: OptimizationResult
    public let heuristics: [HeuristicRow]

    public var safety: Double { optimum.safety }
    public var allocation: [Double] { optimum.allocation }
    /// λ, the value of one more unit of budget at the optimum.
    public var multiplier: Double { optimum.kkt.multiplier }

    /// Optimises `problem`, starting also from every heuristic's allocation.
    public init(problem: AllocationProblem, options: Optimizer.Options = .init()) {
        let rules = Heuristic.allCases.map { ($0, $0.allocation(for: problem, isCancelled: options.isCancelled)) }
        optimum = Optimizer.maximize(problem, starts: rules.map(\.1), options: options)
        let best = optimum.safety
        heuristics = rules.map { rule, x in
            let v = problem.safety(of: x)
            return HeuristicRow(heuristic: rule, allocation: x, safety: v, regret: best - v)
        }
    }

    /// Optimises `scenario` under its own beliefs and orderings.
    public init(scenario: Scenario, options: Optimizer.Options = .init()) {
        self.init(problem: AllocationProblem(scenario: scenario), options: options)
    }
}
