import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Optimisation and margins under uncertainty (AlignmentScale.docc/UncertainParameters.md)")
struct SampledOptimizationTests {
    /// The draws of a run of at most one chunk (4096): stream 0 of the seed, drawn in order.
    static func draws(_ scenario: Scenario, count: Int, seed: UInt64) -> [ScenarioInstance] {
        precondition(count <= MonteCarloOptions.chunkSize)
        let sampler = ParameterSampler(scenario: scenario)
        var source = RandomSource(seed: seed, stream: 0)
        return (0..<count).map { _ in sampler.instance(of: scenario, row: sampler.draw(using: &source)) }
    }

    /// V of each draw at x through the exact model of the draw: the straightforward path.
    static func values(_ instances: [ScenarioInstance], levels: Int, at x: [Double]) -> [Double] {
        values(instances.map { ($0.model(), $0.worlds.probabilities) }, at: x)
    }

    static func values(_ models: [(SafetyModel, [Double])], at x: [Double]) -> [Double] {
        models.map { $0.0.safety(of: x, weights: $0.1) }
    }

    static func objective(_ values: [Double], _ measure: RiskMeasure) -> Double {
        switch measure {
        case .mean: return values.reduce(0, +) / Double(values.count)
        case .cvar(let alpha):
            let m = Int((alpha * Double(values.count)).rounded(.up))
            return values.sorted().prefix(m).reduce(0, +) / Double(m)
        }
    }

    /// On two-program scenarios, the SAA optimum is at least as good as every point of a 41×41
    /// grid over the feasible set, each evaluated through the exact model of every draw; and the
    /// value it reports is that objective at its allocation.
    @Test(
        "SAA optimum beats an exhaustive grid",
        arguments: [(UInt64(0), RiskMeasure.mean), (1, .mean), (2, .cvar(alpha: 0.2)), (3, .cvar(alpha: 0.5))])
    func beatsGrid(seed: UInt64, measure: RiskMeasure) {
        let scenario = UncertainScenarios.make(seed: 10 + seed, programs: 2)
        let n = 150
        let result = SampledOptimization(
            scenario: scenario, measure: measure, options: MonteCarloOptions(samples: n, seed: seed), spreadDraws: 5)
        let instances = SampledOptimizationTests.draws(scenario, count: n, seed: seed)
        let levels = scenario.scale.levelCount
        let reported = SampledOptimizationTests.objective(
            SampledOptimizationTests.values(instances, levels: levels, at: result.allocation), measure)
        #expect(abs(reported - result.objective) < 1e-12)
        let models = instances.map { ($0.model(), $0.worlds.probabilities) }
        var bestGrid = -Double.infinity
        let steps = 40
        for a in 0...steps {
            for b in 0...(steps - a) {
                let x = [Double(a), Double(b)].map { $0 / Double(steps) * scenario.budget }
                let v = SampledOptimizationTests.objective(SampledOptimizationTests.values(models, at: x), measure)
                bestGrid = max(bestGrid, v)
            }
        }
        #expect(result.objective >= bestGrid - 1e-9, "SAA \(result.objective) vs grid \(bestGrid)")
    }

    /// The same seed gives the same allocation whatever the thread count; the out-of-sample mean is
    /// the mean of a plain Monte Carlo evaluation with the fresh seed.
    @Test func reproducibleAndOutOfSampleConsistent() {
        let scenario = UncertainScenarios.make(seed: 21, programs: 4)
        let one = SampledOptimization(
            scenario: scenario, options: MonteCarloOptions(samples: 600, seed: 9, threads: 1), spreadDraws: 10)
        let two = SampledOptimization(
            scenario: scenario, options: MonteCarloOptions(samples: 600, seed: 9, threads: 2), spreadDraws: 10)
        #expect(one.allocation == two.allocation)
        #expect(one.objective == two.objective)
        let fresh = SampledEvaluation(
            scenario: scenario, allocation: one.allocation,
            options: MonteCarloOptions(samples: 600, seed: 9 ^ SampledOptimization.freshSeedMask))
        #expect(abs(fresh.mean - one.outOfSample.mean) < 1e-12)
        #expect(one.spread.draws == 10)
        #expect(one.spread.percentiles == two.spread.percentiles)
        #expect(one.heuristics.allSatisfy { $0.regret >= -1e-9 })
    }

    /// Mean marginal values and P(marginal < 0) against the toggling gradient of each draw's exact model.
    @Test func marginsMatchPerDrawGradients() {
        let scenario = UncertainScenarios.make(seed: 5, programs: 6)
        let x = RandomScenarios.allocation(for: scenario, seed: 5)
        let n = 800
        let sampled = SampledMargins(scenario: scenario, allocation: x, options: MonteCarloOptions(samples: n, seed: 3))
        let gradients = SampledOptimizationTests.draws(scenario, count: n, seed: 3).map {
            $0.model().gradient(at: x, weights: $0.worlds.probabilities)
        }
        for (j, row) in sampled.programs.enumerated() {
            let column = gradients.map { $0[j] }
            let mean = column.reduce(0, +) / Double(n)
            #expect(abs(row.meanMarginal - mean) <= 1e-10 * max(abs(mean), column.map(abs).max()!))
            // A draw whose marginal is within rounding of 0 could fall either side.
            let negatives = column.filter { $0 < 0 }.count
            let ambiguous = column.filter { abs($0) < 1e-12 }.count
            #expect(abs(Double(negatives) - row.probabilityNegative * Double(n)) <= Double(ambiguous) + 1e-9)
        }
    }
}
