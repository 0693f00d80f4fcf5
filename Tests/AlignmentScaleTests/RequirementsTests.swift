import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Requirements: summing over usable sets (AlignmentScale.docc/TheModel.md)")
struct RequirementsTests {
    /// P(safe | k) by brute force over every ready/not-ready outcome of every program (2^P terms,
    /// each weighted by Π R_j or 1 − R_j), with the last coin flips of AlignmentScale.docc/TheModel.md integrated out
    /// by hand: aligned → 1 − m₀·Π_usable(1 − u); not aligned → Π_usable(1 − h)·(1 − (1 − q₀)·Π_usable(1 − e)).
    /// It shares nothing with the closed form or the down-set sum.
    static func bruteForce(_ scenario: Scenario, readiness: [Double]) -> [Double] {
        let programs = scenario.programs
        let p = programs.count
        let index = Dictionary(uniqueKeysWithValues: programs.enumerated().map { ($1.id, $0) })
        return (1...scenario.scale.levelCount).map { k in
            var total = 0.0
            for outcome in 0..<(1 << p) {
                var weight = 1.0
                for j in 0..<p { weight *= outcome & (1 << j) != 0 ? readiness[j] : 1 - readiness[j] }
                if weight == 0 { continue }
                func usable(_ j: Int) -> Bool {
                    outcome & (1 << j) != 0 && programs[j].requires.allSatisfy { usable(index[$0]!) }
                }
                let live = (0..<p).filter(usable)
                let aligned = k == 1 || live.contains { programs[$0].kind == .technique && programs[$0].level! >= k }
                var safety: Double
                if aligned {
                    safety = 1 - scenario.misuseBaseline * live.reduce(1) { $0 * (1 - programs[$1].misuseReduction) }
                } else {
                    let quiet = live.reduce(1 - scenario.stopBaseline) { $0 * (1 - programs[$1].evidence) }
                    safety = live.reduce(1) { $0 * (1 - programs[$1].backfire) } * (1 - quiet)
                }
                total += weight * safety
            }
            return total
        }
    }

    /// A random scenario whose programs require each other in chains, fans and diamonds.
    static func tangled(seed: UInt64, programs count: Int) -> Scenario {
        var rng = SeededGenerator(seed: seed ^ 0x7A46)
        return try! RandomScenarios.make(seed: seed, programs: count, withRequires: false).changing { scenario in
            for j in 1..<count {
                var requires: [String] = []
                for i in 0..<j where rng.nextUniform() < 0.3 { requires.append("p\(i)") }
                scenario.programs[j].requires = requires
            }
        }
    }

    @Test("the down-set sum equals brute force over every outcome", arguments: 0..<25)
    func matchesBruteForce(seed: UInt64) {
        let scenario = Self.tangled(seed: seed, programs: 3 + Int(seed % 8))
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let model = SafetyModel(scenario: scenario)
        let exact = model.worldSafety(of: x)
        let brute = Self.bruteForce(scenario, readiness: model.readiness(of: x))
        for k in exact.indices {
            #expect(abs(exact[k] - brute[k]) <= 1e-13, "level \(k + 1): \(exact[k]) vs \(brute[k])")
        }
    }

    /// The down-sets are exactly the ancestor-closed subsets of H, each once, and each boundary is
    /// the members outside it whose ancestors are all in it.
    @Test("down-sets are the ancestor-closed subsets", arguments: 0..<25)
    func downSetsAreAncestorClosed(seed: UInt64) {
        let scenario = Self.tangled(seed: 100 + seed, programs: 4 + Int(seed % 9))
        let requirements = Requirements(programs: scenario.programs)
        let members = requirements.required
        let ancestors = members.map { requirements.ancestorMask[$0] }
        let closed = (0..<(UInt32(1) << UInt32(members.count))).filter { set in
            ancestors.indices.allSatisfy { i in set & (1 << UInt32(i)) == 0 || ancestors[i] & ~set == 0 }
        }
        #expect(requirements.downSets.sorted() == closed)
        for (set, boundary) in zip(requirements.downSets, requirements.boundaries) {
            let expected = ancestors.indices.filter { i in set & (1 << UInt32(i)) == 0 && ancestors[i] & ~set == 0 }
                .reduce(UInt32(0)) { $0 | (1 << UInt32($1)) }
            #expect(boundary == expected)
        }
        #expect(Requirements.downSetCount(of: scenario.programs) == closed.count)
    }

