import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Monte Carlo over uncertain parameters (AlignmentScale.docc/UncertainParameters.md)")
struct MonteCarloTests {
    /// Spearman's ρ: the Pearson correlation of ranks (no ties in continuous draws).
    static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        func ranks(_ x: [Double]) -> [Double] {
            var r = [Double](repeating: 0, count: x.count)
            for (rank, index) in x.indices.sorted(by: { x[$0] < x[$1] }).enumerated() { r[index] = Double(rank) }
            return r
        }
        let ra = ranks(a)
        let rb = ranks(b)
        let mean = Double(a.count - 1) / 2
        var num = 0.0
        var da = 0.0
        var db = 0.0
        for i in a.indices {
            num += (ra[i] - mean) * (rb[i] - mean)
            da += (ra[i] - mean) * (ra[i] - mean)
            db += (rb[i] - mean) * (rb[i] - mean)
        }
        return num / (da * db).squareRoot()
    }

    /// Induced rank correlations within 0.03 of their targets at 10⁵ draws, across families
    /// (beta, lognormal, uniform, triangular), including a pair nobody correlated (target 0).
    @Test func inducedRankCorrelations() throws {
        let base = UncertainScenarios.make(seed: 2, programs: 3)
        let names = base.uncertainty.parameters.map(\.name)
        let targets: [(String, String, Double)] = [
            (names[0], names[1], 0.7),  // beta ~ lognormal
            (names[1], names[2], -0.4),  // lognormal ~ uniform
            (names[3], names[4], 0.5),  // triangular ~ beta
        ]
        let scenario = try Scenario(
            scale: base.scale, beliefs: base.beliefs, budget: base.budget, programs: base.programs,
            uncertainty: Uncertainty(
                parameters: base.uncertainty.parameters,
                correlations: targets.enumerated().map {
                    RankCorrelation(first: $1.0, second: $1.1, rank: $1.2, fieldPath: "correlations[\($0)]")
                }))
        let sampler = ParameterSampler(scenario: scenario)
        var source = RandomSource(seed: 77)
        let rows = (0..<100_000).map { _ in sampler.draw(using: &source) }
        func column(_ name: String) -> [Double] { rows.map { $0[names.firstIndex(of: name)!] } }
        for (a, b, rho) in targets {
            let measured = MonteCarloTests.spearman(column(a), column(b))
            #expect(abs(measured - rho) <= 0.03, "\(a) ~ \(b): \(measured) vs \(rho)")
        }
        #expect(abs(MonteCarloTests.spearman(column(names[0]), column(names[4]))) <= 0.03)
    }

    /// Correlations that cannot hold together are refused, naming the section.
    @Test func invalidCorrelationMatrix() {
        let base = UncertainScenarios.make(seed: 2, programs: 2)
        let n = base.uncertainty.parameters.map(\.name)
        let contradictory = [
            RankCorrelation(first: n[0], second: n[1], rank: 0.9, fieldPath: "correlations[0]"),
            RankCorrelation(first: n[1], second: n[2], rank: 0.9, fieldPath: "correlations[1]"),
            RankCorrelation(first: n[0], second: n[2], rank: -0.9, fieldPath: "correlations[2]"),
        ]
        #expect {
            _ = try Scenario(
                beliefs: base.beliefs, budget: base.budget, programs: base.programs,
                uncertainty: Uncertainty(parameters: base.uncertainty.parameters, correlations: contradictory))
        } throws: { ($0 as? InputError)?.path == "correlations" }
    }

    /// Each exported row's safety against the straightforward path: the row applied to the
    /// scenario (``ParameterSampler/instance(of:row:)``) and the exact model built from it.
    @Test("fast per-sample evaluation equals the exact model of the draw", arguments: 0..<6)
    func samplesMatchExactModel(seed: UInt64) {
        let scenario = UncertainScenarios.make(seed: seed, programs: 2 + Int(seed))
        let x = RandomScenarios.allocation(for: scenario, seed: seed)
        let sampler = ParameterSampler(scenario: scenario)
        var rows: [Double] = []
        let result = SampledEvaluation(
            scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 300, seed: seed, threads: 2),
            export: { rows += $0 })
        let width = sampler.width + 1
        #expect(rows.count == 300 * width)
        #expect(result.columns.count == width)
        var total = 0.0
        for i in 0..<300 {
            let row = Array(rows[(i * width)..<((i + 1) * width)])
            let instance = sampler.instance(of: scenario, row: Array(row.dropLast()))
            let exact = instance.model().safety(of: x, weights: instance.worlds.probabilities)
            #expect(abs(exact - row.last!) < 1e-13)
            total += exact
        }
        #expect(abs(total / 300 - result.mean) < 1e-12)
    }

    /// The same seed gives bit-identical results for 1, 2 and 3 threads; another seed differs.
    @Test func reproducibleForAnyThreadCount() {
        let scenario = UncertainScenarios.make(seed: 3, programs: 5)
        let x = scenario.statusQuo
        let runs = [1, 2, 3].map {
            SampledEvaluation(
                scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 20_000, seed: 42, threads: $0))
        }
        for run in runs.dropFirst() {
            #expect(run.mean == runs[0].mean)
            #expect(run.standardError == runs[0].standardError)
            #expect(run.percentiles == runs[0].percentiles)
            #expect(run.histogram == runs[0].histogram)
        }
        let other = SampledEvaluation(scenario: scenario, allocation: x, options: MonteCarloOptions(samples: 20_000, seed: 43))
        #expect(other.mean != runs[0].mean)
    }

    /// Percentiles from the fixed histogram against the order statistics of the exported draws:
    /// within one bin (1/65536) of the interval between neighbouring order statistics.
    @Test func percentilesMatchSortedSamples() {
        let scenario = UncertainScenarios.make(seed: 4, programs: 4)
        var values: [Double] = []
        let width = ParameterSampler(scenario: scenario).width + 1
        let result = SampledEvaluation(
            scenario: scenario, allocation: scenario.statusQuo, options: MonteCarloOptions(samples: 10_000, seed: 1),
            export: { rows in values += stride(from: width - 1, to: rows.count, by: width).map { rows[$0] } })
        values.sort()
        for (level, value) in zip(SampledEvaluation.percentileLevels, result.percentiles) {
            let position = Double(level) / 100 * Double(values.count)
            let low = values[max(Int(position) - 1, 0)]
            let high = values[min(Int(position), values.count - 1)]
            #expect(value >= low - 1.0 / 65536 && value <= high + 1.0 / 65536, "p\(level): \(value) not in [\(low), \(high)]")
        }
        #expect(result.minimum == values.first && result.maximum == values.last)
        #expect(result.histogram.reduce(0) { $0 + $1.count } == 10_000)
    }

    /// Without uncertainty every draw is the scenario itself: the mean is the exact V, the error 0.
    @Test func pointScenarioGivesExactValue() {
        let scenario = Scenario.builtinDefault.atMedians
        let result = SampledEvaluation(
            scenario: scenario, allocation: scenario.statusQuo, options: MonteCarloOptions(samples: 5000, seed: 1))
        #expect(abs(result.mean - result.safetyAtMedians) < 1e-14)
        #expect(result.standardError < 1e-14)
    }

    /// Dirichlet beliefs: each level's drawn belief has mean p_k and follows Beta(κp_k, κ(1 − p_k)).
    @Test func dirichletBeliefs() {
        let scenario = UncertainScenarios.make(seed: 1, programs: 2)
        let kappa = scenario.beliefConcentration!
        let sampler = ParameterSampler(scenario: scenario)
        var source = RandomSource(seed: 8)
        let n = 20_000
        let rows = (0..<n).map { _ in sampler.draw(using: &source) }
        let offset = scenario.uncertainty.parameters.count
        for (k, p) in scenario.beliefs.enumerated() {
            let draws = rows.map { $0[offset + k] }
            let statistic = RandomSourceTests.ksStatistic(draws) {
                SpecialFunctions.incompleteBeta($0, kappa * p, kappa * (1 - p))
            }
            #expect(statistic < 1.95 / Double(n).squareRoot(), "level \(k + 1): D = \(statistic)")
        }
        #expect(rows.allSatisfy { abs($0[offset...].reduce(0, +) - 1) < 1e-12 })
    }

    /// Chunks may finish in any order on several threads, but their results are used in chunk
    /// order: the exported rows are the one-thread run's, row for row. Progress is reported after
    /// each window of 4 chunks per thread and at the end, in order. A run cancelled after the first
    /// report stops early, keeping at least that window, and its rows are the full run's first.
    @Test("results in chunk order, progress by window, cancellation", arguments: [1, 2, 5])
    func chunkOrderProgressAndCancellation(threads: Int) {
        let scenario = UncertainScenarios.make(seed: 3, programs: 3)
        let chunk = MonteCarloOptions.chunkSize
        // Three windows and a bit: after the first report no worker takes more than one more chunk,
        // and none can have run more than a window ahead, so a cut run ends well short of the end.
        let samples = 3 * 4 * threads * chunk + 17
        func run(threads: Int, reports: Locked<[Int]>, stopAfterFirstReport: Bool = false) -> (SampledEvaluation, [Double]) {
            let rows = Locked<[Double]>([])
            var stop: (@Sendable () -> Bool)?
            if stopAfterFirstReport { stop = { !reports.value.isEmpty } }
            let options = MonteCarloOptions(
                samples: samples, seed: 7, threads: threads, progress: { value in reports.update { $0.append(value) } },
                isCancelled: stop)
            let result = SampledEvaluation(
                scenario: scenario, allocation: scenario.statusQuo, options: options,
                export: { block in rows.update { $0.append(contentsOf: block) } })
            return (result, rows.value)
        }
        let (one, oneRows) = run(threads: 1, reports: Locked([]))
        let reports = Locked<[Int]>([])
        let (many, manyRows) = run(threads: threads, reports: reports)
        #expect(many.samples == samples)
        // Compared as one truth value: a failure should not print four million numbers.
        #expect(manyRows.count == oneRows.count)
        let firstDifference = oneRows.indices.first { $0 >= manyRows.count || manyRows[$0] != oneRows[$0] }
        #expect(firstDifference == nil, "the rows differ from number \(firstDifference ?? -1) on")
        #expect(many.mean == one.mean)
        let window = 4 * threads * chunk
        #expect(reports.value == Array(stride(from: window, to: samples, by: window)) + [samples])

        let (cut, cutRows) = run(threads: threads, reports: Locked([]), stopAfterFirstReport: true)
        #expect(cut.samples >= window && cut.samples < samples)
        #expect(cutRows.count == cut.samples * (cut.columns.count))
        #expect(zip(cutRows, oneRows).allSatisfy { $0 == $1 }, "the cut run's rows are the full run's first ones")
    }
}
