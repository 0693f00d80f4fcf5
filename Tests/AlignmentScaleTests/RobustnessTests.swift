import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Decisions that survive being wrong: alignscale robust")
struct RobustnessTests {
    /// The q-quantile by linear interpolation between order statistics, written out here (NumPy's
    /// default, `numpy.quantile(..., method="linear")`).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let x = values.sorted()
        let position = q * Double(x.count - 1)
        let below = Int(floor(position))
        let above = min(below + 1, x.count - 1)
        return x[below] * (1 - (position - Double(below))) + x[above] * (position - Double(below))
    }

    /// Each draw's exact model, drawn as the documentation says (draw s from stream s of the seed).
    static func drawnProblems(_ scenario: Scenario, draws: Int, seed: UInt64) -> [AllocationProblem] {
        let sampler = ParameterSampler(scenario: scenario)
        return (0..<draws).map { s in
            var source = RandomSource(seed: seed, stream: UInt64(s))
            let instance = sampler.instance(of: scenario, row: sampler.draw(using: &source))
            return AllocationProblem(
                model: instance.model(), worlds: instance.worlds, lower: scenario.minimums, upper: scenario.maximums,
                budget: scenario.budget, frontier: scenario.frontier)
        }
    }

    /// Every candidate's values re-evaluated through each draw's exact model; each draw's optimum
    /// at least what a full multi-start optimisation of that draw finds here; every statistic
    /// recomputed from the regrets; the table sorted by the largest regret.
    @Test("regret statistics recomputed from the draws", arguments: [UInt64(0), 1, 2])
    func statisticsFromTheDraws(seed: UInt64) {
        let scenario = UncertainScenarios.make(seed: 40 + seed, programs: 3)
        let draws = 40
        let epsilon = 0.005
        let result = Robustness(
            scenario: scenario, options: Robustness.Options(draws: draws, seed: 7 + seed, within: epsilon, threads: 2))
        let problems = Self.drawnProblems(scenario, draws: draws, seed: 7 + seed)
        for (s, problem) in problems.enumerated() {
            let own = Optimizer.maximize(problem, options: Optimizer.Options(randomStarts: 16))
            #expect(result.optima[s] >= own.safety - 1e-9, "draw \(s): \(result.optima[s]) vs \(own.safety)")
            #expect(abs(problem.safety(of: result.optimumAllocations[s]) - result.optima[s]) < 1e-9)
        }
        #expect(result.candidates.map(\.name) == Robustness.candidateNames(for: scenario))
        for c in result.candidates {
            let values = problems.map { $0.safety(of: c.allocation) }
            #expect(zip(values, c.values).allSatisfy { abs($0 - $1) < 1e-12 })
            let regrets = zip(result.optima, values).map { $0 - $1 }
            #expect(regrets.allSatisfy { $0 >= -1e-12 })
            #expect(abs(c.meanRegret - regrets.reduce(0, +) / Double(draws)) < 1e-12)
            #expect(abs(c.medianRegret - Self.quantile(regrets, 0.5)) < 1e-12)
            #expect(abs(c.p95Regret - Self.quantile(regrets, 0.95)) < 1e-12)
            #expect(abs(c.maxRegret - (regrets.max() ?? 0)) < 1e-12)
            #expect(c.within == Double(regrets.filter { $0 <= epsilon + 1e-13 }.count) / Double(draws))
        }
        let ranked = result.ranked.map(\.maxRegret)
        #expect(ranked == ranked.sorted())
    }

    /// minimax-regret's largest regret is no larger than any other candidate's, and mean-optimum's
    /// mean regret no larger than any other's; on two programs both are checked against an
    /// exhaustive grid over the feasible set, each point scored through every draw's exact model.
    @Test("minimax-regret and mean-optimum against every candidate and a grid", arguments: [UInt64(3), 4, 5])
    func minimaxAndMeanAgainstAGrid(seed: UInt64) {
        let scenario = UncertainScenarios.make(seed: 60 + seed, programs: 2)
        let draws = 30
        let result = Robustness(scenario: scenario, options: Robustness.Options(draws: draws, seed: seed, threads: 2))
        let minimax = result.candidate(Robustness.minimaxRegretName)!
        let mean = result.candidate(Robustness.meanOptimumName)!
        for c in result.candidates {
            #expect(minimax.maxRegret <= c.maxRegret + 1e-15, "\(c.name)")
            #expect(mean.meanRegret <= c.meanRegret + 1e-15, "\(c.name)")
        }
        let problems = Self.drawnProblems(scenario, draws: draws, seed: seed)
        let steps = 60
        var gridWorst = Double.infinity
        var gridMean = Double.infinity
        for a in 0...steps {
            for b in 0...(steps - a) {
                let x = [Double(a), Double(b)].map { $0 / Double(steps) * scenario.budget }
                let regrets = zip(problems, result.optima).map { $1 - $0.safety(of: x) }
                gridWorst = min(gridWorst, regrets.max()!)
                gridMean = min(gridMean, regrets.reduce(0, +) / Double(draws))
            }
        }
        // The smoothing leaves at most τ·log S ≈ 1e-7·3.4 on the table; the grid cannot do better.
        #expect(minimax.maxRegret <= gridWorst + 1e-6, "minimax \(minimax.maxRegret) vs grid \(gridWorst)")
        #expect(mean.meanRegret <= gridMean + 1e-9, "mean \(mean.meanRegret) vs grid \(gridMean)")
    }

    /// Every witness is feasible, holds the end's amount and is within ε of the optimum, each
    /// evaluated here through the scenario's exact model; just beyond an exact interior end, the
    /// best allocation with that amount (a full optimisation with the amount fixed) falls short.
    @Test("near-optimal ranges: witnesses within ε, and nothing within ε just beyond an end", arguments: [UInt64(0), 1])
    func rangesAndWitnesses(seed: UInt64) {
        let scenario = UncertainScenarios.make(seed: 80 + seed, programs: 4)
        let epsilon = 0.01
        let result = Robustness(
            scenario: scenario, options: Robustness.Options(draws: 4, seed: seed, within: epsilon, threads: 2))
        let problem = AllocationProblem(scenario: scenario)
        let best = problem.safety(of: result.medianOptimum.allocation)
        let step = 1e-3 * scenario.budget
        for r in result.ranges {
            let j = r.program
            #expect(r.low <= r.optimum + 1e-12 && r.optimum <= r.high + 1e-12)
            for (witness, end) in [(r.witnessLow, r.low), (r.witnessHigh, r.high)] {
                #expect(abs(witness[j] - end) < 1e-9)
                #expect(witness.reduce(0, +) <= scenario.budget + 1e-9)
                #expect(zip(witness, scenario.minimums).allSatisfy { $0 >= $1 - 1e-12 })
                #expect(zip(witness, scenario.maximums).allSatisfy { $0 <= $1 + 1e-12 })
                #expect(problem.safety(of: witness) >= best - epsilon - 1e-12)
            }
            func bestWith(_ t: Double) -> Double {
                var lower = scenario.minimums
                var upper = scenario.maximums
                lower[j] = t
                upper[j] = t
                let fixed = AllocationProblem(
                    model: problem.model, worlds: problem.worlds, lower: lower, upper: upper, budget: scenario.budget,
                    frontier: scenario.frontier)
                return Optimizer.maximize(fixed, options: Optimizer.Options(randomStarts: 16)).safety
            }
            if r.lowExact && r.low > scenario.minimums[j] + step {
                #expect(bestWith(r.low - step) < best - epsilon, "\(r.id) below \(r.low)")
            }
            if r.highExact && r.high < scenario.maximums[j] - step && r.high < scenario.budget - step {
                #expect(bestWith(r.high + step) < best - epsilon, "\(r.id) above \(r.high)")
            }
        }
    }

    /// Each switch point's two sides, re-optimised here from many more starts, give the funded
    /// sets it reports.
    @Test("switch points: both sides re-optimised give the two funded sets")
    func switchPoints() {
        var checked = 0
        for seed in UInt64(0)..<6 where checked < 4 {
            let scenario = UncertainScenarios.make(seed: 100 + seed, programs: 3)
            let result = Robustness(scenario: scenario, options: Robustness.Options(draws: 2, seed: seed, threads: 2))
            let sampler = ParameterSampler(scenario: scenario)
            for point in result.switchPoints {
                let c = sampler.parameters.firstIndex { $0.name == point.parameter }!
                let d = sampler.parameters[c].distribution
                #expect(
                    point.below < point.above && point.above - point.below <= 1e-6 * (d.quantile(0.95) - d.quantile(0.05)) + 1e-15
                )
                #expect(point.below <= point.value && point.value <= point.above)
                for (value, funded) in [(point.below, point.fundedBelow), (point.above, point.fundedAbove)] {
                    var row = sampler.parameters.map(\.distribution.median)
                    if sampler.beliefConcentration != nil { row += scenario.beliefs }
                    row[c] = value
                    let instance = sampler.instance(of: scenario, row: row)
                    let problem = AllocationProblem(
                        model: instance.model(), worlds: instance.worlds, lower: scenario.minimums, upper: scenario.maximums,
                        budget: scenario.budget, frontier: scenario.frontier)
                    let x = Optimizer.maximize(problem, options: Optimizer.Options(randomStarts: 32, seed: 99)).allocation
                    #expect(x.indices.filter { x[$0] > 0.01 * scenario.budget } == funded, "\(point.parameter) at \(value)")
                }
                checked += 1
            }
        }
        #expect(checked > 0, "no scenario had a switch point to check")
    }

    /// The same seed gives the same answer on 1 and 3 threads, to the last bit.
    @Test("reproducible whatever the threads")
    func threads() {
        let scenario = UncertainScenarios.make(seed: 41, programs: 3)
        let event = Robustness.Event.regret(candidate: "equal", above: 0.01)
        let one = Robustness(scenario: scenario, options: Robustness.Options(draws: 25, seed: 3, discover: event, threads: 1))
        let three = Robustness(scenario: scenario, options: Robustness.Options(draws: 25, seed: 3, discover: event, threads: 3))
        #expect(one.optima == three.optima)
        #expect(one.candidates.map(\.allocation) == three.candidates.map(\.allocation))
        #expect(one.candidates.map(\.values) == three.candidates.map(\.values))
        #expect(one.ranges.map(\.low) == three.ranges.map(\.low) && one.ranges.map(\.high) == three.ranges.map(\.high))
        #expect(one.switchPoints == three.switchPoints)
        #expect(one.discovery == three.discovery)
    }
}

