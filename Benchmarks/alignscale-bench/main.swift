import AlignmentScale
import Dispatch
import Foundation

// Speed of the exact model on the built-in default scenario. Run in release:
//     swift run -c release alignscale-bench
// Each measurement repeats the work until at least `minimumSeconds` have passed and reports the
// median of several such batches, per operation.

let minimumSeconds = 0.3
let batches = 5

func measure(_ name: String, target: Double, _ body: () -> Void) {
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
}

var sink = 0.0
let scenario = Scenario.builtinDefault
let model = SafetyModel(scenario: scenario)
let x = [5, 10, 15, 10, 20, 10, 5, 5, 10, 10].map(Double.init)

if CommandLine.arguments.contains("--value") {
    // For Benchmarks/bench: V at the benchmark allocation and seconds per exact evaluation.
    let start = DispatchTime.now().uptimeNanoseconds
    let repeats = 200_000
    for _ in 0..<repeats { sink += model.safety(of: x, beliefs: scenario.beliefs) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(repeats)
    print(String(format: "V(x) = %.15f", model.safety(of: x, beliefs: scenario.beliefs)))
    print(String(format: "seconds per evaluation: %.3e", seconds))
    exit(sink == 42 ? 1 : 0)
}

print("alignscale-bench: built-in default scenario (10 programs, 3 required programs → 8 states)")
measure("evaluate: V(x), exact", target: 5e-6) { sink += model.safety(of: x, beliefs: scenario.beliefs) }
measure("gradient: ∂V/∂x, exact, reverse pass", target: 1e-3) {
    sink += model.safetyAndGradient(at: x, beliefs: scenario.beliefs).gradient[0]
}
measure("gradient: ∂V/∂x, exact, by toggling R_j", target: 1e-3) { sink += model.gradient(at: x, beliefs: scenario.beliefs)[0] }
measure("optimize, including the five heuristics", target: 50e-3) { sink += OptimizationReport(scenario: scenario).safety }
measure("voi (19 optimisations)", target: 1) { sink += ValueOfInformation(scenario: scenario).evpi }

// Many views (MODEL.md §9): run three times each, median reported.
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

// The race (MODEL.md §8): 1e5 trajectories, quarterly over 30 years, 10 programs, uncertain T and automation.
var racing = scenario
racing.timeline = Timeline(taiYears: .ci90(low: 4, high: 25), automationFactor: 3)
once("race 1e5 trajectories, 121 steps", target: 2) {
    RaceResult(scenario: racing, allocation: x, options: MonteCarloOptions(samples: 100_000, seed: 1), horizon: 30).safety
}
if sink == 42 { print(sink) }
