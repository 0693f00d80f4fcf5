import Foundation

/// Respondents in a few groups by how hard they expect alignment to be, and what each group's
/// favourite allocation costs the others (<doc:ManyViews>).
///
/// The cross-regret matrix of ``Aggregation`` has a row and a column per respondent: fine for a
/// file of views someone owns, not for a public page, where a row would be one person's answer.
/// Here the respondents are sorted by their expected level E[k] = Σ k·p_k (ties kept in the order
/// given) and cut into G groups of consecutive respondents, as equal in size as they can be, with
/// at least ``minimumSize`` in each (G = min(wanted, ⌊R / minimumSize⌋); fewer than two groups:
/// none). Each group speaks through its linear pool (the weighted mean of its members' beliefs),
/// and ``aggregation`` is the many-views analysis of those pools: each group's optimum, the
/// cross-regret matrix C[i][j] = V_i(x*_i) − V_i(x*_j) between groups, and the consensus
/// allocations. ``divergence`` holds the Jensen–Shannon divergence (bits) between the groups' pools.
public struct BeliefGroups: Sendable {
    /// One group: its name, how many respondents it holds, their mean expected level, and its pool.
    public struct Group: Sendable {
        public let name: String
        public let size: Int
        /// The weighted mean of the members' E[k].
        public let expectedLevel: Double
        /// The group's linear pool.
        public let beliefs: [Double]
    }

    /// The fewest respondents a group may have, so that no group is one person's answer.
    public static let minimumSize = 3

    /// From the most optimistic (lowest expected level) to the most pessimistic; empty when there
    /// are too few respondents for two groups.
    public let groups: [Group]
    /// The analysis of the groups' pools as if each were one respondent (`nil` without groups).
    public let aggregation: Aggregation?
    /// D[i][j]: the Jensen–Shannon divergence between groups i and j's pools, in bits.
    public let divergence: [[Double]]

    /// - Parameters:
    ///   - scenario: the programs and parameters every respondent shares.
    ///   - respondents: each respondent's beliefs and weight (over the scenario's scale).
    ///   - wanted: the most groups (2 to 4 are named; more are numbered).
    ///   - threads: groups optimised at once.
    ///   - options: for every optimisation.
    public init(
        scenario: Scenario, respondents: [Respondent], groups wanted: Int = 4, threads: Int = 1,
        options: Optimizer.Options = .init()
    ) {
        let count = min(wanted, respondents.count / BeliefGroups.minimumSize)
        guard count >= 2 else {
            groups = []
            aggregation = nil
            divergence = []
            return
        }
        func expected(_ r: Respondent) -> Double { r.beliefs.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element } }
        let levels = respondents.map(expected)
        let order = respondents.indices.sorted { levels[$0] < levels[$1] || (levels[$0] == levels[$1] && $0 < $1) }
        let names = BeliefGroups.names(count)
        var groups: [Group] = []
        var start = 0
        for g in 0..<count {
            let size = respondents.count / count + (g < respondents.count % count ? 1 : 0)
            let members = order[start..<(start + size)].map { respondents[$0] }
            start += size
            let weight = members.reduce(0) { $0 + $1.weight }
            groups.append(
                Group(
                    name: names[g], size: size,
                    expectedLevel: members.reduce(0) { $0 + $1.weight * expected($1) } / weight,
                    beliefs: BeliefPools(members).linear))
        }
        self.groups = groups
        // A pool of valid beliefs is valid beliefs; the ids are fixed and well formed.
        let pooled = groups.enumerated().compactMap { g, group in
            try? Respondent(id: "group-\(g + 1)", beliefs: group.beliefs, levelCount: group.beliefs.count)
        }
        aggregation =
            pooled.count == groups.count
            ? Aggregation(scenario: scenario, respondents: pooled, threads: threads, options: options) : nil
        divergence = groups.map { a in groups.map { b in BeliefPools.jensenShannon(a.beliefs, b.beliefs) } }
    }

    /// The groups' names, from the most optimistic.
    static func names(_ count: Int) -> [String] {
        switch count {
        case 2: ["the more optimistic half", "the more pessimistic half"]
        case 3: ["the most optimistic third", "the middle third", "the most pessimistic third"]
        case 4: ["the most optimistic quarter", "the second quarter", "the third quarter", "the most pessimistic quarter"]
        default: (1...count).map { "group \($0) of \(count), from the most optimistic" }
        }
    }
}
