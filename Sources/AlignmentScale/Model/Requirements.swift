/// The `requires` structure of a scenario's programs, compiled for the exact model (<doc:TheModel>).
///
/// H is the set of programs some other program requires; it holds every ancestor of every program.
/// Which programs of H are *usable* in a world is an ancestor-closed subset of H (a *down-set*: a
/// member is usable only if everything it requires is). <doc:TheModel> sums over all 2^|H|
/// ready/not-ready states of H; states that differ only in programs with an unready ancestor give
/// the same effective readiness, so summing their weights first leaves one term per down-set U:
///
///     weight(U) = Π_{h ∈ U} R_h · Π_{h ∈ B(U)} (1 − R_h)
///
/// where the boundary B(U) holds the members of H outside U whose ancestors in H are all in U (the
/// states of the other members sum out to 1). In U's term a member of H has effective readiness 1
/// if in U and 0 otherwise, and a program outside H keeps R_j if all its ancestors are in U and 0
/// otherwise: exactly the effective readiness of <doc:TheModel> in any state whose usable set is U.
///
/// A chain of 16 required programs has 17 down-sets instead of 65 536 states; 16 programs that
/// require nothing of each other still have 2^16, so the number of down-sets is what is bounded
/// (``maximumDownSets``).
public struct Requirements: Sendable {
    /// The members of H, each after every member it requires (ancestors first).
    public let required: [Int]
    /// For each program, its bit in a subset of H (0 when it is not in H).
    public let requiredBit: [UInt32]
    /// For each program, the bits of all its ancestors through `requires`.
    public let ancestorMask: [UInt32]
    /// Every down-set U of H, as bits; the empty set first.
    public let downSets: [UInt32]
    /// For each down-set, its boundary B(U).
    public let boundaries: [UInt32]

    /// The most down-sets the exact model enumerates. Optimisation and the value of information
    /// evaluate the model thousands of times; with more terms than this they would take minutes.
    public static let maximumDownSets = 512

    /// Compiles programs whose `requires` are valid (known ids, no cycle, |H| ≤ 16, at most
    /// ``maximumDownSets`` down-sets).
    public init(programs: [Program]) {
        guard let compiled = Requirements(programs: programs, limit: Int.max) else {
            preconditionFailure("requires with a cycle or more than 16 required programs")
        }
        self = compiled
    }

    /// Compiles `programs`, or `nil` when `requires` has a cycle, H has more than 32 members or
    /// there are more than `limit` down-sets.
    private init?(programs: [Program], limit: Int) {
        var indexOf: [String: Int] = [:]
        for (j, p) in programs.enumerated() { indexOf[p.id] = j }
        let parents = programs.map { $0.requires.compactMap { indexOf[$0] } }
        // Ancestors first: repeatedly take a member whose required members are already placed.
        var order: [Int] = []
        var remaining = Set(parents.flatMap { $0 }).sorted()
        guard remaining.count <= 32 else { return nil }
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { j in parents[j].allSatisfy { order.contains($0) } }) else {
                return nil
            }
            order.append(remaining.remove(at: next))
        }
        var bit = [UInt32](repeating: 0, count: programs.count)
        for (position, j) in order.enumerated() { bit[j] = 1 << UInt32(position) }
        // Every program's ancestors, in an order where each comes after those it requires.
        var masks = [UInt32](repeating: 0, count: programs.count)
        var done = [Bool](repeating: false, count: programs.count)
        func mask(_ j: Int, depth: Int) -> UInt32? {
            if done[j] { return masks[j] }
            guard depth <= programs.count else { return nil }
            var m: UInt32 = 0
            for r in parents[j] {
                guard let above = mask(r, depth: depth + 1) else { return nil }
                m |= bit[r] | above
            }
            masks[j] = m
            done[j] = true
            return m
        }
        for j in programs.indices where mask(j, depth: 0) == nil { return nil }
        let memberAncestors = order.map { masks[$0] }
        guard let sets = Requirements.downSets(memberAncestors, limit: limit) else { return nil }
        required = order
        requiredBit = bit
        ancestorMask = masks
        downSets = sets
        boundaries = sets.map { set in
            var boundary: UInt32 = 0
            for (position, ancestorsOfMember) in memberAncestors.enumerated()
            where set & (1 << UInt32(position)) == 0 && ancestorsOfMember & ~set == 0 {
                boundary |= 1 << UInt32(position)
            }
            return boundary
        }
    }

    /// Every program `j` requires, directly or through others, ancestors first.
    public func ancestors(of j: Int) -> [Int] {
        required.filter { ancestorMask[j] & requiredBit[$0] != 0 }
    }

    /// The down-sets of H, where member i (in ancestors-first order) has ancestor bits
    /// `memberAncestors[i]`; `nil` as soon as there are more than `limit`.
    static func downSets(_ memberAncestors: [UInt32], limit: Int) -> [UInt32]? {
        var sets: [UInt32] = [0]
        // Members come ancestors first, so each set can be extended one member at a time.
        for (position, ancestorsOfMember) in memberAncestors.enumerated() {
            let bit = UInt32(1) << UInt32(position)
            for set in sets where ancestorsOfMember & ~set == 0 {
                sets.append(set | bit)
                if sets.count > limit { return nil }
            }
        }
        return sets
    }

    /// The number of down-sets of the `requires` structure of `programs` (valid ids, no cycle),
    /// or `nil` when it exceeds ``maximumDownSets``.
    public static func downSetCount(of programs: [Program]) -> Int? {
        Requirements(programs: programs, limit: maximumDownSets)?.downSets.count
    }
}
