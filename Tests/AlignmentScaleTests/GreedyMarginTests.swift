import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("The greedy-margin rule (AlignmentScale.docc/QuestionsTheToolAnswers.md)")
struct GreedyMarginTests {
    /// The rule as QuestionsTheToolAnswers.md states it, recomputing every marginal value at every step.
    static func reference(_ problem: AllocationProblem) -> [Double] {
        var x = problem.lower
        let step = problem.budget / 1000
        var free = problem.budget - x.reduce(0, +)
        guard step > 0 else { return x }
        while free > step * 1e-9 {
            let g = problem.gradient(at: x)
            let open = x.indices.filter { problem.upper[$0] - x[$0] > step * 1e-9 && g[$0] > 0 }
            guard let j = open.max(by: { g[$0] < g[$1] }) else { break }
            let add = min(step, free, problem.upper[j] - x[j])
            x[j] += add
            free -= add
        }
        return x
    }

    /// The fast rule (marginal values interpolated from the corners of the active programs) takes
    /// the same steps as recomputing every marginal value: the same safety to rounding, and the
    /// same allocation unless two marginal values tie within rounding (at most a step apart).
    @Test("the same steps as recomputing every marginal", arguments: 0..<24)
    func matchesTheReference(seed: UInt64) {
        var scenario = RandomScenarios.make(seed: 2000 + seed, programs: 3 + Int(seed % 9))
        if seed % 3 == 0 { scenario = RandomScenarios.withOrderings(scenario, seed: seed) }
        let problem = AllocationProblem(scenario: scenario)
        let fast = Heuristic.greedyMargin.allocation(for: problem)
        let slow = Self.reference(problem)
        #expect(abs(problem.safety(of: fast) - problem.safety(of: slow)) <= 1e-12)
        let step = problem.budget / 1000
        for j in fast.indices { #expect(abs(fast[j] - slow[j]) <= 2 * step + 1e-9, "program \(j)") }
        #expect(fast == slow, "the runs parted (a near-tie)")
    }
}
