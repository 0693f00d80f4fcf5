/// The first-order (Karush–Kuhn–Tucker) conditions at an allocation (<doc:QuestionsTheToolAnswers>).
///
/// With multiplier λ ≥ 0 on the budget: marginal = λ for programs strictly inside their bounds,
/// ≤ λ at the lower bound, ≥ λ at the upper bound, and λ = 0 when budget is left over.
public struct KKTCheck: Sendable, Equatable {
    public enum Position: String, Sendable { case lower, interior, upper }

    /// λ, the value of one more unit of budget.
    public let multiplier: Double
    /// Where each program sits relative to its bounds.
    public let positions: [Position]
    /// The largest violation of the conditions, in units of V per unit of resource.
    public let violation: Double
    /// `violation` divided by the largest absolute marginal value (0 when every marginal is 0).
    public let relativeViolation: Double
    /// Budget left unspent.
    public let slack: Double

    /// Whether the conditions hold to `tolerance` relative to the largest marginal value.
    public func holds(tolerance: Double = 1e-4) -> Bool { relativeViolation <= tolerance }

    /// Checks the conditions at `x` with marginal values `gradient`.
    public init(problem: AllocationProblem, allocation x: [Double], gradient g: [Double]) {
        let scaleOfX = max(1, problem.budget)
        let boundTolerance = 1e-7 * scaleOfX
        slack = problem.budget - x.reduce(0, +)
        var positions: [Position] = []
        for j in x.indices {
            if problem.upper[j] - problem.lower[j] <= boundTolerance {
                positions.append(g[j] >= 0 ? .upper : .lower)
            } else if x[j] - problem.lower[j] <= boundTolerance {
                positions.append(.lower)
            } else if problem.upper[j] - x[j] <= boundTolerance {
                positions.append(.upper)
            } else {
                positions.append(.interior)
            }
        }
        let budgetBinds = slack <= boundTolerance
        var lambda = 0.0
        if budgetBinds {
            let interior = x.indices.filter { positions[$0] == .interior }.map { g[$0] }.sorted()
            if !interior.isEmpty {
                lambda = interior[interior.count / 2]
            } else {
                // Any λ between the largest marginal at a lower bound and the smallest at an upper one works.
                let floor = x.indices.filter { positions[$0] == .lower }.map { g[$0] }.max() ?? 0
                let ceiling = x.indices.filter { positions[$0] == .upper }.map { g[$0] }.min() ?? .infinity
                lambda = max(0, min(floor, ceiling))
            }
            lambda = max(0, lambda)
        }
        var violation = 0.0
        for j in x.indices {
            switch positions[j] {
            case .interior: violation = max(violation, abs(g[j] - lambda))
            case .lower: violation = max(violation, g[j] - lambda)
            case .upper: violation = max(violation, lambda - g[j])
            }
        }
        self.multiplier = lambda
        self.positions = positions
        self.violation = violation
        let largest = g.map(abs).max() ?? 0
        relativeViolation = largest > 0 ? violation / largest : 0
    }
}