@Suite("Scenario discovery: PRIM's peeling")
struct ScenarioDiscoveryTests {
    /// PRIM's peeling written out plainly from its description: every feature, both sides, the
    /// best density, ties to the first; the whole trajectory with the bounds after each step.
    static func peel(_ values: [[Double]], _ events: [Bool], alpha: Double = 0.05, minimumMass: Double = 0.05)
        -> [(coverage: Double, density: Double, mass: Double, low: [Double?], high: [Double?])]
    {
        let n = events.count
        let total = Double(events.filter { $0 }.count)
        var inBox = [Bool](repeating: true, count: n)
        var low = [Double?](repeating: nil, count: values.count)
        var high = [Double?](repeating: nil, count: values.count)
        func summary() -> (Double, Double, Double, [Double?], [Double?]) {
            let members = (0..<n).filter { inBox[$0] }
            let hits = Double(members.filter { events[$0] }.count)
            return (hits / total, hits / Double(members.count), Double(members.count) / Double(n), low, high)
        }
        var out = [summary()]
        while true {
            var best: (density: Double, feature: Int, upper: Bool, q: Double)? = nil
            for f in values.indices {
                let inside = (0..<n).filter { inBox[$0] }.map { values[f][$0] }
                for upper in [false, true] {
                    let q = RobustnessTests.quantile(inside, upper ? 1 - alpha : alpha)
                    let kept = (0..<n).filter { inBox[$0] && (upper ? values[f][$0] <= q : values[f][$0] >= q) }
                    let removed = (0..<n).filter { inBox[$0] }.count - kept.count
                    if removed == 0 || Double(kept.count) < minimumMass * Double(n) { continue }
                    let density = Double(kept.filter { events[$0] }.count) / Double(kept.count)
                    if best == nil || density > best!.density { best = (density, f, upper, q) }
                }
            }
            guard let step = best else { break }
            for i in 0..<n where inBox[i] {
                if step.upper ? values[step.feature][i] > step.q : values[step.feature][i] < step.q { inBox[i] = false }
            }
            if step.upper { high[step.feature] = step.q } else { low[step.feature] = step.q }
            out.append(summary())
        }
        return out
    }

