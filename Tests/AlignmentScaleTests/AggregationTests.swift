import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Many views: pools, divergence, cross-regret, consensus (AlignmentScale.docc/ManyViews.md)")
struct AggregationTests {
    func respondent(_ id: String, _ beliefs: [Double], weight: Double = 1) -> Respondent {
        try! Respondent(id: id, weight: weight, beliefs: beliefs, levelCount: beliefs.count)
    }

    /// Hand-computed pools. Equal weights, (0.9, 0.1) and (0.5, 0.5): linear (0.7, 0.3); the
    /// geometric means are √0.45 and √0.05, in ratio 3:1, so the log pool is (0.75, 0.25).
    /// Weights 1 and 3: linear = 0.25·p + 0.75·q.
    @Test func poolsByHand() {
        let pools = BeliefPools([respondent("a", [0.9, 0.1]), respondent("b", [0.5, 0.5])])
        #expect(abs(pools.linear[0] - 0.7) < 1e-15 && abs(pools.linear[1] - 0.3) < 1e-15)
        #expect(abs(pools.logarithmic[0] - 0.75) < 1e-14 && abs(pools.logarithmic[1] - 0.25) < 1e-14)
        let weighted = BeliefPools([respondent("a", [0.5, 0.5, 0], weight: 1), respondent("b", [0.2, 0.3, 0.5], weight: 3)])
        #expect(zip(weighted.linear, [0.275, 0.35, 0.375]).allSatisfy { abs($0 - $1) < 1e-15 })
        // A zero is raised to ε: Π p^w with p₃ = ε for the first respondent.
        let e = BeliefPools.epsilon
        let raw = [pow(0.5, 0.25) * pow(0.2, 0.75), pow(0.5, 0.25) * pow(0.3, 0.75), pow(e, 0.25) * pow(0.5, 0.75)]
        let total = raw.reduce(0, +)
        #expect(zip(weighted.logarithmic, raw.map { $0 / total }).allSatisfy { abs($0 - $1) < 1e-14 })
    }

    /// Entropy in bits: log₂ N for uniform beliefs, 0 for certainty, 1 for a fair coin.
    @Test func entropy() {
        #expect(abs(BeliefPools.entropy([Double](repeating: 0.1, count: 10)) - log2(10)) < 1e-14)
        #expect(BeliefPools.entropy([0, 1, 0]) == 0)
        #expect(abs(BeliefPools.entropy([0.5, 0.5]) - 1) < 1e-15)
    }

    /// Jensen–Shannon: 0 for identical beliefs, 1 bit for disjoint ones, symmetric, and
    /// JS((1, 0), (½, ½)) = ½·log₂(4/3) + ¼·log₂(2/3) + ¼·log₂ 2 worked out from the definition.
    @Test func jensenShannon() {
        #expect(BeliefPools.jensenShannon([0.2, 0.8], [0.2, 0.8]) == 0)
        #expect(abs(BeliefPools.jensenShannon([1, 0], [0, 1]) - 1) < 1e-15)
        let exact = 0.5 * log2(4.0 / 3) + 0.25 * log2(2.0 / 3) + 0.25
        #expect(abs(BeliefPools.jensenShannon([1, 0], [0.5, 0.5]) - exact) < 1e-15)
        var source = RandomSource(seed: 4)
        for _ in 0..<200 {
            let p = (0..<6).map { _ in source.uniform() }
            let q = (0..<6).map { _ in source.uniform() }
            let pn = p.map { $0 / p.reduce(0, +) }
            let qn = q.map { $0 / q.reduce(0, +) }
            let d = BeliefPools.jensenShannon(pn, qn)
            #expect(d >= 0 && d <= 1 && abs(d - BeliefPools.jensenShannon(qn, pn)) < 1e-15)
        }
        let three = BeliefPools([respondent("a", [1, 0]), respondent("b", [0, 1]), respondent("c", [1, 0])])
        #expect(abs(three.meanJensenShannon! - 2.0 / 3) < 1e-15)  // pairs: 1, 0, 1
    }

