import AlignmentScale
import Dispatch
import Foundation
import TestSupport

// Speed of the exact model on the built-in default scenario. Run in release:
//     swift run -c release alignscale-bench
// Each measurement repeats the work until at least `minimumSeconds` have passed and reports the
// median of several such batches, per operation.

let minimumSeconds = 0.3
let batches = 5

@discardableResult
func measure(_ name: String, target: Double, _ body: () -> Void) -> Double {
    var perOperation: [Double] = []
    for _ in 0..<batches {
        var count = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            body()
            count += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimumSeconds
        perOperation.append(elapsed / Double(count))
    }
    perOperation.sort()
    let median = perOperation[batches / 2]
    func show(_ seconds: Double) -> String {
        seconds < 1e-3 ? String(format: "%.3f µs", seconds * 1e6) : String(format: "%.3f ms", seconds * 1e3)
    }
    let ratio = median / target
    print(
        "\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(show(median).padding(toLength: 12, withPad: " ", startingAt: 0)) target ≤ \(show(target))  (\(String(format: "%.3f", ratio))× the target) \(ratio <= 1 ? "ok" : "SLOW")"
    )
    return median
}

var sink = 0.0
let scenario = Scenario.builtinDefault
let model = SafetyModel(scenario: scenario)
let x = [5, 10, 15, 10, 20, 10, 5, 5, 10, 10].map(Double.init)

if CommandLine.arguments.contains("--value") {
    // For Benchmarks/bench: V at the benchmark allocation and seconds per exact evaluation.
    let start = DispatchTime.now().uptimeNanoseconds
    let repeats = 200_000
    for _ in 0..<repeats { sink += model.safety(of: x, weights: scenario.beliefs) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(repeats)
    print(String(format: "V(x) = %.15f", model.safety(of: x, weights: scenario.beliefs)))
    print(String(format: "seconds per evaluation: %.3e", seconds))
    exit(sink == 42 ? 1 : 0)
}

if CommandLine.arguments.contains("--optimize-per-case") {
    // For Benchmarks/bench-study: seconds per case of the plain `alignscale optimize` (multi-start,
    // with the five heuristics) on 200 belief profiles drawn as the study draws them.
    let study = Study(scenario: scenario, options: Study.Options(cases: 200, seed: 9, threads: 1))
    let problem = AllocationProblem(scenario: scenario)
    let start = DispatchTime.now().uptimeNanoseconds
    for c in study.cases { sink += Optimum(problem: problem.reweighted(beliefs: c.beliefs)).safety }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(study.cases.count)
    print(String(format: "seconds per case: %.3e", seconds))
    exit(sink == 42 ? 1 : 0)
}

if CommandLine.arguments.contains("--greedy-per-case") {
    // Seconds per greedy-margin run on 200 belief profiles drawn as the study draws them, beside
    // the plain way (every marginal value interpolated at every step), which must give the same
    // allocations to the bit.
    let study = Study(scenario: scenario, options: Study.Options(cases: 200, seed: 9, threads: 1))
    let problem = AllocationProblem(scenario: scenario)
    let problems = study.cases.map { problem.reweighted(beliefs: $0.beliefs) }
    func perRun(_ rule: (AllocationProblem) -> [Double]) -> Double {
        var fastest = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            for q in problems { sink += rule(q)[0] }
            fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(problems.count))
        }
        return fastest
    }
    let plain = perRun(GreedyMarginReference.allocation)
    let fast = perRun { Heuristic.greedyMargin.allocation(for: $0) }
    let same = problems.allSatisfy {
        Heuristic.greedyMargin.allocation(for: $0).map(\.bitPattern) == GreedyMarginReference.allocation($0).map(\.bitPattern)
    }
    let evaluate = perRun { q in [q.safety(of: q.lower)] }
    print(
        String(
            format: "greedy-margin per run: %.1f µs; every marginal at every step: %.1f µs (%.2f×); "
                + "one evaluation: %.2f µs; the same allocations to the bit: %@", 1e6 * fast, 1e6 * plain, fast / plain,
            1e6 * evaluate, same ? "yes" : "NO"))
    exit(sink == 42 ? 1 : 0)
}

