import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("The study (AlignmentScale.docc/TheStudy.md)")
struct StudyTests {
    /// Two techniques (levels 2 and 5 of a five-level scale, frontier 3) and a governance program.
    static func small() throws -> Scenario {
        let scale = try Scale(
            levels: (1...5).map {
                Level(number: $0, name: "L\($0)", technique: "", band: .green, summary: "", risks: [], impossible: $0 == 5)
            }, thresholds: [Threshold(after: 2, name: "two"), Threshold(after: 3, name: "three")], failureModes: [])
        return try Scenario(
            scale: scale, beliefs: [0.1, 0.3, 0.3, 0.2, 0.1], budget: 10, stopBaseline: 0.3, misuseBaseline: 0.1, frontier: 3,
            programs: [
                Program(id: "low", level: 2, baseline: 0.5, scale: 4, backfire: 0.4),
                Program(id: "high", level: 4, baseline: 0.1, scale: 15, backfire: 0.1, evidence: 0.2),
                Program(id: "gov", kind: .governance, baseline: 0.2, scale: 6, misuseReduction: 0.5),
            ])
    }

    /// Every case (with either search) against `optimize` and `margins` run on a scenario with that
    /// case's beliefs, and every statistic recomputed here from the cases by its definition in
    /// AlignmentScale.docc/TheStudy.md.
    @Test func statisticsByHand() throws {
        let scenario = try Self.small()
        let study = Study(scenario: scenario, options: Study.Options(cases: 40, seed: 11, beliefs: .concentrated(3), threads: 2))
        #expect(study.cases.count == 40)
        for c in study.cases {
            let own = try scenario.changing { $0.beliefs = c.beliefs }
            let report = Optimum(scenario: own)
            #expect(c.optimum >= report.safety - 1e-9, "the study's optimum is worse than optimize's")
            #expect(abs(c.optimum - AllocationProblem(scenario: own).safety(of: c.allocation)) < 1e-14)
            #expect(zip(c.heuristicSafety, report.heuristics.map(\.safety)).allSatisfy { abs($0 - $1) < 1e-14 })
            let margins = Margins(scenario: own, allocation: own.statusQuo)
            for (j, program) in scenario.programs.enumerated() {
                let marginal = margins.programs.first { $0.id == program.id }!.marginal
                #expect(abs(c.marginalsAtStatusQuo[j] - marginal) <= 1e-14 * max(1, abs(marginal)))
            }
            #expect(abs(c.expectedLevel - zip(1...5, c.beliefs).reduce(0) { $0 + Double($1.0) * $1.1 }) < 1e-14)
            #expect(abs(c.aboveThresholds[0] - (c.beliefs[2] + c.beliefs[3] + c.beliefs[4])) < 1e-14)
            #expect(abs(c.aboveThresholds[1] - (c.beliefs[3] + c.beliefs[4])) < 1e-14)
        }
        // The default search is the quick one; the full one is held to `optimize` too.
        #expect(study.options.search == .quick)
        let full = Study(
            scenario: scenario, options: Study.Options(cases: 40, seed: 11, beliefs: .concentrated(3), threads: 2, search: .full))
        for c in full.cases {
            let own = try scenario.changing { $0.beliefs = c.beliefs }
            #expect(c.optimum >= Optimum(scenario: own).safety - 1e-9, "the full study's optimum is worse than optimize's")
        }
        let n = Double(study.cases.count)
        for (h, summary) in study.heuristics.enumerated() {
            let regrets = study.cases.map { $0.optimum - $0.heuristicSafety[h] }.sorted()
            #expect(abs(summary.meanRegret - regrets.reduce(0, +) / n) < 1e-15)
            // Linear interpolation between order statistics (NumPy's default), written out here.
            func quantile(_ q: Double) -> Double {
                let h = q * (n - 1)
                let i = Int(h)
                return regrets[i] + (h - Double(i)) * (regrets[min(i + 1, regrets.count - 1)] - regrets[i])
            }
            #expect(abs(summary.medianRegret - quantile(0.5)) < 1e-15)
            #expect(abs(summary.p95Regret - quantile(0.95)) < 1e-15)
            #expect(summary.withinOnePoint == Double(regrets.filter { $0 <= 0.01 }.count) / n)
            let best = study.cases.filter { c in c.heuristicSafety[h] >= c.heuristicSafety.max()! - 1e-12 }.count
            #expect(summary.best == Double(best) / n)
        }
        // Only "high" (level 4) is past the frontier (3).
        #expect(study.marginClaim.techniques == [1])
        let positive = study.cases.filter { $0.marginalsAtStatusQuo[1] > 0 }.count
        #expect(study.marginClaim.statusQuo == Double(positive) / n)
        #expect(study.marginClaim.optimum == Double(study.cases.filter { $0.marginalsAtOptimum[1] > 0 }.count) / n)
        #expect(
            study.marginClaim.netNegativeAtStatusQuo == [Double(study.cases.filter { $0.marginalsAtStatusQuo[1] < 0 }.count) / n])
        for (j, program) in study.programs.enumerated() {
            let shares = study.cases.map { $0.allocation[j] / 10 }
            #expect(abs(program.meanShare - shares.reduce(0, +) / n) < 1e-15)
            #expect(program.funded == Double(shares.filter { $0 > 0.01 }.count) / n)
        }
        // Bins of E[k] over [1, 5]: width 0.4.
        #expect(study.byDifficulty.binEdges.first == 1 && study.byDifficulty.binEdges.last == 5)
        #expect(study.byDifficulty.cases.reduce(0, +) == 40)
        for bin in 0..<10 {
            let members = study.cases.filter { min(9, Int(($0.expectedLevel - 1) / 0.4)) == bin }
            #expect(study.byDifficulty.cases[bin] == members.count)
            for j in 0..<3 {
                if members.isEmpty {
                    #expect(study.byDifficulty.shares[j][bin] == nil)
                } else {
                    let mean = members.reduce(0) { $0 + $1.allocation[j] / 10 } / Double(members.count)
                    #expect(abs((study.byDifficulty.shares[j][bin] ?? .nan) - mean) < 1e-15)
                }
            }
        }
    }

    /// The same seed gives the same study for any number of threads; cases are independent (the
    /// first cases of a longer study are the cases of a shorter one).
    @Test func reproducibleAndIndependent() throws {
        let scenario = RandomScenarios.withOrderings(RandomScenarios.make(seed: 77, programs: 6), seed: 3)
        let one = Study(scenario: scenario, options: Study.Options(cases: 30, seed: 5, threads: 1))
        let three = Study(scenario: scenario, options: Study.Options(cases: 30, seed: 5, threads: 3))
        let longer = Study(scenario: scenario, options: Study.Options(cases: 45, seed: 5, threads: 2))
        #expect(one.cases.map(\.allocation) == three.cases.map(\.allocation))
        #expect(one.cases.map(\.beliefs) == Array(longer.cases.prefix(30)).map(\.beliefs))
        #expect(one.cases.map(\.optimum) == Array(longer.cases.prefix(30)).map(\.optimum))
        #expect(one.heuristics.map(\.meanRegret) == three.heuristics.map(\.meanRegret))
        let other = Study(scenario: scenario, options: Study.Options(cases: 30, seed: 6, threads: 1))
        #expect(other.cases.map(\.beliefs) != one.cases.map(\.beliefs))
    }

    /// The flat Dirichlet has mean 1/N for every level; the concentrated one has the scenario's
    /// beliefs as its mean. Each mean checked within 4 standard errors of the draws.
    @Test func beliefProfiles() throws {
        let scenario = Scenario.builtinDefault
        for (beliefs, mean) in [
            (Study.Beliefs.uniform, [Double](repeating: 0.1, count: 10)), (.concentrated(2), scenario.beliefs),
        ] {
            let study = Study(scenario: scenario, options: Study.Options(cases: 400, seed: 9, beliefs: beliefs))
            for k in 0..<10 {
                let draws = study.cases.map { $0.beliefs[k] }
                let average = draws.reduce(0, +) / 400
                let variance = draws.reduce(0) { $0 + ($1 - average) * ($1 - average) } / 399
                #expect(abs(average - mean[k]) <= 4 * (variance / 400).squareRoot(), "level \(k + 1)")
            }
            #expect(study.cases.allSatisfy { abs($0.beliefs.reduce(0, +) - 1) < 1e-12 })
        }
    }

    /// With uncertain parameters, each case draws them once; with orderings, the case's beliefs
    /// replace the scenario's where an ordering has none of its own.
    @Test func uncertainParametersAndOrderings() throws {
        let scenario = UncertainScenarios.make(seed: 4, programs: 4)
        let study = Study(scenario: scenario, options: Study.Options(cases: 8, seed: 2, threads: 2))
        #expect(study.parameterColumns == ParameterSampler(scenario: scenario, ignoringBeliefs: true).columns)
        #expect(Set(study.cases.map { $0.parameters }).count == 8)
        let sampler = ParameterSampler(scenario: scenario, ignoringBeliefs: true)
        for c in study.cases {
            let instance = sampler.instance(of: scenario, row: c.parameters)
            let problem = AllocationProblem(
                model: instance.model(), worlds: scenario.worlds.reweighted(beliefs: c.beliefs), lower: scenario.minimums,
                upper: scenario.maximums, budget: scenario.budget, frontier: scenario.frontier)
            #expect(abs(problem.safety(of: c.allocation) - c.optimum) < 1e-14)
        }
    }

    /// With no technique past the frontier the margin claim is not applicable, not 100%.
    @Test func noTechniquePastTheFrontier() throws {
        let scenario = try Self.small().changing { $0.frontier = 4.5 }
        let study = Study(scenario: scenario, options: Study.Options(cases: 5, seed: 1, threads: 1))
        #expect(study.marginClaim.statusQuo == nil && study.marginClaim.optimum == nil)
        #expect(study.marginClaim.techniques.isEmpty)
    }
}