    static func randomRespondents(_ count: Int, levels: Int, seed: UInt64) -> [Respondent] {
        var source = RandomSource(seed: seed)
        return (0..<count).map { i in
            let raw = (0..<levels).map { _ in source.uniform() < 0.3 ? 0 : source.gamma(0.7) }
            let total = max(raw.reduce(0, +), 1e-300)
            let beliefs = total > 0 && raw.contains { $0 > 0 } ? raw.map { $0 / total } : (0..<levels).map { $0 == 0 ? 1 : 0 }
            return try! Respondent(id: "r\(i)", weight: 0.5 + source.uniform(), beliefs: beliefs, levelCount: levels)
        }
    }

    /// C[i][i] = 0 and C[i][j] ≥ 0: nobody does better under someone else's optimum; each row's
    /// values are recomputed independently through the exact model.
    @Test("cross-regret has a zero diagonal and no negative entry", arguments: 0..<4)
    func crossRegret(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 40 + seed, programs: 4, levels: 6)
        let respondents = AggregationTests.randomRespondents(6, levels: 6, seed: seed)
        let result = Aggregation(scenario: scenario, respondents: respondents)
        let model = SafetyModel(scenario: scenario)
        for i in respondents.indices {
            #expect(result.crossRegret[i][i] == 0)
            for j in respondents.indices {
                #expect(result.crossRegret[i][j] >= -1e-12)
                let direct =
                    model.safety(of: result.optima[i], weights: respondents[i].beliefs)
                    - model.safety(of: result.optima[j], weights: respondents[i].beliefs)
                #expect(abs(direct - result.crossRegret[i][j]) < 1e-12)
            }
        }
    }

    /// On two-program scenarios, minimax regret against a brute-force search over a 201-step grid
    /// of the feasible triangle (regrets measured against the same V_i*): at least as good up to the
    /// grid's resolution, and never worse than either pool's optimum.
    @Test("minimax regret against brute force", arguments: 0..<4)
    func minimaxAgainstGrid(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 70 + seed, programs: 2, levels: 5, withRequires: false)
        let respondents = AggregationTests.randomRespondents(3 + Int(seed % 2), levels: 5, seed: 90 + seed)
        let result = Aggregation(scenario: scenario, respondents: respondents)
        let model = SafetyModel(scenario: scenario)
        let steps = 200
        var gridBest = Double.infinity
        for a in 0...steps {
            for b in 0...(steps - a) {
                let x = [Double(a), Double(b)].map { $0 / Double(steps) * scenario.budget }
                let worst = respondents.indices.map {
                    result.optimalSafety[$0] - model.safety(of: x, weights: respondents[$0].beliefs)
                }.max()!
                gridBest = min(gridBest, worst)
            }
        }
        let minimax = result.consensus[2]
        #expect(minimax.name == "minimax-regret")
        #expect(minimax.maximumRegret <= gridBest + 1e-6, "minimax \(minimax.maximumRegret) vs grid \(gridBest)")
        #expect(minimax.maximumRegret <= result.consensus[0].maximumRegret + 1e-15)
        #expect(minimax.maximumRegret <= result.consensus[1].maximumRegret + 1e-15)
    }

    @Test func respondentValidation() {
        #expect(throws: InputError.self) { try Respondent(id: "a", weight: 0, beliefs: [1, 0], levelCount: 2) }
        #expect(throws: InputError.self) { try Respondent(id: "a", beliefs: [0.5, 0.6], levelCount: 2) }
        #expect(throws: InputError.self) { try Respondent(id: "a", beliefs: [-0.1, 1.1], levelCount: 2) }
        #expect(throws: InputError.self) { try Respondent(id: "a", beliefs: [1], levelCount: 2) }
        let nearly = try! Respondent(id: "a", beliefs: [0.5, 0.5 + 5e-7], levelCount: 2)
        #expect(abs(nearly.beliefs.reduce(0, +) - 1) < 1e-15)
    }
}
