import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import Foundation

/// libFuzzer entry: bytes as a scenario file (YAML or JSON, with distributions, correlations,
/// timelines and orderings). A scenario that loads is then evaluated exactly, sampled a little and
/// raced a little, so the numbers it holds go through the model too. Scale files are never read
/// (a fuzzed path such as /dev/zero would hang).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let data = Data(bytes: bytes, count: count)
    guard let document = try? Document(data: data, file: "fuzz"),
        let file = try? ScenarioFile(document: document, scaleFiles: .refused)
    else { return 0 }
    guard (try? Limits.server.check(file)) != nil else { return 0 }
    let scenario = file.scenario
    let problem = AllocationProblem(scenario: scenario)
    let x = scenario.currentAllocation
    _ = problem.safety(of: x)
    _ = Margins(problem: problem, allocation: x)
    _ = Evaluation(problem: problem, allocation: x)
    for heuristic in Heuristic.allCases where heuristic != .greedyMargin { _ = heuristic.allocation(for: problem) }
    let options = MonteCarloOptions(samples: 16, seed: 1, threads: 1)
    if scenario.isUncertain { _ = SampledEvaluation(scenario: scenario, allocation: x, options: options) }
    _ = try? file.locating {
        try AnalysisRunner.race(
            RaceRequest(trajectories: 16, seed: 1, horizon: 30), on: scenario, limits: Limits.server,
            context: RunContext(threads: 1))
    }
    return 0
}
