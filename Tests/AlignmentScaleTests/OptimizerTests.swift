import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Optimal allocation (AlignmentScale.docc/QuestionsTheToolAnswers.md)")
struct OptimizerTests {
    /// The best value on an exhaustive grid over {x ≥ 0, Σx ≤ B} for 2 or 3 programs.
    func gridMaximum(_ problem: AllocationProblem, steps: Int) -> Double {
        let b = problem.budget
        var best = -Double.infinity
        let p = problem.programCount
        func visit(_ prefix: [Double], _ left: Int) {
            if prefix.count == p - 1 {
                for last in 0...left {
                    best = max(best, problem.safety(of: prefix + [Double(last) * b / Double(steps)]))
                }
                return
            }
            for i in 0...left { visit(prefix + [Double(i) * b / Double(steps)], left - i) }
        }
        visit([], steps)
        return best
    }

    /// The optimiser must beat every point of a fine grid: it finds the global optimum (or better,
    /// between grid points) on small non-concave problems with backfire and requires.
    @Test("optimum beats an exhaustive grid", arguments: 0..<24)
    func beatsExhaustiveGrid(seed: UInt64) {
        let count = seed % 2 == 0 ? 2 : 3
        let scenario = RandomScenarios.make(seed: 9000 + seed, programs: Int(count), levels: 4)
        let problem = AllocationProblem(scenario: scenario)
        let result = Optimizer.maximize(problem)
        let grid = gridMaximum(problem, steps: count == 2 ? 400 : 80)
        #expect(result.safety >= grid - 1e-12, "optimiser \(result.safety) < grid \(grid)")
        #expect(abs(result.safety - problem.safety(of: result.allocation)) < 1e-15)
        #expect(result.allocation.reduce(0, +) <= scenario.budget * (1 + 1e-12))
        #expect(result.allocation.allSatisfy { $0 >= 0 })
    }

