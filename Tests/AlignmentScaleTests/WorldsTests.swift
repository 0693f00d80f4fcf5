import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Disputed orderings: the model over worlds (AlignmentScale.docc/DisputedOrderings.md)")
struct WorldsTests {
    /// The default scenario with a quarter of the credence on "interpretability first".
    static func interpretabilityFirst(credence: Double = 0.25, beliefs: [Double]? = nil) throws -> Scenario {
        try Scenario.builtinDefault.atMedians.changing {
            $0.orderings = [
                Ordering(
                    name: "interpretability-first", credence: credence,
                    levels: [
                        .init(id: "interpretability-oversight", level: 4), .init(id: "scalable-oversight", level: 5),
                        .init(id: "ai-assisted-oversight", level: nil),
                    ], beliefs: beliefs)
            ]
        }
    }

    /// The closed form over worlds against the coin-by-coin simulation, which draws the ordering
    /// and the level from the scenario's orderings as written and shares no code with the model.
    /// Random scenarios with `requires`; tolerance 4 standard errors of the simulation.
    @Test("closed form over worlds matches the event simulation", arguments: 0..<30)
    func closedFormMatchesSimulation(seed: UInt64) {
        let scenario = RandomScenarios.withOrderings(
            RandomScenarios.make(seed: 900 + seed, programs: 3 + Int(seed % 6), levels: seed % 3 == 0 ? 10 : 4 + Int(seed % 5)),
            seed: seed)
        #expect(!scenario.orderings.isEmpty)
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let exact = AllocationProblem(scenario: scenario).safety(of: x)
        var rng = SeededGenerator(seed: 7000 + seed)
        let simulated = EventSimulator.safety(of: x, scenario: scenario, count: 40_000, rng: &rng)
        let tolerance = 4 * max(simulated.standardError, 1 / 40_000.0)
        #expect(
            abs(exact - simulated.mean) <= tolerance, "exact \(exact) vs simulated \(simulated.mean) ± \(simulated.standardError)"
        )
    }

    /// Each world's P(safe | o, k) of the default scenario with an alternative ordering against the
    /// simulation of that ordering and level.
    @Test("per-world safety matches the simulation", arguments: [2, 4, 5, 6, 8])
    func worldSafetyMatchesSimulation(level: Int) throws {
        let scenario = try Self.interpretabilityFirst()
        let x = [5, 10, 15, 10, 20, 10, 5, 5, 10, 10].map(Double.init)
        let worlds = SafetyModel(scenario: scenario).worldSafety(of: x)
        let readiness = EventSimulator.readiness(x, scenario)
        var rng = SeededGenerator(seed: UInt64(300 + level))
        var safe = 0
        let count = 30_000
        for _ in 0..<count
        where EventSimulator.world(
            level: level, ordering: "interpretability-first", readiness: readiness, scenario: scenario, rng: &rng)
        {
            safe += 1
        }
        let mean = Double(safe) / Double(count)
        let standardError = max((mean * (1 - mean) / Double(count)).squareRoot(), 1 / Double(count))
        #expect(abs(worlds[10 + level - 1] - mean) <= 4 * standardError, "world (interpretability-first, \(level))")
    }

    /// The gradient over worlds against central differences (step 10⁻³·s_j; see SafetyModelTests
    /// for the tolerance), and the reverse pass against the toggling gradient.
    @Test("gradient over worlds matches central differences", arguments: 0..<20)
    func gradientMatchesCentralDifferences(seed: UInt64) {
        let scenario = RandomScenarios.withOrderings(
            RandomScenarios.make(seed: 1500 + seed, programs: 3 + Int(seed % 7)), seed: seed)
        let problem = AllocationProblem(scenario: scenario)
        let x = RandomScenarios.allocation(for: scenario, seed: seed).map { $0 + 1 }
        let g = problem.gradient(at: x)
        let (value, reverse) = problem.model.safetyAndGradient(at: x, weights: problem.weights)
        #expect(abs(value - problem.safety(of: x)) <= 1e-14)
        let largest = max(g.map(abs).max()!, 1e-300)
        for j in x.indices {
            let h = 1e-3 * scenario.programs[j].scale
            var up = x
            var down = x
            up[j] += h
            down[j] -= h
            let numeric = (problem.safety(of: up) - problem.safety(of: down)) / (2 * h)
            #expect(abs(numeric - g[j]) <= 1e-6 * largest + 1e-15 / h, "program \(j): exact \(g[j]) vs numeric \(numeric)")
            #expect(abs(reverse[j] - g[j]) <= 1e-11 * largest, "program \(j): reverse \(reverse[j]) vs toggled \(g[j])")
        }
    }

    /// An alternative ordering identical to the main one changes no result at all: the worlds are
    /// the same, so every number is the same to the last bit.
    @Test func anIdenticalOrderingChangesNothing() throws {
        let plain = Scenario.builtinDefault
        let twin = try plain.changing {
            $0.orderings = [Ordering(name: "same", credence: 0.3, levels: [.init(id: "rlhf", level: 2)])]
        }
        #expect(twin.worlds.orderings.count == 1 && twin.worlds.named.count == 2)
        #expect(twin.worlds.probabilities == plain.worlds.probabilities)
        #expect(Evaluation(scenario: twin).safety == Evaluation(scenario: plain).safety)
        let a = Optimum(scenario: plain)
        let b = Optimum(scenario: twin)
        #expect(a.allocation == b.allocation && a.safety == b.safety)
        #expect(a.heuristics.map(\.safety) == b.heuristics.map(\.safety))
        let ma = Margins(scenario: plain, allocation: a.allocation)
        let mb = Margins(scenario: twin, allocation: a.allocation)
        #expect(ma.programs.map(\.marginal) == mb.programs.map(\.marginal))
        #expect(ma.programs.map(\.criticalProbability) == mb.programs.map(\.criticalProbability))
        let va = ValueOfInformation(scenario: plain)
        let vb = ValueOfInformation(scenario: twin)
        #expect(va.evpi == vb.evpi && va.band == vb.band && vb.ordering == 0)
        let race = MonteCarloOptions(samples: 4000, seed: 9, threads: 2)
        #expect(
            RaceResult(scenario: plain, allocation: a.allocation, options: race).safety
                == RaceResult(scenario: twin, allocation: a.allocation, options: race).safety)
        let uncertainPlain = try plain.changing { $0.beliefConcentration = 5 }
        let uncertainTwin = try twin.changing { $0.beliefConcentration = 5 }
        let sampling = MonteCarloOptions(samples: 5000, seed: 2, threads: 2)
        #expect(
            SampledEvaluation(scenario: uncertainPlain, allocation: a.allocation, options: sampling).mean
                == SampledEvaluation(scenario: uncertainTwin, allocation: a.allocation, options: sampling).mean)
    }

    /// Worlds, probabilities and the marginal beliefs, by hand: main keeps 1 − 0.25, the
    /// alternative's worlds are weighted by 0.25 and its own beliefs.
    @Test func probabilitiesAndMarginalBeliefs() throws {
        let own = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
        let scenario = try Self.interpretabilityFirst(beliefs: own)
        let worlds = scenario.worlds
        #expect(worlds.count == 20)
        #expect(worlds.orderings.map(\.credence) == [0.75, 0.25])
        #expect(abs(worlds.probabilities.reduce(0, +) - 1) < 1e-15)
        for k in 0..<10 {
            #expect(abs(worlds.probabilities[k] - 0.75 * scenario.beliefs[k]) < 1e-16)
            #expect(abs(worlds.probabilities[10 + k] - 0.025) < 1e-16)
            #expect(abs(worlds.marginalBeliefs[k] - (0.75 * scenario.beliefs[k] + 0.025)) < 1e-16)
        }
        let interpretability = scenario.index(of: "interpretability-oversight")!
        let assisted = scenario.index(of: "ai-assisted-oversight")!
        // Main: interpretability suffices up to level 6; the alternative: up to 4.
        #expect(!worlds.fallsShort(interpretability, in: 5) && worlds.fallsShort(interpretability, in: 6))
        #expect(!worlds.fallsShort(interpretability, in: 13) && worlds.fallsShort(interpretability, in: 14))
        // A dead end falls short in every world that needs a technique, and in none that does not.
        #expect(!worlds.fallsShort(assisted, in: 10) && (11..<20).allSatisfy { worlds.fallsShort(assisted, in: $0) })
        // Reweighting replaces the beliefs only where the ordering has none of its own.
        let uniform = [Double](repeating: 0.1, count: 10)
        let reweighted = worlds.reweighted(beliefs: [0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(reweighted.orderings[0].beliefs == [0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(reweighted.orderings[1].beliefs == uniform)
    }

    /// π for a technique is the probability of the worlds where it falls short, and the margin
    /// splits into A and D over exactly those worlds (computed here from the per-world gradient).
    @Test func marginsOverWorlds() throws {
        let scenario = try Self.interpretabilityFirst()
        let problem = AllocationProblem(scenario: scenario)
        let x = scenario.statusQuo
        let margins = Margins(problem: problem, allocation: x)
        let rows = problem.model.worldGradient(at: x)
        let worlds = problem.worlds
        for (j, program) in scenario.programs.enumerated() where program.kind == .technique {
            let row = try #require(margins.programs.first { $0.id == program.id })
            let short = worlds.probabilities.indices.filter { worlds.fallsShort(j, in: $0) }
            let enough = worlds.probabilities.indices.filter { !worlds.fallsShort(j, in: $0) }
            let pi = short.reduce(0) { $0 + worlds.probabilities[$1] }
            #expect(abs((row.harderProbability ?? -1) - pi) < 1e-15, "\(program.id)")
            let a = enough.reduce(0) { $0 + worlds.probabilities[$1] * rows[j][$1] } / (1 - pi)
            let d = short.reduce(0) { $0 + worlds.probabilities[$1] * rows[j][$1] } / pi
            #expect(abs((row.easierValue ?? .nan) - a) <= 1e-12 * abs(a) + 1e-18)
            #expect(abs((row.harderValue ?? .nan) - d) <= 1e-12 * abs(d) + 1e-18)
            // The marginal value is the mixture (1 − π)·A + π·D.
            #expect(abs(row.marginal - ((1 - pi) * a + pi * d)) <= 1e-12 * max(abs(row.marginal), 1e-12))
        }
        // The dead-end technique falls short in every world that needs a technique, in the
        // alternative ordering: π is at least that ordering's mass above level 1.
        let assisted = try #require(margins.programs.first { $0.id == "ai-assisted-oversight" })
        #expect((assisted.harderProbability ?? 0) >= 0.25 * (1 - scenario.beliefs[0]) - 1e-15)
    }

    /// Learning the ordering is worth something between 0 and perfect information, and the
    /// level-by-level rows still describe the level marginal over orderings.
    @Test func valueOfLearningTheOrdering() throws {
        let scenario = try Self.interpretabilityFirst()
        let voi = ValueOfInformation(scenario: scenario)
        let ordering = try #require(voi.ordering)
        #expect(ordering >= 0 && ordering <= voi.evpi + 1e-14)
        #expect(voi.band <= voi.evpi + 1e-14)
        #expect(voi.orderingSignals.map(\.name) == ["ordering main", "ordering interpretability-first"])
        #expect(abs(voi.orderingSignals.reduce(0) { $0 + $1.probability } - 1) < 1e-15)
        #expect(voi.perWorld.count == 20)
        // Each ordering signal's optimum is a real optimum of that ordering alone.
        let problem = AllocationProblem(scenario: scenario)
        for (o, signal) in voi.orderingSignals.enumerated() {
            var weights = [Double](repeating: 0, count: 20)
            for k in 0..<10 { weights[o * 10 + k] = scenario.worlds.orderings[o].beliefs[k] }
            let alone = problem.weighted(weights)
            #expect(abs(alone.safety(of: signal.allocation) - signal.safety) < 1e-12)
            #expect(Optimizer.maximize(alone, starts: [signal.allocation]).safety <= signal.safety + 1e-12)
        }
    }

    /// The race over worlds reproduces the exact model when transformative AI arrives at the
    /// reference time with no automation (AlignmentScale.docc/TheRace.md), within 4 standard errors.
    @Test func raceOverWorldsMatchesTheExactModel() throws {
        let scenario = try Self.interpretabilityFirst()
        let x = [5, 10, 15, 10, 20, 10, 5, 5, 10, 10].map(Double.init)
        let race = RaceResult(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 200_000, seed: 4, threads: 2))
        let exact = AllocationProblem(scenario: scenario).safety(of: x)
        #expect(
            abs(race.safety - exact) <= 4 * race.standardError, "race \(race.safety) ± \(race.standardError) vs exact \(exact)")
    }

    /// Monte Carlo with Dirichlet beliefs per ordering: the mean is the average of the exact V of
    /// each drawn instance (through ScenarioInstance, the straightforward path), and the export
    /// names the ordering's own belief columns.
    @Test func monteCarloDrawsEachOrderingsBeliefs() throws {
        let scenario = try Self.interpretabilityFirst(beliefs: [0.3, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.04, 0.03, 0.03])
            .changing { $0.beliefConcentration = 4 }
        let sampler = ParameterSampler(scenario: scenario)
        #expect(sampler.columns.suffix(10).first == "orderings.interpretability-first.beliefs.1")
        let x = scenario.statusQuo
        let options = MonteCarloOptions(samples: 3000, seed: 5, threads: 2)
        var rows: [Double] = []
        let sampled = SampledEvaluation(scenario: scenario, allocation: x, options: options) { rows += $0 }
        let width = sampler.width + 1
        var total = 0.0
        for i in 0..<3000 {
            let row = Array(rows[(i * width)..<((i + 1) * width)])
            let instance = sampler.instance(of: scenario, row: Array(row.dropLast()))
            let value = instance.model().safety(of: x, weights: instance.worlds.probabilities)
            #expect(abs(value - row.last!) < 1e-13)
            total += value
        }
        #expect(abs(total / 3000 - sampled.mean) < 1e-13)
    }

    /// A respondent's beliefs replace the scenario's in orderings without beliefs of their own,
    /// so their optimum is the optimum of the reweighted problem.
    @Test func respondentsReweightOrderingsWithoutBeliefs() throws {
        let scenario = try Self.interpretabilityFirst()
        let people = try [
            Respondent(id: "a", beliefs: [0.3, 0.3, 0.2, 0.1, 0.05, 0.05, 0, 0, 0, 0], levelCount: 10),
            Respondent(id: "b", beliefs: [0, 0, 0.05, 0.05, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1], levelCount: 10),
        ]
        let aggregation = Aggregation(scenario: scenario, respondents: people, threads: 1)
        let problem = AllocationProblem(scenario: scenario)
        for (i, person) in people.enumerated() {
            let own = problem.reweighted(beliefs: person.beliefs)
            #expect(abs(own.safety(of: aggregation.optima[i]) - aggregation.optimalSafety[i]) < 1e-14)
            #expect(Optimizer.maximize(own).safety <= aggregation.optimalSafety[i] + 1e-9)
        }
    }
}