print("alignscale-bench: built-in default scenario (10 programs, 3 required programs → 6 usable sets)")
measure("evaluate: V(x), exact", target: 5e-6) { sink += model.safety(of: x, weights: scenario.beliefs) }
measure("gradient: ∂V/∂x, exact, reverse pass", target: 1e-3) {
    sink += model.safetyAndGradient(at: x, weights: scenario.beliefs).gradient[0]
}
measure("gradient: ∂V/∂x, exact, by toggling R_j", target: 1e-3) { sink += model.gradient(at: x, weights: scenario.beliefs)[0] }
measure("optimize, including the five heuristics", target: 50e-3) { sink += Optimum(scenario: scenario).safety }
measure("voi (19 optimisations)", target: 1) { sink += ValueOfInformation(scenario: scenario).evpi }

// Structure switches (AlignmentScale.docc/Assumptions.md): the default with the costly-pause
// example's switches (a stop cost, false alarms, evidence by level), against the plain default in
// the same run, through the reusable evaluator (the optimiser's hot path). Evaluation must stay
// within 1.5× the plain model's; the general reverse pass is O(N·P) against the plain one's
// O(N + P), and is held to 5×.
let costly = try! scenario.changing {
    $0.structure = Structure(stopCost: 0.3, falseAlarmBaseline: 0.02)
    $0.programs[5].evidenceByLevel = Array(repeating: 0.3, count: 7) + [0, 0, 0]
    $0.programs[9].falseAlarm = 0.3
}
let plainEvaluator = model.evaluator()
let costlyModel = SafetyModel(scenario: costly)
let costlyEvaluator = costlyModel.evaluator()
let plainTime = measure("evaluate, plain, reusable evaluator", target: 5e-6) {
    sink += plainEvaluator.safety(of: x, weights: scenario.beliefs)
}
measure("evaluate, every switch on, reusable evaluator", target: 1.5 * plainTime) {
    sink += costlyEvaluator.safety(of: x, weights: scenario.beliefs)
}
let plainGradient = measure("gradient, plain, reusable evaluator", target: 1e-3) {
    sink += plainEvaluator.gradient(at: x, weights: scenario.beliefs)[0]
}
var gradientBuffer = [Double](repeating: 0, count: x.count)
let gradientInto = measure("gradient, plain, into a buffer (optimiser)", target: 2e-6) {
    plainEvaluator.gradient(at: x, weights: scenario.beliefs, into: &gradientBuffer)
    sink += gradientBuffer[0]
}
print(
    String(
        format: "  → %.2f million evaluations and %.2f million gradients per second per core (targets ≥ 1 and ≥ 0.5)",
        1e-6 / plainTime, 1e-6 / gradientInto))
measure("gradient, every switch on, reusable evaluator", target: 5 * plainGradient) {
    sink += costlyEvaluator.gradient(at: x, weights: scenario.beliefs)[0]
}
measure("optimize, costly pause, with heuristics", target: 10e-3) { sink += Optimum(scenario: costly).safety }

// Disputed orderings (AlignmentScale.docc/DisputedOrderings.md): the same scenario with three alternative orderings (four in
// all, 40 worlds), against the scenario without them, through the reusable evaluator (the
// optimiser's hot path) and through the one-call API.
let disputed = try! scenario.changing {
    $0.orderings = [
        Ordering(
            name: "interpretability-first", credence: 0.25,
            levels: [.init(id: "interpretability-oversight", level: 4), .init(id: "scalable-oversight", level: 5)]),
        Ordering(name: "assisted-dead-end", credence: 0.1, levels: [.init(id: "ai-assisted-oversight", level: nil)]),
        Ordering(
            name: "theory-first", credence: 0.1,
            levels: [.init(id: "alignment-theory", level: 7), .init(id: "misalignment-experiments", level: 8)],
            beliefs: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]),
    ]
}
let disputedProblem = AllocationProblem(scenario: disputed)
let ladderProblem = AllocationProblem(scenario: scenario)
let ladderEvaluator = ladderProblem.model.evaluator()
let disputedEvaluator = disputedProblem.model.evaluator()
print("\nDisputed orderings: 10 programs, 4 orderings (40 worlds) against one ladder (10 worlds)")
let ladderTime = measure("evaluate, one ladder, reusable evaluator", target: 5e-6) {
    sink += ladderEvaluator.safety(of: x, weights: ladderProblem.weights)
}
let disputedTime = measure("evaluate, 4 orderings, reusable evaluator", target: 3 * ladderTime) {
    sink += disputedEvaluator.safety(of: x, weights: disputedProblem.weights)
}
print(String(format: "  → 4 orderings cost %.2f× one ladder (target ≤ 3×)", disputedTime / ladderTime))
let ladderCall = measure("evaluate, one ladder, one call", target: 5e-6) { sink += ladderProblem.safety(of: x) }
let disputedCall = measure("evaluate, 4 orderings, one call", target: 3 * ladderCall) { sink += disputedProblem.safety(of: x) }
print(String(format: "  → 4 orderings cost %.2f× one ladder (target ≤ 3×)", disputedCall / ladderCall))
measure("optimize, 4 orderings, with heuristics", target: 100e-3) { sink += Optimum(problem: disputedProblem).safety }

