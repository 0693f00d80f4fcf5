import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Structure you can question: values by level and stops that cost")
struct StructureTests {
    /// U(x) and safety from the closed form against the coin-by-coin simulation, on random
    /// scenarios (with `requires`) with every switch on. Tolerance: 4 standard errors (with a floor
    /// for estimates at the edge).
    @Test("the closed form of U and of safety match the event simulation", arguments: 0..<24)
    func closedFormMatchesSimulation(seed: UInt64) {
        let scenario = RandomScenarios.withStructure(
            RandomScenarios.make(seed: 300 + seed, programs: 2 + Int(seed % 6)), seed: seed)
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let model = SafetyModel(scenario: scenario)
        let value = model.safety(of: x, weights: scenario.beliefs)
        let safety = model.safetyOnly.safety(of: x, weights: scenario.beliefs)
        var rng = SeededGenerator(seed: 9000 + seed)
        let count = 40_000
        let simulated = StructuredEventSimulator.estimate(of: x, scenario: scenario, count: count, rng: &rng)
        #expect(
            abs(value - simulated.value) <= 4 * max(simulated.valueError, 1 / Double(count)),
            "U \(value) vs simulated \(simulated.value) ± \(simulated.valueError)")
        #expect(
            abs(safety - simulated.safety) <= 4 * max(simulated.safetyError, 1 / Double(count)),
            "safety \(safety) vs simulated \(simulated.safety) ± \(simulated.safetyError)")
    }

    /// The exact gradient of U (toggling each readiness) against central differences of U.
    /// Step 1e-5 of a scale of at least 10: truncation O(h²) and rounding O(ε/h) are both below 1e-8.
    @Test("the exact gradient of U matches central differences", arguments: 0..<12)
    func gradientMatchesFiniteDifferences(seed: UInt64) {
        let scenario = RandomScenarios.withStructure(
            RandomScenarios.make(seed: 500 + seed, programs: 3 + Int(seed % 5)), seed: seed)
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let model = SafetyModel(scenario: scenario)
        let gradient = model.evaluator().gradient(at: x, weights: scenario.beliefs)
        let combined = model.safetyAndGradient(at: x, weights: scenario.beliefs)
        let h = 1e-5
        for j in x.indices {
            var up = x
            var down = x
            up[j] += h
            down[j] -= h
            let difference =
                (model.safety(of: up, weights: scenario.beliefs) - model.safety(of: down, weights: scenario.beliefs)) / (2 * h)
            #expect(abs(gradient[j] - difference) < 1e-8, "program \(j): \(gradient[j]) vs \(difference)")
            #expect(abs(combined.gradient[j] - gradient[j]) < 1e-15)
        }
        // The reverse pass against the toggling method (u at R_j = 1 minus u at R_j = 0, times dR/dx),
        // another exact computation of the same derivative.
        let toggled = model.gradient(at: x, weights: scenario.beliefs)
        for j in x.indices { #expect(abs(toggled[j] - gradient[j]) < 1e-13, "program \(j): \(toggled[j]) vs \(gradient[j])") }
    }

    /// With alternative orderings too: the reverse pass against the toggling method, and lists that
    /// repeat the single values against the plain closed form, world by world.
    @Test("with orderings, the gradient and the plain equivalence hold", arguments: 0..<6)
    func withOrderings(seed: UInt64) throws {
        let plain = RandomScenarios.withOrderings(
            RandomScenarios.make(seed: 1100 + seed, programs: 3 + Int(seed % 5)), seed: seed)
        let x = RandomScenarios.allocation(for: plain, seed: seed)
        let structured = RandomScenarios.withStructure(plain, seed: seed)
        let model = SafetyModel(scenario: structured)
        let weights = structured.worlds.probabilities
        let reverse = model.evaluator().gradient(at: x, weights: weights)
        let toggled = model.gradient(at: x, weights: weights)
        for j in x.indices { #expect(abs(reverse[j] - toggled[j]) < 1e-13) }
        let n = plain.scale.levelCount
        let listed = try plain.changing { listed in
            listed.structure = Structure(stopBaselineByLevel: Array(repeating: plain.stopBaseline, count: n))
            for j in listed.programs.indices {
                listed.programs[j].evidenceByLevel = Array(repeating: plain.programs[j].evidence, count: n)
            }
        }
        for (a, b) in zip(SafetyModel(scenario: listed).worldSafety(of: x), SafetyModel(scenario: plain).worldSafety(of: x)) {
            #expect(abs(a - b) < 1e-14)
        }
    }

    /// Lists that repeat the single values, with no stop cost or false alarm, take the general pass
    /// and must give what the plain closed form gives.
    @Test("lists repeating the single values change nothing", arguments: 0..<10)
    func repeatedValuesChangeNothing(seed: UInt64) throws {
        let plain = RandomScenarios.make(seed: 700 + seed, programs: 2 + Int(seed % 7))
        let n = plain.scale.levelCount
        let listed = try plain.changing { listed in
            listed.structure = Structure(
                stopBaselineByLevel: Array(repeating: plain.stopBaseline, count: n),
                misuseBaselineByLevel: Array(repeating: plain.misuseBaseline, count: n))
            for j in listed.programs.indices {
                listed.programs[j].backfireByLevel = Array(repeating: plain.programs[j].backfire, count: n)
                listed.programs[j].evidenceByLevel = Array(repeating: plain.programs[j].evidence, count: n)
            }
        }
        let general = SafetyModel(scenario: listed)
        #expect(general.isGeneral)
        #expect(!SafetyModel(scenario: plain).isGeneral)
        let x = RandomScenarios.allocation(for: plain, seed: seed)
        for (a, b) in zip(general.worldSafety(of: x), SafetyModel(scenario: plain).worldSafety(of: x)) {
            #expect(abs(a - b) < 1e-14)
        }
    }

    /// Hand-computed: one technique at level 2 of 2 with R = 0.5 (baseline 0.5, no spending), a
    /// false alarm a = 0.2, stop cost c = 0.3, m₀ = 0.1, q₀ = 0.4, no backfire.
    /// Level 1 (aligned): stop w.p. 1 − (1 − 0.5·0.2) = 0.1, value 0.9·(1 − 0.1) + 0.1·0.7 = 0.88.
    /// Level 2: ready (0.5) → aligned, value 0.8·0.9 + 0.2·0.7 = 0.86; not ready (0.5) → stopped
    /// w.p. q₀ = 0.4, value 0.4·0.7 = 0.28. U(2) = 0.43 + 0.14 = 0.57.
    @Test func handComputedStopCost() throws {
        let scale = try Scale(
            levels: (1...2).map {
                Level(number: $0, name: "L\($0)", technique: "t\($0)", band: .green, summary: "", risks: [], impossible: false)
            }, thresholds: [], failureModes: [])
        var program = Program(id: "t", level: 2, baseline: 0.5, scale: 10)
        program.falseAlarm = 0.2
        let scenario = try Scenario(
            scale: scale, beliefs: [0.5, 0.5], budget: 10, stopBaseline: 0.4, misuseBaseline: 0.1, frontier: 1,
            programs: [program], structure: Structure(stopCost: 0.3))
        let worlds = SafetyModel(scenario: scenario).worldSafety(of: [0])
        #expect(abs(worlds[0] - 0.88) < 1e-15)
        #expect(abs(worlds[1] - 0.57) < 1e-15)
    }

    @Test("a list of the wrong length or a value outside [0, 1] names the field")
    func badListsAreRefused() throws {
        var program = Program(id: "t", level: 2, baseline: 0.5, scale: 10)
        program.evidenceByLevel = Array(repeating: 0.1, count: 9)
        #expect {
            _ = try Scenario(beliefs: Array(repeating: 0.1, count: 10), budget: 1, programs: [program])
        } throws: { ($0 as? InputError)?.path == "programs[0].evidence" }
        program.evidenceByLevel = Array(repeating: 0.1, count: 7) + [1.5, 0, 0]
        #expect {
            _ = try Scenario(beliefs: Array(repeating: 0.1, count: 10), budget: 1, programs: [program])
        } throws: { ($0 as? InputError)?.path == "programs[0].evidence[7]" }
        #expect {
            _ = try Scenario(
                beliefs: Array(repeating: 0.1, count: 10), budget: 1,
                programs: [Program(id: "t", kind: .governance, baseline: 0.5, scale: 1)],
                structure: Structure(stopCost: 1.2))
        } throws: { ($0 as? InputError)?.path == "stop_cost" }
    }

    /// A random structured scenario whose values by level include uncertain elements: program 0's
    /// evidence at level 8 and the stop baseline at level 5, each a beta distribution.
    static func uncertainByLevel(seed: UInt64) throws -> Scenario {
        let uncertainty = Uncertainty(
            parameters: [
                UncertainParameter(
                    name: "programs.p0.evidence[7]", fieldPath: "programs[0].evidence[7]",
                    target: .programAtLevel(0, .evidence, 7),
                    distribution: .beta(alpha: 2, beta: 5)),
                UncertainParameter(
                    name: "stop_baseline[4]", fieldPath: "stop_baseline[4]", target: .stopBaselineAtLevel(4),
                    distribution: .beta(alpha: 3, beta: 3)),
            ], correlations: [])
        return try RandomScenarios.withStructure(RandomScenarios.make(seed: 900 + seed, programs: 4), seed: seed).changing {
            $0.programs[0].evidenceByLevel = $0.programs[0].evidenceByLevel ?? Array(repeating: 0.1, count: 10)
            $0.uncertainty = uncertainty
        }
    }

    /// Each Monte Carlo row against the exact model of the drawn scenario: the fast per-sample path
    /// writes drawn values by level into the model exactly as the straightforward path does.
    @Test("uncertain values by level: each draw equals the exact model of the drawn scenario", arguments: 0..<4)
    func drawsMatchExactModel(seed: UInt64) throws {
        let scenario = try Self.uncertainByLevel(seed: seed)
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let sampler = ParameterSampler(scenario: scenario)
        var rows: [Double] = []
        _ = SampledEvaluation(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 200, seed: seed, threads: 2),
            export: { rows += $0 })
        let width = sampler.width + 1
        #expect(sampler.width == 2)
        for i in 0..<200 {
            let row = Array(rows[(i * width)..<((i + 1) * width)])
            let instance = sampler.instance(of: scenario, row: Array(row.dropLast()))
            #expect(instance.programs[0].evidenceByLevel?[7] == row[0])
            #expect(instance.structure.stopBaselineByLevel?[4] == row[1])
            let exact = instance.model().safety(of: x, weights: instance.worlds.probabilities)
            #expect(abs(exact - row.last!) < 1e-13)
        }
    }

    /// A program whose backfire is given by level while its evidence is one uncertain number: each
    /// draw's evidence reaches the fast per-sample path, as it reaches the drawn scenario's model.
    @Test("a single uncertain value beside a list by level is drawn", arguments: 0..<3)
    func singleValueBesideListIsDrawn(seed: UInt64) throws {
        let uncertainty = Uncertainty(
            parameters: [
                UncertainParameter(
                    name: "programs.p0.evidence", fieldPath: "programs[0].evidence", target: .program(0, .evidence),
                    distribution: .beta(alpha: 2, beta: 3))
            ], correlations: [])
        let scenario = try RandomScenarios.withStructure(RandomScenarios.make(seed: 950 + seed, programs: 4), seed: seed)
            .changing {
                $0.programs[0].backfireByLevel = (0..<10).map { Double($0) / 20 }
                $0.programs[0].evidenceByLevel = nil
                $0.uncertainty = uncertainty
            }
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let sampler = ParameterSampler(scenario: scenario)
        var rows: [Double] = []
        _ = SampledEvaluation(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 100, seed: seed, threads: 2),
            export: { rows += $0 })
        let width = sampler.width + 1
        for i in 0..<100 {
            let row = Array(rows[(i * width)..<((i + 1) * width)])
            let instance = sampler.instance(of: scenario, row: Array(row.dropLast()))
            let exact = instance.model().safety(of: x, weights: instance.worlds.probabilities)
            #expect(abs(exact - row.last!) < 1e-13, "draw \(i): \(exact) vs \(row.last!)")
        }
    }

    /// U is linear in each value by level (e and q₀ each enter one world's products once), and the
    /// two are drawn independently, so the mean over draws is U at their means (2/7 and 1/2).
    /// Tolerance: 4 standard errors of the Monte Carlo mean.
    @Test("the Monte Carlo mean equals U at the means of linear uncertain values", arguments: 0..<4)
    func meanIsValueAtTheMeans(seed: UInt64) throws {
        let scenario = try Self.uncertainByLevel(seed: seed)
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let sampled = SampledEvaluation(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 40_000, seed: 11 + seed))
        let atMeans = try scenario.changing {
            $0.uncertainty = .none
            $0.programs[0].evidenceByLevel![7] = 2.0 / 7.0
            $0.structure.stopBaselineByLevel![4] = 0.5
        }
        let exact = SafetyModel(scenario: atMeans).safety(of: x, weights: scenario.beliefs)
        #expect(
            abs(sampled.mean - exact) <= 4 * sampled.standardError,
            "mean \(sampled.mean) ± \(sampled.standardError) vs \(exact)")
    }
}