    /// Each program's ancestors are what a walk of the `requires` ids reaches from it, listed
    /// ancestors first (every program after everything it requires).
    @Test("ancestors are what requires reaches, ancestors first", arguments: 0..<25)
    func ancestorsFollowRequires(seed: UInt64) {
        let scenario = Self.tangled(seed: 200 + seed, programs: 3 + Int(seed % 9))
        let programs = scenario.programs
        let index = Dictionary(uniqueKeysWithValues: programs.enumerated().map { ($1.id, $0) })
        let requirements = Requirements(programs: programs)
        for j in programs.indices {
            var reached = Set<Int>()
            var frontier = programs[j].requires.map { index[$0]! }
            while let next = frontier.popLast() {
                if reached.insert(next).inserted { frontier += programs[next].requires.map { index[$0]! } }
            }
            let ancestors = requirements.ancestors(of: j)
            #expect(Set(ancestors) == reached && ancestors.count == reached.count, "program \(j)")
            for (position, a) in ancestors.enumerated() {
                let before = Set(ancestors[..<position])
                #expect(programs[a].requires.allSatisfy { before.contains(index[$0]!) }, "program \(j)")
            }
        }
    }

    /// A chain of 16 required programs has 17 usable sets and is accepted; ten independent
    /// required programs have 1024 and are refused with an error that says why.
    @Test func chainsAreCheapAndWideSetsAreRefused() throws {
        let chain = (0..<17).map { i in
            Program(id: "c\(i)", level: 2 + i % 8, baseline: 0.3, scale: 20, backfire: 0.1, requires: i == 0 ? [] : ["c\(i - 1)"])
        }
        let scenario = try Scenario(beliefs: Scenario.builtinDefault.beliefs, budget: 100, programs: chain)
        #expect(SafetyModel(scenario: scenario).requirements.downSets.count == 17)
        let x = RandomScenarios.allocation(for: scenario, seed: 3)
        let model = SafetyModel(scenario: scenario)
        // The literal enumeration of AlignmentScale.docc/TheModel.md over 2^16 states, written out here.
        let members = Array(0..<16)
        var literal = [Double](repeating: 0, count: 10)
        let r = model.readiness(of: x)
        for state in 0..<(1 << 16) {
            var weight = 1.0
            for h in members { weight *= state & (1 << h) != 0 ? r[h] : 1 - r[h] }
            var effective = r
            var allReady = true
            for j in 0..<17 {
                let own = j < 16 ? (state & (1 << j) != 0 ? 1.0 : 0.0) : r[j]
                effective[j] = allReady ? own : 0
                if j < 16 && state & (1 << j) == 0 { allReady = false }
            }
            let noRequires = chain.map { p -> Program in
                var copy = p
                copy.requires = []
                return copy
            }
            let plain = SafetyModel(programs: noRequires, levelCount: 10, stopBaseline: 0, misuseBaseline: 0)
            let values = plain.worldSafety(readiness: effective)
            for k in 0..<10 { literal[k] += weight * values[k] }
        }
        let exact = model.worldSafety(of: x)
        for k in 0..<10 { #expect(abs(exact[k] - literal[k]) <= 1e-12, "level \(k + 1)") }

        let wide =
            (0..<10).map { Program(id: "r\($0)", level: 3, baseline: 0.5, scale: 10) }
            + (0..<10).map { Program(id: "d\($0)", level: 6, baseline: 0.2, scale: 10, requires: ["r\($0)"]) }
        #expect { try Scenario(beliefs: Scenario.builtinDefault.beliefs, budget: 100, programs: wide) } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.category == .unsupported && error.expected.contains("512 combinations")
        }
    }
}
