import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Groups of views by expected level, and their cross-regret (AlignmentScale.docc/ManyViews.md)")
struct BeliefGroupsTests {
    /// A respondent certain-ish of `peak` (1-based) on a scale of `levels`: 0.8 there, the rest spread evenly.
    func peaked(_ id: String, _ peak: Int, levels: Int = 3) -> Respondent {
        let beliefs = (1...levels).map { $0 == peak ? 0.8 : 0.2 / Double(levels - 1) }
        return try! Respondent(id: id, beliefs: beliefs, levelCount: levels)
    }

    /// Two techniques on a three-level scale: one at level 2, one at level 3, with backfire, so
    /// optimists and pessimists want different things.
    var twoPrograms: Scenario {
        try! Scenario(
            scale: ObservationTests.threeLevels(), beliefs: [1.0 / 3, 1.0 / 3, 1.0 / 3], budget: 10, stopBaseline: 0.2,
            misuseBaseline: 0.05,
            programs: [
                Program(id: "low", level: 2, baseline: 0.1, scale: 4, backfire: 0.3),
                Program(id: "high", level: 3, baseline: 0.05, scale: 8, backfire: 0.1),
            ])
    }

    /// Nine respondents in shuffled order: three groups of three, sorted by expected level, each
    /// group's beliefs the mean of its members' (worked out here from the members).
    @Test func groupsByExpectedLevel() throws {
        let peaks = [3, 1, 2, 3, 1, 2, 2, 3, 1]
        let respondents = peaks.enumerated().map { peaked("r\($0.offset)", $0.element) }
        let groups = BeliefGroups(scenario: twoPrograms, respondents: respondents)
        #expect(groups.groups.map(\.size) == [3, 3, 3])
        #expect(groups.groups.map(\.name) == ["the most optimistic third", "the middle third", "the most pessimistic third"])
        for (g, peak) in [1, 2, 3].enumerated() {
            let expected = peaked("x", peak).beliefs
            #expect(zip(groups.groups[g].beliefs, expected).allSatisfy { abs($0 - $1) < 1e-15 })
            let level = expected.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element }
            #expect(abs(groups.groups[g].expectedLevel - level) < 1e-14)
        }
        // Ten: sizes 4, 3, 3 (the first group takes the remainder).
        let ten = BeliefGroups(scenario: twoPrograms, respondents: respondents + [peaked("r9", 1)])
        #expect(ten.groups.map(\.size) == [4, 3, 3])
    }

    /// Each group's optimum against an exhaustive grid of splits (the two programs share the whole
    /// budget at the optimum or not: the grid covers x₁ + x₂ ≤ B at step B/400), and the cross
    /// regret C[i][j] = V_i(x*_i) − V_i(x*_j) recomputed from the reported optima: zero diagonal,
    /// non-negative, and for optimists against pessimists strictly positive both ways.
    @Test func crossRegretAgainstAGrid() throws {
        let scenario = twoPrograms
        let respondents = (0..<6).map { peaked("r\($0)", $0 < 3 ? 2 : 3) }
        let groups = BeliefGroups(scenario: scenario, respondents: respondents)
        let aggregation = try #require(groups.aggregation)
        #expect(groups.groups.count == 2)
        let shared = AllocationProblem(scenario: scenario)
        let problems = groups.groups.map { shared.reweighted(beliefs: $0.beliefs) }
        let steps = 400
        let step = scenario.budget / Double(steps)
        for (g, problem) in problems.enumerated() {
            var best = -Double.infinity
            for a in 0...steps {
                for b in 0...(steps - a) { best = max(best, problem.safety(of: [Double(a) * step, Double(b) * step])) }
            }
            // The optimum is at least the grid's best, and not above it by more than the largest
            // marginal value times the grid's step in each of two coordinates.
            let slope = problem.gradient(at: aggregation.optima[g]).map(abs).max()!
            #expect(aggregation.optimalSafety[g] >= best - 1e-12)
            #expect(aggregation.optimalSafety[g] <= best + 2 * slope * step + step * step)
        }
        for i in 0..<2 {
            for j in 0..<2 {
                let recomputed = problems[i].safety(of: aggregation.optima[i]) - problems[i].safety(of: aggregation.optima[j])
                #expect(abs(aggregation.crossRegret[i][j] - recomputed) < 1e-12)
                #expect(aggregation.crossRegret[i][j] >= -1e-12)
            }
        }
        #expect(aggregation.crossRegret[0][1] > 1e-4 && aggregation.crossRegret[1][0] > 1e-4)
        #expect(abs(groups.divergence[0][1] - BeliefPools.jensenShannon(groups.groups[0].beliefs, groups.groups[1].beliefs)) == 0)
    }

    /// Everyone alike: no regret and no divergence between groups. Fewer than six answers: no
    /// groups at all, so a public page never shows a group of one or two.
    @Test func alikeAndTooFew() {
        let alike = BeliefGroups(scenario: twoPrograms, respondents: (0..<8).map { peaked("r\($0)", 2) })
        #expect(alike.groups.count == 2)
        #expect(alike.aggregation!.crossRegret.flatMap { $0 }.allSatisfy { abs($0) < 1e-12 })
        #expect(alike.divergence.flatMap { $0 }.allSatisfy { $0 == 0 })
        let few = BeliefGroups(scenario: twoPrograms, respondents: (0..<5).map { peaked("r\($0)", 1 + $0 % 3) })
        #expect(few.groups.isEmpty && few.aggregation == nil && few.divergence.isEmpty)
    }
}
