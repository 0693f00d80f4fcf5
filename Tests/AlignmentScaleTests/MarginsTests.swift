import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Margins and the critical probability (AlignmentScale.docc/QuestionsTheToolAnswers.md)")
struct MarginsTests {
    /// The marginal values are the gradient of V; the decomposition (1 − π)·A + π·D rebuilds them.
    @Test("margins decompose into easier and harder worlds", arguments: 0..<10)
    func decomposition(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 700 + seed, programs: 6)
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let margins = Margins(scenario: scenario, allocation: x)
        let g = SafetyModel(scenario: scenario).gradient(at: x, weights: scenario.beliefs)
        for row in margins.programs {
            let j = scenario.index(of: row.id)!
            #expect(abs(row.marginal - g[j]) <= 1e-15 + 1e-12 * abs(g[j]))
            if let pi = row.harderProbability, let a = row.easierValue, let d = row.harderValue {
                #expect(abs((1 - pi) * a + pi * d - row.marginal) <= 1e-12 * max(abs(a), abs(d)))
            }
        }
        #expect(zip(margins.programs, margins.programs.dropFirst()).allSatisfy { $0.marginal >= $1.marginal })
    }

    /// π* reproduces a zero marginal value: moving belief mass so that P(k > ℓ) = π*, keeping the
    /// shape inside each side, makes ∂V/∂x_j vanish (up to rounding).
    @Test("π* gives a zero marginal value")
    func criticalProbabilityZeroesTheMargin() {
        var checked = 0
        for seed: UInt64 in 0..<12 {
            let scenario = RandomScenarios.make(seed: 1300 + seed, programs: 7)
            let x = RandomScenarios.allocation(for: scenario, seed: seed)
            let model = SafetyModel(scenario: scenario)
            let margins = Margins(scenario: scenario, allocation: x)
            for row in margins.programs {
                guard let critical = row.criticalProbability else { continue }
                let level = scenario.programs[scenario.index(of: row.id)!].level!
                let p = scenario.beliefs
                let easier = p[..<level].reduce(0, +)
                let harder = p[level...].reduce(0, +)
                let moved = p.indices.map { $0 < level ? p[$0] / easier * (1 - critical) : p[$0] / harder * critical }
                let marginal = model.gradient(at: x, weights: moved)[scenario.index(of: row.id)!]
                #expect(abs(marginal) <= 1e-12 * max(abs(row.easierValue!), abs(row.harderValue!)))
                #expect(critical > 0 && critical < 1)
                #expect(row.netNegative == (row.harderProbability! > critical))
                checked += 1
            }
        }
        #expect(checked >= 5, "only \(checked) techniques had a critical probability")
    }

    /// Backfire makes a level-2 technique harmful for pessimists: a two-level-plus case where the
    /// technique helps at k ≤ 2 and only conceals above, so A > 0 > D and π* exists.
    @Test func backfireCreatesCriticalProbability() throws {
        let scale = try Scale(
            levels: (1...3).map { Level(number: $0, name: "L\($0)", technique: "", band: .green, summary: "", risks: []) },
            thresholds: [], failureModes: [])
        let scenario = try Scenario(
            scale: scale, beliefs: [0.1, 0.3, 0.6], budget: 10, stopBaseline: 0.5, frontier: 1,
            programs: [Program(id: "t", level: 2, baseline: 0.3, scale: 5, backfire: 0.8)])
        let row = Margins(scenario: scenario).programs[0]
        #expect(row.easierValue! > 0)
        #expect(row.harderValue! < 0)
        #expect(row.criticalProbability != nil)
        #expect(row.netNegative)
    }
}

/// A side that neither helps nor harms has no π*, however rounding leaves its average.
@Suite struct NegligibleSideTests {
    /// With beliefs only on level 1 (where no technique is needed and RLHF reduces no misuse in the
    /// default scenario) and level 10, RLHF's easier side is zero: every level-1 world is aligned
    /// whatever RLHF does. Central differences of P(safe | level 1) confirm it is zero to rounding,
    /// so π* must be absent rather than a number near 1e-15.
    @Test func roundingIsNotABreakEven() throws {
        var beliefs = [Double](repeating: 0, count: 10)
        beliefs[0] = 0.2
        beliefs[9] = 0.8
        let scenario = try Scenario.builtinDefault.changing { $0.beliefs = beliefs }
        let j = try #require(scenario.programs.firstIndex { $0.id == "rlhf" })
        #expect(scenario.programs[j].misuseReduction == 0)
        let model = SafetyModel(scenario: scenario)
        let x = scenario.statusQuo
        let h = 1e-4
        var up = x
        var down = x
        up[j] += h
        down[j] = max(0, down[j] - h)
        let levelOne = [1.0] + [Double](repeating: 0, count: 9)
        let difference = (model.safety(of: up, weights: levelOne) - model.safety(of: down, weights: levelOne)) / (up[j] - down[j])
        #expect(abs(difference) < 1e-10)
        let row = try #require(Margins(scenario: scenario, allocation: x).programs.first { $0.id == "rlhf" })
        #expect(abs(row.easierValue ?? 1) < Margins.negligibleValue)
        #expect(row.criticalProbability == nil)
    }
}
