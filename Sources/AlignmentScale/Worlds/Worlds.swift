/// What the exact model averages over: worlds, each with a probability and the techniques that
/// suffice in it (<doc:DisputedOrderings>).
///
/// A world is a pair (o, k) of an ordering of the technique families and a true level. Its
/// sufficient set is every technique whose level in ordering o is at least k; at k = 1 it needs no
/// technique at all. Its probability is c_o·p^o_k, the ordering's credence times the belief in
/// level k under that ordering. One ladder (a scenario without `orderings`) is the special case of
/// a single ordering with credence 1, whose world k is level k with probability p_k.
///
/// Worlds are numbered ordering by ordering: world w = o·N + (k − 1). Orderings that place every
/// technique alike (and share their beliefs) give the same worlds, so they are compiled once, with
/// their credences added: a scenario with an alternative identical to the main ordering has
/// exactly the worlds, and so exactly the results, of the scenario without it. ``named`` keeps
/// every ordering as the scenario lists it.
///
/// ```swift
/// let worlds = scenario.worlds
/// worlds.probabilities           // P(w) for every world, summing to 1
/// worlds.marginalBeliefs         // Σ_o c_o·p^o_k for each level k
/// worlds.reweighted(beliefs: p)  // the same orderings under someone else's beliefs
/// ```
public struct Worlds: Sendable, Equatable {
    /// One ordering of the technique families, compiled.
    public struct Ordering: Sendable, Equatable {
        /// The names of the orderings it stands for, joined with " = " (usually one name).
        public let name: String
        /// c_o.
        public let credence: Double
        /// Per program: the highest level at which it suffices in this ordering (its level ℓ^o_j),
        /// or 0 when it never suffices (a dead end, or not a technique).
        public let levels: [Int]
        /// p^o: beliefs over the levels under this ordering.
        public let beliefs: [Double]
        /// Whether ``beliefs`` are the ordering's own rather than the scenario's.
        public let hasOwnBeliefs: Bool

        public init(name: String, credence: Double, levels: [Int], beliefs: [Double], hasOwnBeliefs: Bool) {
            self.name = name
            self.credence = credence
            self.levels = levels
            self.beliefs = beliefs
            self.hasOwnBeliefs = hasOwnBeliefs
        }
    }

    /// N, the levels of the scale.
    public let levelCount: Int
    /// The distinct orderings: the main one first, then the alternatives in the scenario's order.
    public let orderings: [Ordering]
    /// Every ordering as the scenario lists it (main first), with its own credence and the index
    /// of the distinct ordering in ``orderings`` it was compiled into.
    public let named: [NamedOrdering]

    /// An ordering as the scenario names it.
    public struct NamedOrdering: Sendable, Equatable {
        public let name: String
        public let credence: Double
        /// Its index in ``Worlds/orderings``.
        public let ordering: Int

        public init(name: String, credence: Double, ordering: Int) {
            self.name = name
            self.credence = credence
            self.ordering = ordering
        }
    }
    /// P(w) = c_o·p^o_k for every world w = o·N + (k − 1).
    public let probabilities: [Double]

    /// Worlds from distinct compiled orderings (credences summing to 1, beliefs over N levels each).
    /// - Parameters:
    ///   - levelCount: the scale's N.
    ///   - orderings: the distinct orderings, with their credences and beliefs.
    ///   - named: the orderings as the scenario lists them; by default, one per distinct ordering.
    public init(levelCount: Int, orderings: [Ordering], named: [NamedOrdering]? = nil) {
        precondition(!orderings.isEmpty && orderings.allSatisfy { $0.beliefs.count == levelCount })
        self.levelCount = levelCount
        self.orderings = orderings
        self.named =
            named ?? orderings.enumerated().map { NamedOrdering(name: $1.name, credence: $1.credence, ordering: $0) }
        probabilities = orderings.flatMap { ordering in ordering.beliefs.map { ordering.credence * $0 } }
    }

    /// One ladder: a single ordering with credence 1, the programs' own levels and these beliefs.
    public init(programs: [Program], beliefs: [Double]) {
        self.init(
            levelCount: beliefs.count,
            orderings: [
                Ordering(
                    name: AlignmentScale.Ordering.mainName, credence: 1, levels: Worlds.ownLevels(of: programs), beliefs: beliefs,
                    hasOwnBeliefs: false)
            ])
    }

    /// Each program's own level if it is a technique, else 0.
    static func ownLevels(of programs: [Program]) -> [Int] {
        programs.map { $0.kind == .technique ? ($0.level ?? 0) : 0 }
    }

    /// The number of worlds, O·N.
    public var count: Int { orderings.count * levelCount }

    /// The ordering index of world `w`.
    @inline(__always) public func ordering(of w: Int) -> Int { w / levelCount }

    /// The level k (1-based) of world `w`.
    @inline(__always) public func level(of w: Int) -> Int { w % levelCount + 1 }

    /// Whether this is one ladder: a single distinct ordering.
    public var isSingleLadder: Bool { orderings.count == 1 }

