import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Exact safety (AlignmentScale.docc/TheModel.md)")
struct SafetyModelTests {
    /// The closed form against the coin-by-coin event simulation on many random scenarios.
    /// Tolerance: 4 standard errors of the simulation (plus a floor for estimates at 0 or 1).
    /// The optimiser takes V and ∂V/∂x from one pass; they must be the very bits of the separate
    /// evaluation and gradient, with and without `requires`, under orderings, and with structure
    /// switches (where the pass is the two).
    @Test("one-pass value and gradient are the separate ones to the bit", arguments: 0..<24)
    func onePassValueAndGradient(seed: UInt64) {
        var scenario = RandomScenarios.make(seed: 900 + seed, programs: 2 + Int(seed % 9), withRequires: seed % 2 == 0)
        if seed % 3 == 1 { scenario = RandomScenarios.withOrderings(scenario, seed: seed) }
        if seed % 4 == 3 { scenario = RandomScenarios.withStructure(scenario, seed: seed) }
        let model = SafetyModel(scenario: scenario)
        let weights = scenario.worlds.probabilities
        let evaluator = model.evaluator()
        for draw in 0..<20 {
            let x = RandomScenarios.allocation(for: scenario, seed: 31 * seed + UInt64(draw))
            var together = [Double](repeating: .nan, count: x.count)
            let value = evaluator.safety(of: x, weights: weights, gradientInto: &together)
            var apart = [Double](repeating: .nan, count: x.count)
            evaluator.gradient(at: x, weights: weights, into: &apart)
            #expect(value.bitPattern == evaluator.safety(of: x, weights: weights).bitPattern)
            #expect(together.map(\.bitPattern) == apart.map(\.bitPattern))
        }
    }

