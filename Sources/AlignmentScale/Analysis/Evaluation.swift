/// The exact safety of one allocation, level by level and program by program (MODEL.md §6, evaluate).
public struct Evaluation: Sendable {
    public struct LevelRow: Sendable {
        public let level: Int
        public let belief: Double
        /// P(safe | k, x).
        public let safety: Double
    }

    public struct ProgramRow: Sendable {
        public let id: String
        public let allocation: Double
        /// Own readiness R_j(x_j).
        public let readiness: Double
    }

    /// V(x) = Σ_k p_k·P(safe | k, x).
    public let safety: Double
    public var risk: Double { 1 - safety }
    public let levels: [LevelRow]
    public let programs: [ProgramRow]

    /// Evaluates `allocation` (in program order; the scenario's own allocation when `nil`).
    public init(scenario: Scenario, allocation: [Double]? = nil) {
        let x = allocation ?? scenario.currentAllocation
        let model = SafetyModel(scenario: scenario)
        let perLevel = model.levelSafety(of: x)
        levels = perLevel.indices.map { LevelRow(level: $0 + 1, belief: scenario.beliefs[$0], safety: perLevel[$0]) }
        safety = zip(perLevel, scenario.beliefs).reduce(0) { $0 + $1.0 * $1.1 }
        let readiness = model.readiness(of: x)
        programs = scenario.programs.indices.map {
            ProgramRow(id: scenario.programs[$0].id, allocation: x[$0], readiness: readiness[$0])
        }
    }
}
