import AlignmentScale
import Foundation
import TestSupport
import Testing

/// The quick search (`Optimizer.maximizeQuickly`) against the full multi-start.
@Suite("The quick search (AlignmentScale.docc/TheStudy.md)")
struct QuickSearchTests {
    /// Scenario `i` of the comparison: 3 to 10 programs, with `requires`, every third with other
    /// orderings, every fifth with every structure switch on.
    static func scenario(_ i: Int) -> Scenario {
        var scenario = RandomScenarios.make(seed: 77_000 + UInt64(i), programs: 3 + i % 8)
        if i % 3 == 1 { scenario = RandomScenarios.withOrderings(scenario, seed: UInt64(i)) }
        if i % 5 == 2 { scenario = RandomScenarios.withStructure(scenario, seed: UInt64(i)) }
        return scenario
    }

    /// On 200 random scenarios the quick answer is never below the full multi-start's by more than
    /// 1e-9, it is a point of the feasible set whose reported V is its V, and when the few starts
    /// disagree it is the full search's answer to the bit.
    @Test func neverBelowTheFullSearch() {
        var agreed = 0
        var fellBack = 0
        for i in 0..<200 {
            let scenario = Self.scenario(i)
            let problem = AllocationProblem(scenario: scenario)
            let rules = Heuristic.allCases.map { $0.allocation(for: problem) }
            let full = Optimizer.maximize(problem, starts: rules)
            let (quick, startsAgreed) = Optimizer.maximizeQuickly(problem, starts: rules)
            #expect(quick.safety >= full.safety - 1e-9, "scenario \(i): quick \(quick.safety) < full \(full.safety)")
            #expect(quick.safety == problem.safety(of: quick.allocation), "scenario \(i)")
            #expect(quick.allocation.reduce(0, +) <= scenario.budget * (1 + 1e-12), "scenario \(i)")
            #expect(zip(quick.allocation, problem.lower).allSatisfy { $0 >= $1 }, "scenario \(i)")
            if startsAgreed {
                agreed += 1
            } else {
                fellBack += 1
                #expect(quick.allocation.map(\.bitPattern) == full.allocation.map(\.bitPattern), "scenario \(i)")
                #expect(quick.safety.bitPattern == full.safety.bitPattern, "scenario \(i)")
            }
        }
        // Both paths are exercised.
        #expect(agreed >= 100, "only \(agreed) of 200 agreed")
        #expect(fellBack >= 1, "no scenario fell back")
    }

    /// A problem built so that its starts cannot agree: two techniques at the same level, each of
    /// which (alone) is a local optimum. Safety along the budget line is checked on a grid
    /// (independently of the optimiser) to have exactly two local maxima, at the two ends, of
    /// different height; the quick search, which starts from both ends, must then fall back to the
    /// full search and return the higher end.
    @Test func fallsBackWhenStartsDisagree() throws {
        let scenario = try Self.twoPeaks()
        let problem = AllocationProblem(scenario: scenario)
        let steps = 2000
        let values = (0...steps).map { i -> Double in
            let a = scenario.budget * Double(i) / Double(steps)
            return problem.safety(of: [a, scenario.budget - a])
        }
        var peaks: [Int] = []
        for i in values.indices {
            let left = i == 0 ? -Double.infinity : values[i - 1]
            let right = i == steps ? -Double.infinity : values[i + 1]
            if values[i] > left && values[i] >= right { peaks.append(i) }
        }
        #expect(peaks == [0, steps], "peaks at \(peaks)")
        // Each end is a maximum of the whole feasible set nearby too: its program's marginal value
        // is positive and at least the other's (central differences).
        for (end, funded) in [(0, 1), (steps, 0)] {
            let x = [
                scenario.budget * Double(end) / Double(steps), scenario.budget - scenario.budget * Double(end) / Double(steps),
            ]
            let d = 1e-4
            let slopes = (0..<2).map { j -> Double in
                var up = x
                var down = x
                up[j] += d
                down[j] -= d
                return (problem.safety(of: up) - problem.safety(of: down)) / (2 * d)
            }
            #expect(slopes[funded] > 1e-4 && slopes[funded] > slopes[1 - funded], "end \(end): \(slopes)")
        }
        let higher = max(values[0], values[steps])
        #expect(abs(values[0] - values[steps]) > 1e-2)
        let rules = Heuristic.allCases.map { $0.allocation(for: problem) }
        let (quick, agreed) = Optimizer.maximizeQuickly(problem, starts: rules)
        #expect(!agreed)
        #expect(abs(quick.safety - higher) < 1e-9)
        #expect(quick.allocation[0] > 99.9)
    }

    /// A random scenario (found by comparing the two searches on 20 000 of them) whose best
    /// allocation funds a level-9 technique together with the level-1 technique it requires,
    /// while each of the two alone ranks outside the two best single-program allocations. Starting
    /// only from programs alone, the quick search agreed on a lower optimum (by 1.6e-3); it must
    /// reach the full search's optimum from the start that funds the technique with what it
    /// requires.
    @Test func findsAnOptimumThatFundsAProgramWithWhatItRequires() {
        let scenario = RandomScenarios.make(seed: 503_095, programs: 10)
        let problem = AllocationProblem(scenario: scenario)
        #expect(scenario.programs[4].level == 9 && scenario.programs[4].requires == [scenario.programs[3].id])
        let rules = Heuristic.allCases.map { $0.allocation(for: problem) }
        let full = Optimizer.maximize(problem, starts: rules)
        #expect(full.allocation[3] > 20 && full.allocation[4] > 20, "full optimum \(full.allocation)")
        let alone = (0..<problem.programCount).map { problem.safety(of: problem.waterFill([$0])) }
        let topTwo = alone.indices.sorted { alone[$0] > alone[$1] }.prefix(2)
        #expect(!topTwo.contains(3) && !topTwo.contains(4), "best alone: \(Array(topTwo))")
        let (quick, _) = Optimizer.maximizeQuickly(problem, starts: rules)
        #expect(quick.safety >= full.safety - 1e-9, "quick \(quick.safety) < full \(full.safety)")
    }

    /// Two techniques at level 3 with evidence and different backfire, beliefs on levels 1 to 4:
    /// spending everything on either is better than moving a little of it to the other.
    static func twoPeaks() throws -> Scenario {
        var beliefs = [Double](repeating: 0, count: 10)
        beliefs.replaceSubrange(0..<4, with: [0.07, 0.32, 0.45, 0.16])
        return try Scenario(
            name: "two peaks", beliefs: beliefs, budget: 100, stopBaseline: 0.1, frontier: 3,
            programs: [
                Program(id: "a", level: 3, baseline: 0.1, scale: 20, backfire: 0.3, evidence: 0.6),
                Program(id: "b", level: 3, baseline: 0.1, scale: 20, backfire: 0.9, evidence: 0.6),
            ])
    }
}
