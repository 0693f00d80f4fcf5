import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Act now or learn first: the two-stage plan")
struct TwoStagePlanTests {
    static func threshold(cost: Double = 0, at t: Int = 5, sensitivity: Double = 0.9, specificity: Double = 0.8)
        -> Experiment
    {
        Experiment(
            id: "eval", cost: cost, says: .above(t), sensitivity: sensitivity, specificity: specificity, levelCount: 10)
    }

    /// P(o) and the posterior weights by Bayes' rule, written out here apart from the code under test.
    static func posterior(_ problem: AllocationProblem, _ outcome: Experiment.Outcome) -> (Double, [Double]) {
        let n = problem.worlds.levelCount
        let joint = problem.weights.indices.map { problem.weights[$0] * outcome.likelihood[$0 % n] }
        let p = joint.reduce(0, +)
        return (p, joint.map { $0 / p })
    }

    /// The reported plan is feasible (minimums now, every outcome's total within B − cost, every
    /// effective amount within its maximum) and its value is what its allocations give, each
    /// re-evaluated under the outcome's posterior; it is never below learning first, nor below the
    /// best single allocation with budget B − cost, each computed here on its own.
    @Test("the plan is feasible, its value re-evaluates, and it beats learn-first and the single stage", arguments: 0..<4)
    func feasibleAndNeverBelowTheSimplePlans(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 300 + seed, programs: 4)
        let problem = AllocationProblem(scenario: scenario)
        let delta = [0.5, 0.3, 0.8, 1.0][Int(seed)]
        let experiment = Self.threshold(cost: 3, at: 3 + Int(seed))
        let plan = TwoStagePlan(experiment: experiment, problem: problem, laterValue: delta)
        let spare = scenario.budget - experiment.cost
        #expect(zip(plan.now, scenario.minimums).allSatisfy { $0 >= $1 - 1e-12 })
        var total = 0.0
        for (outcome, row) in zip(experiment.outcomes, plan.after) {
            let (p, weights) = Self.posterior(problem, outcome)
            #expect(abs(row.probability - p) < 1e-14)
            #expect(plan.now.reduce(0, +) + row.spend.reduce(0, +) <= spare + 1e-9)
            #expect(row.spend.allSatisfy { $0 >= 0 })
            let effective = zip(plan.now, row.spend).map { $0 + delta * $1 }
            #expect(zip(effective, scenario.maximums).allSatisfy { $0 <= $1 + 1e-9 })
            total += p * problem.model.safety(of: effective, weights: weights)
        }
        #expect(abs(total - plan.value) < 1e-12)