    /// On random data with an event planted in a box, the code's trajectory equals the plain
    /// re-implementation's step by step, and the chosen box's bounds are the re-implementation's
    /// bounds at the first box reaching the threshold.
    @Test("peeling equals a plain re-implementation, step by step", arguments: [UInt64(1), 2, 3])
    func againstPlainPeeling(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let n = 400
        let values = (0..<4).map { _ in (0..<n).map { _ in rng.nextUniform() } }
        // The event: mostly inside x0 > 0.6 and x2 < 0.5, with some noise.
        let events = (0..<n).map { i in
            (values[0][i] > 0.6 && values[2][i] < 0.5) ? rng.nextUniform() < 0.9 : rng.nextUniform() < 0.05
        }
        let features = ["x0", "x1", "x2", "x3"]
        let threshold = 0.85
        let found = ScenarioDiscovery(values: values, features: features, events: events, threshold: threshold)
        let plain = Self.peel(values, events)
        #expect(found.trajectory.count == plain.count)
        for (a, b) in zip(found.trajectory, plain) {
            #expect(abs(a.coverage - b.coverage) < 1e-15 && abs(a.density - b.density) < 1e-15 && abs(a.mass - b.mass) < 1e-15)
        }
        let chosen = plain.firstIndex { $0.density >= threshold } ?? plain.indices.max { plain[$0].density < plain[$1].density }!
        #expect(found.chosen == chosen)
        let bounds = features.indices.filter { plain[chosen].low[$0] != nil || plain[chosen].high[$0] != nil }
        #expect(found.bounds.map(\.feature) == bounds.map { features[$0] })
        for (bound, f) in zip(found.bounds, bounds) {
            // The same quantile, interpolated by two algebraically equal formulas: equal to rounding.
            #expect((bound.low == nil) == (plain[chosen].low[f] == nil) && (bound.high == nil) == (plain[chosen].high[f] == nil))
            #expect(abs((bound.low ?? 0) - (plain[chosen].low[f] ?? 0)) < 1e-12)
            #expect(abs((bound.high ?? 0) - (plain[chosen].high[f] ?? 0)) < 1e-12)
        }
        // The planted region is what it finds: x0 bounded below and x2 above, both well inside.
        let x0 = found.bounds.first { $0.feature == "x0" }
        let x2 = found.bounds.first { $0.feature == "x2" }
        #expect(x0?.low.map { $0 > 0.5 } == true)
        #expect(x2?.high.map { $0 < 0.75 } == true)
    }

    /// With no event, or only events, there is nothing to peel.
    @Test("nothing to find when the event never or always happens")
    func degenerate() {
        let values = [(0..<50).map(Double.init)]
        for events in [[Bool](repeating: false, count: 50), [Bool](repeating: true, count: 50)] {
            let found = ScenarioDiscovery(values: values, features: ["x"], events: events, threshold: 0.8)
            #expect(found.trajectory.count == 1 && found.bounds.isEmpty)
        }
    }
}