    /// KKT holds at every reported optimum (relative violation ≤ 10⁻⁶: the search stops only when
    /// the first-order gain still available is below 10⁻¹²).
    @Test("KKT conditions hold at the optimum", arguments: 0..<16)
    func kktHolds(seed: UInt64) {
        let scenario = RandomScenarios.make(seed: 4000 + seed, programs: 3 + Int(seed % 8))
        let result = Optimizer.maximize(AllocationProblem(scenario: scenario))
        #expect(result.kkt.holds(tolerance: 1e-6), "relative violation \(result.kkt.relativeViolation)")
        #expect(result.kkt.multiplier >= 0)
        if result.kkt.slack > 1e-6 { #expect(result.kkt.multiplier == 0) }
    }

    /// The KKT check itself can fail: at the status quo of the default scenario, positive marginals
    /// at lower bounds with budget unspent violate it.
    @Test func kktDetectsNonOptimalPoints() {
        let problem = AllocationProblem(scenario: .builtinDefault)
        let x = problem.lower
        #expect(!KKTCheck(problem: problem, allocation: x, gradient: problem.gradient(at: x)).holds())
    }

    /// Bounds: min and max are respected, and a program forced above its optimum keeps its minimum.
    @Test func respectsBounds() throws {
        let scenario = try Scenario.builtinDefault.changing {
            $0.programs[0].minimum = 10
            $0.programs[4].maximum = 30
        }
        let report = Optimum(scenario: scenario)
        #expect(report.allocation[0] >= 10 - 1e-12)
        #expect(report.allocation[4] <= 30 + 1e-12)
        #expect(report.optimum.kkt.holds(tolerance: 1e-6))
    }

    /// Heuristics: each is feasible, none beats the optimum, and the simple ones do what they say.
    @Test func heuristics() {
        let scenario = Scenario.builtinDefault
        let report = Optimum(scenario: scenario)
        #expect(report.heuristics.map(\.heuristic) == Heuristic.allCases)
        for row in report.heuristics {
            #expect(row.regret >= -1e-15, "\(row.heuristic) beats the optimum")
            #expect(row.allocation.reduce(0, +) <= 100 + 1e-9)
        }
        func allocation(_ h: Heuristic) -> [Double] { report.heuristics.first { $0.heuristic == h }!.allocation }
        #expect(allocation(.statusQuo) == scenario.statusQuo)
        #expect(allocation(.equal).allSatisfy { abs($0 - 10) < 1e-9 })
        // Most probable level: 3, 4 and 5 tie at 0.15; ties go to the lowest, 3 (constitutional-ai).
        #expect(abs(allocation(.favoriteLevel)[1] - 100) < 1e-9)
        // Past the frontier (3): the seven techniques at levels 4..9 share equally.
        let past = allocation(.pastTheMargin)
        for j in 2...7 { #expect(abs(past[j] - 100.0 / 6) < 1e-9) }
        #expect(past[0] == 0 && past[1] == 0 && past[8] == 0 && past[9] == 0)
        // Greedy in steps of B/1000 ends within about one step's worth of value of the optimum.
        #expect(report.heuristics.last!.regret < 1e-3)
    }

    /// Equal split with bounds: capped programs' share is redistributed to the others.
    @Test func equalSplitRedistributes() {
        let scenario = Scenario.builtinDefault
        var upper = scenario.maximums
        upper[0] = 4
        let problem = AllocationProblem(
            model: SafetyModel(scenario: scenario), worlds: scenario.worlds, lower: scenario.minimums, upper: upper, budget: 100,
            frontier: scenario.frontier)
        let x = problem.waterFill(Array(0..<10))
        #expect(abs(x[0] - 4) < 1e-12)
        #expect(abs(x[1] - 96.0 / 9) < 1e-9)
        #expect(abs(x.reduce(0, +) - 100) < 1e-9)
    }

    /// The projection skips the bisection's sums whose answer is already known, and forms its late
    /// midpoints with integer operations on the bit patterns, so it must land on the very bits of a
    /// bisection that sums at every point in floating point (written out here), including where
    /// the total is flat at the budget, bounds coincide, or points sit exactly on breakpoints, on
    /// budgets from 3e-7 to 1e6.
    @Test func projectionMatchesPlainBisectionBitForBit() {
        func plain(_ z: [Double], lower: [Double], upper: [Double], budget: Double) -> [Double] {
            func total(_ t: Double) -> Double {
                var sum = 0.0
                for j in z.indices { sum += min(max(z[j] - t, lower[j]), upper[j]) }
                return sum
            }
            var shift = 0.0
            if total(0) > budget {
                var low = 0.0
                var high = zip(z, lower).map { $0 - $1 }.max()!
                for _ in 0..<200 {
                    let mid = 0.5 * (low + high)
                    if total(mid) > budget { low = mid } else { high = mid }
                    if high - low <= 1e-15 * max(1, high) { break }
                }
                shift = high
            }
            return z.indices.map { min(max(z[$0] - shift, lower[$0]), upper[$0]) }
        }
        let scenario = Scenario.builtinDefault
        let model = SafetyModel(scenario: scenario)
        var rng = SeededGenerator(seed: 2026)
        var checked = 0
        for trial in 0..<40000 {
            let p = 10
            let budget = [100, 1, 1e6, 37.5, 3e-7][trial % 5]
            // Bounds: some equal, some pinned at zero width, some wide.
            let lower = (0..<p).map { _ in rng.nextUniform() < 0.5 ? 0 : (rng.nextUniform() * budget / 20).rounded() }
            let upper = lower.map { l in
                rng.nextUniform() < 0.2 ? l : rng.nextUniform() < 0.5 ? budget : l + (rng.nextUniform() * budget / 3).rounded()
            }
            // Points: a random gradient step, whole numbers (exact ties and breakpoints), or huge.
            let z: [Double] = (0..<p).map { j in
                switch trial % 3 {
                case 0: return lower[j] + (rng.nextUniform() - 0.3) * budget
                case 1: return (rng.nextUniform() * 2 * budget).rounded()
                default: return (rng.nextUniform() - 0.5) * 1e9 * budget
                }
            }
            guard lower.reduce(0, +) <= budget else { continue }
            let problem = AllocationProblem(
                model: model, worlds: scenario.worlds, lower: lower, upper: upper, budget: budget, frontier: 3)
            let fast = problem.project(z)
            let reference = plain(z, lower: lower, upper: upper, budget: budget)
            #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern), "trial \(trial): \(z)")
            checked += 1
        }
        #expect(checked > 30000)
    }

    /// The projection is onto the feasible set and is idempotent.
    @Test func projection() {
        let problem = AllocationProblem(scenario: .builtinDefault)
        let y = problem.project([50, -3, 80, 0, 0, 0, 0, 0, 0, 200])
        #expect(abs(y.reduce(0, +) - 100) < 1e-9)
        #expect(y.allSatisfy { $0 >= 0 && $0 <= 100 })
        #expect(zip(problem.project(y), y).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