        var learnFirst = 0.0
        for outcome in experiment.outcomes {
            let (p, weights) = Self.posterior(problem, outcome)
            // After the minimums, the rest buys δ per unit: effective = min + δ·x², Σx² ≤ B − cost − Σmin.
            let free = spare - scenario.minimums.reduce(0, +)
            let after = AllocationProblem(
                model: problem.model, worlds: problem.worlds, weights: weights, lower: scenario.minimums,
                upper: scenario.maximums.map { min($0, spare) }, budget: scenario.minimums.reduce(0, +) + delta * free,
                frontier: scenario.frontier)
            learnFirst += p * Optimum(problem: after).objective
        }
        let single = Optimum(
            problem: AllocationProblem(
                model: problem.model, worlds: problem.worlds, lower: scenario.minimums,
                upper: scenario.maximums.map { min($0, spare) }, budget: spare, frontier: scenario.frontier)
        ).objective
        #expect(plan.value >= learnFirst - 1e-9, "plan \(plan.value), learn first \(learnFirst)")
        #expect(plan.value >= single - 1e-12, "plan \(plan.value), single stage \(single)")
        #expect(abs(plan.learnFirstValue - learnFirst) < 1e-9)
        #expect(abs(plan.singleStageValue - single) < 1e-9)
        #expect(plan.kktViolation < 1e-4)
    }

    /// With δ = 1 money is as good later as now, so nothing is gained by spending before the
    /// result: the best plan is worth exactly what learning first and then spending the whole
    /// B − cost is, Σ_o P(o)·max_x V(x | o; B − cost), which the value of sample information computes.
    @Test("with later money worth as much, the plan is worth learning first", arguments: 0..<3)
    func fullLaterValueIsLearningFirst(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 320 + seed, programs: 4)
        let problem = AllocationProblem(scenario: scenario)
        let experiment = Self.threshold(cost: 2, at: 4 + Int(seed))
        let plan = TwoStagePlan(experiment: experiment, problem: problem, laterValue: 1)
        let sample = ExperimentValue(experiment: experiment, problem: problem)
        let learned = sample.outcomes.reduce(0) { $0 + $1.probability * $1.safety }
        #expect(abs(plan.value - learned) < 1e-9, "plan \(plan.value), learning first \(learned)")
        #expect(abs(plan.value - plan.actNowValue - sample.value) < 1e-9)
        #expect(plan.worthRunning == (sample.value >= -1e-12))
    }

    /// A free experiment that says the same at every level changes no belief, and no split of the
    /// budget over two stages beats spending it all now (Σy ≤ B whatever the plan): the plan is
    /// worth exactly acting now.
    @Test("an uninformative free experiment: the plan is worth acting now", arguments: 0..<3)
    func uninformativeIsActingNow(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 340 + seed, programs: 4)
        let problem = AllocationProblem(scenario: scenario)
        let flat = Experiment(
            id: "flat",
            outcomes: [
                .init(name: "yes", likelihood: Array(repeating: 0.4, count: 10)),
                .init(name: "no", likelihood: Array(repeating: 0.6, count: 10)),
            ])
        let plan = TwoStagePlan(experiment: flat, problem: problem, laterValue: 0.5)
        #expect(abs(plan.value - plan.actNowValue) < 1e-9, "plan \(plan.value), act now \(plan.actNowValue)")
        #expect(plan.worthRunning)
    }

    /// Against exhaustive search on a two-program scenario: every first stage on a grid of step h
    /// and, for each outcome, every follow-up on the same grid. The plan is never worse than the
    /// grid's best, and no better than it by more than the grid can miss: moving each of the six
    /// coordinates by at most h changes the objective by at most 6·L·h, L the largest marginal
    /// value on the grid (doubled: the grid may miss the largest).
    @Test("against a brute-force grid on two programs", arguments: 0..<3)
    func againstBruteForceGrid(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 360 + seed, programs: 2, withRequires: false)
        let problem = AllocationProblem(scenario: scenario)
        let delta = 0.5
        let experiment = Self.threshold(cost: 10, at: 3 + 2 * Int(seed), sensitivity: 0.85, specificity: 0.85)
        let plan = TwoStagePlan(experiment: experiment, problem: problem, laterValue: delta)
        let spare = scenario.budget - experiment.cost
        let steps = 30
        let h = spare / Double(steps)
        let upper = scenario.maximums.map { min($0, spare) }
        let posteriors = experiment.outcomes.map { Self.posterior(problem, $0) }
        var best = -Double.infinity
        var largestMarginal = 0.0
        for a in 0...steps {
            for b in 0...(steps - a) {
                let first = [Double(a) * h, Double(b) * h]
                guard first[0] <= upper[0] + 1e-12, first[1] <= upper[1] + 1e-12 else { continue }
                let later = delta * spare + (1 - delta) * (first[0] + first[1])
                var total = 0.0
                for (p, weights) in posteriors {
                    var inner = -Double.infinity
                    for c in a...steps {
                        for d in b...steps {
                            let y = [Double(c) * h, Double(d) * h]
                            guard y[0] <= upper[0] + 1e-12, y[1] <= upper[1] + 1e-12, y[0] + y[1] <= later + 1e-9 else {
                                continue
                            }
                            inner = max(inner, problem.model.safety(of: y, weights: weights))
                        }
                    }
                    total += p * inner
                }
                best = max(best, total)
            }
        }
        for a in 0...steps {
            for b in 0...steps {
                for (_, weights) in posteriors {
                    let x = [min(Double(a) * h, upper[0]), min(Double(b) * h, upper[1])]
                    largestMarginal = max(largestMarginal, problem.model.gradient(at: x, weights: weights).map(abs).max() ?? 0)
                }
            }
        }
        #expect(plan.value >= best - 1e-12, "plan \(plan.value), grid \(best)")
        #expect(plan.value <= best + 6 * 2 * largestMarginal * h, "plan \(plan.value), grid \(best)")
    }

    /// The default scenario with the worked example's evaluation: the reported numbers hang together.
    @Test func defaultScenarioWorkedExample() {
        let scenario = Scenario.builtinDefault
        let problem = AllocationProblem(scenario: scenario)
        let experiment = Self.threshold(cost: 2, at: 6, sensitivity: 0.9, specificity: 0.75)
        let plan = TwoStagePlan(experiment: experiment, problem: problem, laterValue: 0.5)
        #expect(abs(plan.actNowValue - Optimum(problem: problem).objective) < 1e-12)
        #expect(plan.value >= max(plan.learnFirstValue, plan.singleStageValue) - 1e-12)
        #expect(plan.kktViolation < 1e-4)
    }
}
