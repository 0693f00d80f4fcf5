import Foundation

/// What the optimiser maximises over an ``AllocationProblem``'s feasible set: the exact V, or a
/// sample average over Monte Carlo draws.
protocol AllocationObjective: AnyObject {
    var problem: AllocationProblem { get }
    func value(_ x: [Double]) -> Double
    func gradient(_ x: [Double]) -> [Double]
    /// ∂V/∂x into `gradient`; objectives with scratch memory do it without allocating.
    func gradient(_ x: [Double], into gradient: inout [Double])
    /// value(x), with ∂V/∂x into `gradient`: the same numbers as the two calls, in one pass where
    /// the objective can.
    func value(_ x: [Double], gradientInto gradient: inout [Double]) -> Double
}

extension AllocationObjective {
    func gradient(_ x: [Double], into gradient: inout [Double]) { gradient = self.gradient(x) }

    func value(_ x: [Double], gradientInto gradient: inout [Double]) -> Double {
        let v = value(x)
        self.gradient(x, into: &gradient)
        return v
    }
}

/// V and ∂V/∂x of one ``AllocationProblem`` with preallocated scratch memory, for the optimiser's
/// inner loop. Not thread-safe: one per thread.
final class Objective: AllocationObjective {
    let problem: AllocationProblem
    private let evaluator: SafetyModel.Evaluator

    init(_ problem: AllocationProblem) {
        self.problem = problem
        evaluator = problem.model.evaluator()
    }

    func value(_ x: [Double]) -> Double {
        evaluator.safety(of: x, weights: problem.weights)
    }

    /// ∂V/∂x by the reverse pass (``SafetyModel/safetyAndGradient(at:weights:)``).
    func gradient(_ x: [Double]) -> [Double] {
        evaluator.gradient(at: x, weights: problem.weights)
    }

    func gradient(_ x: [Double], into gradient: inout [Double]) {
        evaluator.gradient(at: x, weights: problem.weights, into: &gradient)
    }

    func value(_ x: [Double], gradientInto gradient: inout [Double]) -> Double {
        evaluator.safety(of: x, weights: problem.weights, gradientInto: &gradient)
    }
}
