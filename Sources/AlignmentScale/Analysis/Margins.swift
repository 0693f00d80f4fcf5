/// Marginal values of every program at an allocation, and for techniques the critical probability
/// beyond which more of it does harm (MODEL.md §6, margins).
public struct Margins: Sendable {
    public struct ProgramMargin: Sendable {
        public let id: String
        /// ∂V/∂x_j: safety gained per unit of resource.
        public let marginal: Double
        public var netNegative: Bool { marginal < 0 }
        /// For a technique at level ℓ: π = P(k > ℓ), the belief that it is not enough.
        public let harderProbability: Double?
        /// A: per-unit value averaged over worlds with k ≤ ℓ (beliefs renormalised on that side).
        public let easierValue: Double?
        /// D: per-unit value averaged over worlds with k > ℓ.
        public let harderValue: Double?
        /// π* = A / (A − D) when A > 0 > D: anyone who puts more than π* on k > ℓ finds the
        /// program net-negative at the margin. `nil` when a side has no belief mass or the signs agree.
        public let criticalProbability: Double?
    }

    /// The allocation the marginal values are taken at.
    public let allocation: [Double]
    public let safety: Double
    /// Programs ranked by marginal value, highest first.
    public let programs: [ProgramMargin]

    /// - Parameter allocation: in program order; the status quo when `nil`.
    public init(scenario: Scenario, allocation: [Double]? = nil) {
        let x = allocation ?? scenario.statusQuo
        let model = SafetyModel(scenario: scenario)
        let p = scenario.beliefs
        self.allocation = x
        safety = model.safety(of: x, beliefs: p)
        let rows = model.levelGradient(at: x)
        var result: [ProgramMargin] = []
        for (j, program) in scenario.programs.enumerated() {
            let row = rows[j]
            let marginal = zip(row, p).reduce(0) { $0 + $1.0 * $1.1 }
            guard program.kind == .technique, let level = program.level else {
                result.append(
                    ProgramMargin(
                        id: program.id, marginal: marginal, harderProbability: nil, easierValue: nil,
                        harderValue: nil, criticalProbability: nil))
                continue
            }
            let harder = p[level...].reduce(0, +)
            let easierMass = p[..<level].reduce(0, +)
            let easierSum = (0..<level).reduce(0) { $0 + p[$1] * row[$1] }
            let harderSum = (level..<p.count).reduce(0) { $0 + p[$1] * row[$1] }
            let a: Double? = easierMass > 0 ? easierSum / easierMass : nil
            let d: Double? = harder > 0 ? harderSum / harder : nil
            var critical: Double? = nil
            if let a, let d, a > 0, d < 0 { critical = a / (a - d) }
            result.append(
                ProgramMargin(
                    id: program.id, marginal: marginal, harderProbability: harder, easierValue: a,
                    harderValue: d, criticalProbability: critical))
        }
        programs = result.sorted { $0.marginal > $1.marginal }
    }
}