    @Test("closed form matches the event simulation", arguments: 0..<30)
    func closedFormMatchesSimulation(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: seed, programs: 2 + Int(seed % 7))
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let exact = SafetyModel(scenario: scenario).safety(of: x, weights: scenario.beliefs)
        var rng = SeededGenerator(seed: 1000 + seed)
        let simulated = EventSimulator.safety(of: x, scenario: scenario, count: 40_000, rng: &rng)
        let tolerance = 4 * max(simulated.standardError, 1 / 40_000.0)
        #expect(
            abs(exact - simulated.mean) <= tolerance, "exact \(exact) vs simulated \(simulated.mean) ± \(simulated.standardError)"
        )
    }

    /// Each P(safe | k) of the default scenario (three chains of `requires`) against the simulation.
    @Test("per-level safety of the default scenario matches the simulation", arguments: 1...10)
    func levelSafetyMatchesSimulation(level: Int) {
        let scenario = Scenario.builtinDefault
        let x = [5, 10, 15, 10, 20, 10, 5, 5, 10, 10].map(Double.init)
        let exact = SafetyModel(scenario: scenario).worldSafety(of: x)[level - 1]
        var rng = SeededGenerator(seed: UInt64(77 + level))
        let simulated = EventSimulator.worldSafety(level: level, allocation: x, scenario: scenario, count: 30_000, rng: &rng)
        #expect(abs(exact - simulated.mean) <= 4 * max(simulated.standardError, 1 / 30_000.0))
    }

    /// Hand-computed: one technique at level 2 of 2 with R = 0.5, h = 0.4; q₀ = 0.2, m₀ = 0.1.
    /// P(safe | 1) = 1 − m₀ = 0.9. P(safe | 2) = P(ready)(1 − m₀) + P(not ready)·q₀ = 0.45 + 0.1 = 0.55
    /// (an unready technique cannot conceal). V = (0.9 + 0.55)/2 = 0.725.
    @Test func handComputedSingleTechnique() throws {
        let scale = try twoOrThreeLevels(2)
        let scenario = try Scenario(
            scale: scale, beliefs: [0.5, 0.5], budget: 10, stopBaseline: 0.2, misuseBaseline: 0.1, frontier: 1,
            programs: [Program(id: "t", level: 1, baseline: 0.5, scale: 1, backfire: 0.4)])
        // A level-1 technique is never sufficient at level 2, where it can only conceal:
        // P(safe | 2) = q₀·P(no conceal) = 0.2·(1 − 0.5·0.4) = 0.16.
        let levels = SafetyModel(scenario: scenario).worldSafety(of: [0])
        #expect(abs(levels[0] - 0.9) < 1e-15)
        #expect(abs(levels[1] - 0.16) < 1e-15)

        var programs = scenario.programs
        programs[0].level = 2
        let model = SafetyModel(programs: programs, levelCount: 2, stopBaseline: 0.2, misuseBaseline: 0.1)
        let v = model.worldSafety(of: [0])
        #expect(abs(v[0] - 0.9) < 1e-15)
        #expect(abs(v[1] - 0.55) < 1e-15)
        #expect(abs(model.safety(of: [0], weights: [0.5, 0.5]) - 0.725) < 1e-15)
    }

    /// Hand-computed: three levels; a technique at level 2 (R = 0.6, h = 0.5) and governance
    /// (R = 0.4, u = 0.5, e = 0.25); q₀ = 0.1, m₀ = 0.2. At level 3 nothing suffices:
    /// P(safe | 3) = P(no conceal)·P(trigger) = (1 − 0.6·0.5)·(1 − 0.9·(1 − 0.4·0.25)) = 0.7·0.19 = 0.133.
    /// At level 1: 1 − m₀·(1 − 0.4·0.5) = 1 − 0.2·0.8 = 0.84.
    /// At level 2: aligned w.p. 0.6, then misuse 0.2·0.8 → 0.6·0.84 = 0.504; unaligned (0.4): only
    /// governance is usable-and-not-sufficient: trigger 1 − 0.9·0.9 = 0.19, no conceal → 0.4·0.19 = 0.076.
    @Test func handComputedThreeLevels() throws {
        let scenario = try Scenario(
            scale: twoOrThreeLevels(3), beliefs: [0.2, 0.3, 0.5], budget: 10, stopBaseline: 0.1, misuseBaseline: 0.2,
            frontier: 1,
            programs: [
                Program(id: "t", level: 2, baseline: 0.6, scale: 1, backfire: 0.5),
                Program(id: "g", kind: .governance, baseline: 0.4, scale: 1, evidence: 0.25, misuseReduction: 0.5),
            ])
        let levels = SafetyModel(scenario: scenario).worldSafety(of: [0, 0])
        #expect(abs(levels[0] - 0.84) < 1e-15)
        #expect(abs(levels[1] - 0.58) < 1e-15)
        #expect(abs(levels[2] - 0.133) < 1e-15)
    }

    /// Hand-computed `requires`: B (level 2, R = 0.8) requires A (governance, R = 0.5);
    /// q₀ = m₀ = 0, so P(safe | 2) = P(B usable) = 0.5·0.8 = 0.4.
    @Test func handComputedRequires() throws {
        let scenario = try Scenario(
            scale: twoOrThreeLevels(2), beliefs: [0, 1], budget: 10, frontier: 1,
            programs: [
                Program(id: "a", kind: .governance, baseline: 0.5, scale: 1),
                Program(id: "b", level: 2, baseline: 0.8, scale: 1, requires: ["a"]),
            ])
        #expect(abs(SafetyModel(scenario: scenario).worldSafety(of: [0, 0])[1] - 0.4) < 1e-15)
    }

    /// The exact gradient against central differences with step h = 10⁻³·s_j. The difference
    /// quotient's error is about (h/s)²/6·|V'| ≈ 2·10⁻⁷ of the largest marginal, so the tolerance
    /// is 10⁻⁶ of it (plus rounding, 10⁻¹⁶/h).
    @Test("gradient matches central differences", arguments: 0..<20)
    func gradientMatchesCentralDifferences(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 500 + seed, programs: 3 + Int(seed % 6))
        let model = SafetyModel(scenario: scenario)
        var x = RandomScenarios.allocation(for: scenario, seed: seed)
        x = x.map { $0 + 1 }
        let g = model.gradient(at: x, weights: scenario.beliefs)
        let largest = g.map(abs).max()!
        for j in x.indices {
            let h = 1e-3 * scenario.programs[j].scale
            var up = x
            var down = x
            up[j] += h
            down[j] -= h
            let numeric =
                (model.safety(of: up, weights: scenario.beliefs) - model.safety(of: down, weights: scenario.beliefs)) / (2 * h)
            #expect(abs(numeric - g[j]) <= 1e-6 * largest + 1e-15 / h, "program \(j): exact \(g[j]) vs numeric \(numeric)")
        }
    }

    /// The reverse-mode gradient against the toggling gradient (itself checked against central
    /// differences above) and V against the plain evaluation, to rounding. Baselines of exactly 0
    /// and allocations of 0 put readiness at 0, where a division-based shortcut would fail.
    @Test("reverse-mode gradient equals the toggling gradient", arguments: 0..<40)
    func reverseModeGradient(seed: UInt64) throws {
        let made = RandomScenarios.make(seed: 500 + seed, programs: 1 + Int(seed % 12), levels: 3 + Int(seed % 8))
        let scenario = seed % 3 == 0 ? try made.changing { $0.programs[0].baseline = 0 } : made
        let model = SafetyModel(scenario: scenario)
        var x = RandomScenarios.allocation(for: scenario, seed: seed)
        if seed % 3 == 0 { x[0] = 0 }
        let toggled = model.gradient(at: x, weights: scenario.beliefs)
        let (value, reverse) = model.safetyAndGradient(at: x, weights: scenario.beliefs)
        #expect(abs(value - model.safety(of: x, weights: scenario.beliefs)) <= 1e-14)
        let largest = max(toggled.map(abs).max()!, 1e-300)
        for j in x.indices {
            #expect(abs(reverse[j] - toggled[j]) <= 1e-11 * largest, "program \(j): \(reverse[j]) vs \(toggled[j])")
        }
    }

    /// Level 1 needs no technique, and the readiness function hits its ends.
    @Test func readinessEndsAndLevelOne() {
        let p = Program(id: "x", level: 3, baseline: 0.2, ceiling: 0.7, scale: 10)
        #expect(p.readiness(at: 0) == 0.2)
        #expect(abs(p.readiness(at: 1e6) - 0.7) < 1e-12)
        #expect(abs(p.readiness(at: 10) - (0.7 - 0.5 * exp(-1))) < 1e-15)
        let scenario = Scenario.builtinDefault
        let level1 = SafetyModel(scenario: scenario).worldSafety(of: scenario.statusQuo)[0]
        // P(safe | 1) = 1 − m₀·(1 − u·R) for the one misuse program: 1 − 0.1·(1 − 0.6·0.3).
        #expect(abs(level1 - (1 - 0.1 * (1 - 0.6 * 0.3))) < 1e-15)
    }

    func twoOrThreeLevels(_ n: Int) throws -> Scale {
        try Scale(
            levels: (1...n).map { Level(number: $0, name: "L\($0)", technique: "", band: .green, summary: "", risks: []) },
            thresholds: [], failureModes: [])
    }
}
