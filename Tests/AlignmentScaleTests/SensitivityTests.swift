import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Sensitivity: tornado and Sobol indices (AlignmentScale.docc/UncertainParameters.md)")
struct SensitivityTests {
    /// Ishigami, f = sin x₁ + a·sin²x₂ + b·x₃⁴·sin x₁ with xᵢ ~ U(−π, π), a = 7, b = 0.1, whose
    /// indices are known in closed form (Ishigami and Homma 1990; Sobol' and Levitan 1999):
    /// V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V₁ = (1 + bπ⁴/5)²/2, V₂ = a²/8, V₁₃ = 8b²π⁸/225.
    /// Each estimate must lie within 4 bootstrap standard errors (the 95% half-width / 1.96).
    @Test func ishigamiIndices() {
        let a = 7.0
        let b = 0.1
        let pi = Double.pi
        let variance = a * a / 8 + b * pow(pi, 4) / 5 + b * b * pow(pi, 8) / 18 + 0.5
        let v1 = 0.5 * pow(1 + b * pow(pi, 4) / 5, 2)
        let v2 = a * a / 8
        let v13 = 8 * b * b * pow(pi, 8) / 225
        let first = [v1 / variance, v2 / variance, 0]
        let total = [(v1 + v13) / variance, v2 / variance, v13 / variance]
        let n = 20_000
        func matrix(_ stream: UInt64) -> [Double] {
            var source = RandomSource(seed: 11, stream: stream)
            return (0..<(3 * n)).map { _ in -pi + 2 * pi * source.uniform() }
        }
        let indices = SobolIndices(
            factors: ["x1", "x2", "x3"], columns: [0..<1, 1..<2, 2..<3], width: 3, a: matrix(0), b: matrix(1), bootstrap: 300,
            seed: 5, threads: 2,
            makeFunction: { { x in sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0]) } })
        #expect(abs(indices.variance - variance) < 0.05 * variance)
        for k in 0..<3 {
            let s = indices.firstOrder[k]
            let t = indices.total[k]
            let seFirst = (s.high - s.low) / (2 * 1.96)
            let seTotal = (t.high - t.low) / (2 * 1.96)
            #expect(abs(s.value - first[k]) <= 4 * seFirst, "S\(k + 1) = \(s.value) vs \(first[k]) (se \(seFirst))")
            #expect(abs(t.value - total[k]) <= 4 * seTotal, "ST\(k + 1) = \(t.value) vs \(total[k]) (se \(seTotal))")
            #expect(s.low <= s.value && s.value <= s.high && t.low <= t.value && t.value <= t.high)
        }
    }

    /// A purely additive function f = x₁ + 2·x₂ of independent uniforms: S = ST = (1/5, 4/5).
    @Test func additiveFunction() {
        let n = 8000
        func matrix(_ stream: UInt64) -> [Double] {
            var source = RandomSource(seed: 3, stream: stream)
            return (0..<(2 * n)).map { _ in source.uniform() }
        }
        let indices = SobolIndices(
            factors: ["x1", "x2"], columns: [0..<1, 1..<2], width: 2, a: matrix(0), b: matrix(1), bootstrap: 200, seed: 1,
            threads: 1, makeFunction: { { $0[0] + 2 * $0[1] } })
        for (k, exact) in [0.2, 0.8].enumerated() {
            let t = indices.total[k]
            #expect(abs(t.value - exact) <= 4 * (t.high - t.low) / (2 * 1.96))
            let s = indices.firstOrder[k]
            #expect(abs(s.value - exact) <= 4 * (s.high - s.low) / (2 * 1.96))
        }
    }

    /// Each tornado bar's optimal safety is the optimum of the problem rewritten by hand with that
    /// parameter at its 5th or 95th percentile; bars are sorted by swing. (A problem, not a scenario:
    /// a baseline at its 95th percentile may reach the ceiling, which a scenario refuses and a draw allows.)
    @Test func tornadoBarsAreReSolvedOptima() throws {
        let scenario = UncertainScenarios.make(seed: 7, programs: 3)  // odd seed: Dirichlet beliefs too
        let result = try Sensitivity(scenario: scenario, options: MonteCarloOptions(samples: 256, seed: 2), bootstrap: 20)
        #expect(zip(result.tornado, result.tornado.dropFirst()).allSatisfy { $0.swing >= $1.swing })
        #expect(result.tornado.count == scenario.uncertainty.parameters.count)
        for bar in result.tornado.prefix(3) {
            let parameter = scenario.uncertainty.parameters.first { $0.name == bar.parameter }!
            #expect(abs(bar.low - parameter.distribution.quantile(0.05)) < 1e-12)
            var (programs, stopBaseline, misuseBaseline) = (scenario.programs, scenario.stopBaseline, scenario.misuseBaseline)
            switch parameter.target {
            case .stopBaseline: stopBaseline = bar.high
            case .misuseBaseline: misuseBaseline = bar.high
            case let .program(j, field):
                programs[j][field] = bar.high
                programs[j].ceiling = max(programs[j].ceiling, programs[j].baseline)
            case .stopBaselineAtLevel, .misuseBaselineAtLevel, .programAtLevel:
                Issue.record("the uncertain scenarios of this test have no values by level")
            }
            #expect(scenario.orderings.isEmpty && scenario.structure.isPlain)
            let moved = AllocationProblem(
                model: SafetyModel(
                    programs: programs, levelCount: scenario.scale.levelCount, stopBaseline: stopBaseline,
                    misuseBaseline: misuseBaseline),
                worlds: scenario.worlds, lower: scenario.minimums, upper: scenario.maximums, budget: scenario.budget,
                frontier: scenario.frontier)
            let optimum = Optimum(problem: moved).safety
            #expect(abs(optimum - bar.safetyAtHigh) < 1e-7, "\(bar.parameter): \(optimum) vs \(bar.safetyAtHigh)")
        }
        #expect(result.sobol.factors == scenario.uncertainty.parameters.map(\.name) + ["beliefs"])
    }

    @Test func scenarioWithoutUncertaintyIsAnError() {
        #expect(throws: InputError.self) {
            try Sensitivity(scenario: Scenario.builtinDefault.atMedians, options: MonteCarloOptions(samples: 64))
        }
    }
}
