import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("The value of an experiment (sample information)")
struct ExperimentValueTests {
    /// A test that says the same at every level teaches nothing: its information value is 0.
    @Test("an uninformative test is worth nothing", arguments: 0..<3)
    func uninformativeIsWorthNothing(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 200 + seed, programs: 4)
        let flat = Experiment(
            id: "flat",
            outcomes: [
                .init(name: "yes", likelihood: Array(repeating: 0.3, count: 10)),
                .init(name: "no", likelihood: Array(repeating: 0.7, count: 10)),
            ])
        let result = ExperimentValue(experiment: flat, problem: AllocationProblem(scenario: scenario))
        #expect(abs(result.informationValue) < 1e-12)
    }

    /// A perfect test of the level (one outcome per level, certain) is worth exactly the expected
    /// value of perfect information; any test is worth between 0 and that. Tolerance 1e-8: both
    /// sides are optima of the same multi-start optimiser, converged far below that.
    @Test("a perfect test is worth EVPI; any test between 0 and EVPI", arguments: 0..<4)
    func perfectTestIsWorthEVPI(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 220 + seed, programs: 4, withRequires: false)
        let problem = AllocationProblem(scenario: scenario)
        let evpi = ValueOfInformation(scenario: scenario).evpi
        let perfect = Experiment(
            id: "perfect",
            outcomes: (1...10).map { level in .init(name: "level-\(level)", likelihood: (1...10).map { $0 == level ? 1 : 0 }) })
        #expect(abs(ExperimentValue(experiment: perfect, problem: problem).informationValue - evpi) < 1e-8)
        var rng = SeededGenerator(seed: seed)
        let says = (0..<10).map { _ in rng.nextUniform() }
        let noisy = Experiment(
            id: "noisy", outcomes: [.init(name: "a", likelihood: says), .init(name: "b", likelihood: says.map { 1 - $0 })])
        let value = ExperimentValue(experiment: noisy, problem: problem).informationValue
        #expect(value >= -1e-12 && value <= evpi + 1e-8, "information value \(value), EVPI \(evpi)")
    }

    /// The optimisations behind the value of information and of an experiment are independent,
    /// so running them side by side changes nothing: every signal and every outcome is bit-identical
    /// on 1, 2 and 7 threads (one ladder and disputed orderings).
    @Test func threadsChangeNothing() throws {
        let eval = Experiment(id: "eval", cost: 2, says: .above(6), sensitivity: 0.9, specificity: 0.75, levelCount: 10)
        let ordered = try Scenario.builtinDefault.changing {
            $0.orderings = [
                Ordering(
                    name: "interpretability-first", credence: 0.3,
                    levels: [.init(id: "interpretability-oversight", level: 4), .init(id: "scalable-oversight", level: 6)])
            ]
        }
        for scenario in [Scenario.builtinDefault, ordered] {
            func signature(_ threads: Int) -> [Double] {
                let voi = ValueOfInformation(scenario: scenario, threads: threads)
                let signals =
                    voi.bandSignals + voi.thresholds.flatMap(\.signals) + voi.orderingSignals + voi.perLevel + voi.perWorld
                let experiment = ExperimentValue(
                    experiment: eval, problem: AllocationProblem(scenario: scenario), bestNow: voi.priorSafety, threads: threads)
                return [voi.evpi, experiment.value, experiment.informationValue, experiment.breakEvenCost]
                    + signals.flatMap { [$0.safety] + $0.allocation }
                    + experiment.outcomes.flatMap { [$0.safety] + $0.allocation }
            }
            let one = signature(1)
            #expect(signature(2) == one && signature(7) == one)
        }
    }

    /// Value is non-increasing in the cost, and the break-even cost brackets the sign change to the
    /// bisection's tolerance (1e-6 of the budget): value ≥ 0 there, < 0 two tolerances later.
    @Test func valueFallsWithCostAndBreakEvenBracketsZero() {
        let scenario = Scenario.builtinDefault
        let problem = AllocationProblem(scenario: scenario)
        let bestNow = Optimum(problem: problem).objective
        func experiment(cost: Double) -> Experiment {
            Experiment(id: "eval", cost: cost, says: .above(6), sensitivity: 0.9, specificity: 0.75, levelCount: 10)
        }
        let values = [0.0, 1, 2, 4, 8].map {
            ExperimentValue(experiment: experiment(cost: $0), problem: problem, bestNow: bestNow).value
        }
        for (a, b) in zip(values, values.dropFirst()) { #expect(b <= a + 1e-12) }
        let result = ExperimentValue(experiment: experiment(cost: 2), problem: problem, bestNow: bestNow)
        #expect(!result.breakEvenIsAtLeast)
        let atBreakEven = ExperimentValue(
            experiment: experiment(cost: result.breakEvenCost), problem: problem, bestNow: bestNow
        ).value
        let beyond = ExperimentValue(
            experiment: experiment(cost: result.breakEvenCost + 2e-6 * scenario.budget), problem: problem, bestNow: bestNow
        ).value
        #expect(atBreakEven >= -1e-12 && beyond < 0, "value \(atBreakEven) at \(result.breakEvenCost), \(beyond) beyond")
        // Each outcome's allocation, re-evaluated under its posterior with the budget left, gives its reported value.
        for (outcome, row) in zip(experiment(cost: 2).outcomes, result.outcomes) {
            let weights = problem.weights.indices.map { problem.weights[$0] * outcome.likelihood[$0 % 10] / row.probability }
            #expect(abs(problem.model.safety(of: row.allocation, weights: weights) - row.safety) < 1e-12)
            #expect(row.allocation.reduce(0, +) <= scenario.budget - 2 + 1e-9)
        }
    }
}
