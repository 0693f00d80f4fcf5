import Foundation

/// What the optimiser maximises over an ``AllocationProblem``'s feasible set: the exact V, or a
/// sample average over Monte Carlo draws.
protocol AllocationObjective: AnyObject {
    var problem: AllocationProblem { get }
    func value(_ x: [Double]) -> Double
    func gradient(_ x: [Double]) -> [Double]
}

/// V and ∂V/∂x of one ``AllocationProblem`` with preallocated scratch memory, for the optimiser's
/// inner loop. Not thread-safe: one per thread.
final class Objective: AllocationObjective {
    let problem: AllocationProblem
    private let workspace: SafetyModel.Workspace
    private var readiness: [Double]
    private var levels: [Double]
    private var slopes: [Double]
    private(set) var evaluations = 0

    init(_ problem: AllocationProblem) {
        self.problem = problem
        workspace = SafetyModel.Workspace(problem.model)
        readiness = [Double](repeating: 0, count: problem.programCount)
        levels = [Double](repeating: 0, count: problem.model.levelCount)
        slopes = readiness
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

    /// ∂V/∂x by the reverse pass (``SafetyModel/safetyAndGradient(at:beliefs:)``).
    func gradient(_ x: [Double]) -> [Double] {
        evaluations += 3
        setReadiness(x)
        let programs = problem.model.programs
        readiness.withUnsafeBufferPointer { r in
            problem.weights.withUnsafeBufferPointer { w in
                slopes.withUnsafeMutableBufferPointer {
                    _ = workspace.safetyAndGradient(readiness: r.baseAddress!, weights: w.baseAddress!, gradient: $0.baseAddress!)
                }
            }
        }
        return (0..<x.count).map { j in slopes[j] * (programs[j].ceiling - readiness[j]) / programs[j].scale }
    }
}
