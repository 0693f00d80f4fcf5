import Foundation

/// V and ∂V/∂x of one ``AllocationProblem`` with preallocated scratch memory, for the optimiser's
/// inner loop. Not thread-safe: one per thread.
final class Objective {
    let problem: AllocationProblem
    private let workspace: SafetyModel.Workspace
    private var readiness: [Double]
    private var levels: [Double]
    private var high: [Double]
    private var low: [Double]
    private(set) var evaluations = 0

    init(_ problem: AllocationProblem) {
        self.problem = problem
        workspace = SafetyModel.Workspace(problem.model)
        readiness = [Double](repeating: 0, count: problem.programCount)
        levels = [Double](repeating: 0, count: problem.model.levelCount)
        high = levels
        low = levels
    }

    private func setReadiness(_ x: [Double]) {
        let programs = problem.model.programs
        for j in 0..<x.count { readiness[j] = programs[j].readiness(at: x[j]) }
    }

    private func weighted(_ values: [Double]) -> Double {
        var total = 0.0
        for k in 0..<values.count { total += problem.weights[k] * values[k] }
        return total
    }

    func value(_ x: [Double]) -> Double {
        evaluations += 1
        setReadiness(x)
        readiness.withUnsafeBufferPointer { r in
            levels.withUnsafeMutableBufferPointer { workspace.levelSafety(readiness: r.baseAddress!, into: $0.baseAddress!) }
        }
        return weighted(levels)
    }

    func gradient(_ x: [Double]) -> [Double] {
        evaluations += 2 * x.count
        setReadiness(x)
        let programs = problem.model.programs
        var g = [Double](repeating: 0, count: x.count)
        for j in 0..<x.count {
            workspace.toggled(&readiness, j, high: &high, low: &low)
            g[j] = (weighted(high) - weighted(low)) * (programs[j].ceiling - readiness[j]) / programs[j].scale
        }
        return g
    }
}
