/// Simple allocation rules that people use, to compare against the optimum (<doc:QuestionsTheToolAnswers>).
public enum Heuristic: String, Sendable, CaseIterable {
    /// Every program at its minimum.
    case statusQuo = "status-quo"
    /// An equal split, clipped to bounds, with the remainder redistributed.
    case equal
    /// Everything to the techniques at the most probable level (ties to the lowest such level), or
    /// at the nearest level above it that has a technique; below it when no level above has one.
    case favoriteLevel = "favorite-level"
    /// An equal split over the techniques above the frontier: "promote anything past the present margin".
    case pastTheMargin = "past-the-margin"
    /// B/1000 at a time to the program with the highest positive marginal value.
    case greedyMargin = "greedy-margin"

    /// One line on what the rule does, for tables.
    public var explanation: String {
        switch self {
        case .statusQuo: "spend only the minimums"
        case .equal: "split the budget equally"
        case .favoriteLevel: "all to the most probable level's techniques"
        case .pastTheMargin: "split equally over techniques past the frontier"
        case .greedyMargin: "small steps to the best marginal value"
        }
    }

    /// The allocation this rule makes for a scenario's `problem`.
    ///
    /// `favorite-level` and `past-the-margin` read the main ordering: the programs' own levels
    /// (<doc:DisputedOrderings>); `favorite-level` takes the most probable level of the beliefs marginal over
    /// orderings.
    /// - Parameters:
    ///   - problem: the scenario's compiled problem.
    ///   - isCancelled: stops `greedy-margin` (the only rule that takes a while) early.
    public func allocation(for problem: AllocationProblem, isCancelled: (@Sendable () -> Bool)? = nil) -> [Double] {
        let programs = problem.model.programs
        switch self {
        case .statusQuo:
            return problem.lower
        case .equal:
            return problem.waterFill(Array(programs.indices))
        case .favoriteLevel:
            let beliefs = problem.worlds.marginalBeliefs
            let favorite = beliefs.indices.max { beliefs[$0] < beliefs[$1] || (beliefs[$0] == beliefs[$1] && $0 > $1) }! + 1
            let levels = Set(programs.compactMap { $0.kind == .technique ? $0.level : nil })
            let above = levels.filter { $0 >= favorite }.min()
            guard let target = above ?? levels.filter({ $0 < favorite }).max() else { return problem.lower }
            return problem.waterFill(programs.indices.filter { programs[$0].kind == .technique && programs[$0].level == target })
        case .pastTheMargin:
            return problem.waterFill(problem.pastTheFrontier)
        case .greedyMargin:
            return GreedyMargin(problem: problem, isCancelled: isCancelled).allocation()
        }
    }

    /// The allocation this rule makes for `scenario`.
    public func allocation(for scenario: Scenario) -> [Double] {
        allocation(for: AllocationProblem(scenario: scenario))
    }
}