    /// Whether the scenario named alternative orderings (even ones identical to the main one).
    public var hasAlternatives: Bool { named.count > 1 }

    /// Σ_o c_o·p^o_k for each level k: the belief in each level, whatever the ordering.
    ///
    /// With one ordering these are its beliefs exactly.
    public var marginalBeliefs: [Double] {
        if isSingleLadder { return orderings[0].beliefs }
        var marginal = [Double](repeating: 0, count: levelCount)
        for (w, p) in probabilities.enumerated() { marginal[w % levelCount] += p }
        return marginal
    }

    /// Whether technique `j` falls short in world `w` (<doc:DisputedOrderings>): the world needs a technique
    /// (k ≥ 2) and j's level in that ordering is below k or it never suffices there. A world that
    /// needs no technique counts on the side where j suffices, as k ≤ ℓ does on one ladder.
    @inline(__always) public func fallsShort(_ j: Int, in w: Int) -> Bool {
        let k = level(of: w)
        return k >= 2 && orderings[ordering(of: w)].levels[j] < k
    }

    /// The same orderings with `beliefs` in place of the scenario's, in every ordering that has
    /// none of its own (<doc:DisputedOrderings>: what a respondent's beliefs replace).
    public func reweighted(beliefs: [Double]) -> Worlds {
        precondition(beliefs.count == levelCount)
        return Worlds(
            levelCount: levelCount,
            orderings: orderings.map { o in
                o.hasOwnBeliefs
                    ? o
                    : Ordering(name: o.name, credence: o.credence, levels: o.levels, beliefs: beliefs, hasOwnBeliefs: false)
            }, named: named)
    }

    /// The same orderings with each ordering's beliefs replaced (`beliefs[o]`), as Monte Carlo draws them.
    public func withBeliefs(_ beliefs: [[Double]]) -> Worlds {
        precondition(beliefs.count == orderings.count)
        return Worlds(
            levelCount: levelCount,
            orderings: zip(orderings, beliefs).map { o, p in
                Ordering(name: o.name, credence: o.credence, levels: o.levels, beliefs: p, hasOwnBeliefs: o.hasOwnBeliefs)
            }, named: named)
    }

    /// Each ordering's sufficiency levels, for compiling the exact model.
    public var sufficiencyLevels: [[Int]] { orderings.map(\.levels) }
}

extension Scenario {
    /// The worlds every analysis runs on: the prior worlds (``priorWorlds``) updated by the
    /// evidence seen, if any (<doc:Learning>).
    public var worlds: Worlds {
        guard let likelihood = evidenceLikelihood else { return priorWorlds }
        return priorWorlds.updated(byLikelihood: likelihood)
    }

    /// The scenario's worlds before any evidence: the main ordering (the programs' own levels,
    /// credence 1 − Σ of the alternatives) and each alternative ordering (<doc:DisputedOrderings>),
    /// identical ones compiled once.
    public var priorWorlds: Worlds {
        let own = Worlds.ownLevels(of: programs)
        guard !orderings.isEmpty else { return Worlds(programs: programs, beliefs: beliefs) }
        // Each ordering as written: its levels and its own beliefs, if any.
        var written: [(name: String, credence: Double, levels: [Int], beliefs: [Double]?)] = [
            (Ordering.mainName, 0, own, nil)
        ]
        for ordering in orderings {
            var levels = own
            for change in ordering.levels {
                if let j = index(of: change.id) { levels[j] = change.level ?? 0 }
            }
            written.append((ordering.name, ordering.credence, levels, ordering.beliefs))
        }
        // Group identical ones, in order of first appearance (main's group first).
        var groupOf: [Int] = []
        var groups: [[Int]] = []
        for (i, entry) in written.enumerated() {
            if let g = groups.firstIndex(where: {
                written[$0[0]].levels == entry.levels && written[$0[0]].beliefs == entry.beliefs
            }) {
                groups[g].append(i)
                groupOf.append(g)
            } else {
                groups.append([i])
                groupOf.append(groups.count - 1)
            }
        }
        // Main's credence is what the alternatives leave; its group adds nothing to that, so an
        // alternative identical to main leaves main's group at exactly 1 − Σ of the others.
        let elsewhere = groups.dropFirst().reduce(0) { total, group in group.reduce(total) { $0 + written[$1].credence } }
        let mainCredence = max(0, 1 - orderings.reduce(0) { $0 + $1.credence })
        let compiled = groups.enumerated().map { g, members in
            let first = written[members[0]]
            return Worlds.Ordering(
                name: members.map { written[$0].name }.joined(separator: " = "),
                credence: g == 0 ? max(0, 1 - elsewhere) : members.reduce(0) { $0 + written[$1].credence },
                levels: first.levels, beliefs: first.beliefs ?? beliefs, hasOwnBeliefs: first.beliefs != nil)
        }
        let named = written.enumerated().map { i, entry in
            Worlds.NamedOrdering(name: entry.name, credence: i == 0 ? mainCredence : entry.credence, ordering: groupOf[i])
        }
        return Worlds(levelCount: scale.levelCount, orderings: compiled, named: named)
    }
}