// A chain of 16 required programs (17 usable sets; 2^16 states before they were summed once).
let chain = (0..<17).map { i in
    Program(
        id: "c\(i)", level: 2 + i % 8, baseline: 0.2, scale: 30, backfire: 0.1, evidence: 0.05,
        requires: i == 0 ? [] : ["c\(i - 1)"])
}
let chained = try! Scenario(beliefs: scenario.beliefs, budget: 100, stopBaseline: 0.2, misuseBaseline: 0.1, programs: chain)
print("\nRequirements: a chain of 16 required programs (17 programs)")
measure("optimize, chain of 16", target: 5) { sink += Optimum(scenario: chained).safety }
measure("voi, chain of 16", target: 5) { sink += ValueOfInformation(scenario: chained).evpi }

// Many views (AlignmentScale.docc/ManyViews.md): run three times each, median reported.
@MainActor func once(_ name: String, target: Double, _ body: () -> Double) {
    var times: [Double] = []
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        sink += body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let median = times.sorted()[1]
    let ratio = median / target
    print(
        "\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(String(format: "%.3f s", median).padding(toLength: 12, withPad: " ", startingAt: 0)) target ≤ \(String(format: "%.0f s", target))  (\(String(format: "%.3f", ratio))× the target) \(ratio <= 1 ? "ok" : "SLOW")"
    )
}

func randomRespondents(_ count: Int) -> [Respondent] {
    var source = RandomSource(seed: 12)
    return (0..<count).map { i in
        let raw = (0..<10).map { _ in source.gamma(0.8) + 1e-9 }
        let total = raw.reduce(0, +)
        return try! Respondent(id: "r\(i)", weight: 0.5 + source.uniform(), beliefs: raw.map { $0 / total }, levelCount: 10)
    }
}
let many = randomRespondents(100_000)
once("pool 1e5 respondents (+ JS from 1e6 pairs)", target: 1) { BeliefPools(many).linear[0] }
let hundred = Array(many.prefix(100))
once("aggregate 100 respondents (optima, regret)", target: 10) {
    Aggregation(scenario: scenario, respondents: hundred).consensus[2].maximumRegret
}

// The race (AlignmentScale.docc/TheRace.md): 1e5 trajectories, quarterly over 30 years, 10 programs, uncertain T and automation.
let racing = try! scenario.changing { $0.timeline = Timeline(taiYears: .ci90(low: 4, high: 25), automationFactor: 3) }
once("race 1e5 trajectories, 121 steps", target: 2) {
    RaceResult(scenario: racing, allocation: x, options: MonteCarloOptions(samples: 100_000, seed: 1), horizon: 30).safety
}
if sink == 42 { print(sink) }

// The study (AlignmentScale.docc/TheStudy.md): the parts of one case, on the default scenario reweighted.
print("\nStudy: the parts of one case (default scenario, beliefs reweighted)")
let studyProblem = AllocationProblem(scenario: scenario).reweighted(beliefs: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
measure("five heuristics", target: 1e-3) { sink += Heuristic.allCases.map { $0.allocation(for: studyProblem) }[4][0] }
measure("greedy-margin alone", target: 1e-3) { sink += Heuristic.greedyMargin.allocation(for: studyProblem)[0] }
let studyStarts = Heuristic.allCases.map { $0.allocation(for: studyProblem) }
measure("full multi-start optimize", target: 2e-3) { sink += Optimizer.maximize(studyProblem, starts: studyStarts).safety }
