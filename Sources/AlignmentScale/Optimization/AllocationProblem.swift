/// Maximise V(x) = Σ_k w_k·P(safe | k, x) subject to Σ x ≤ B and l ≤ x ≤ u (MODEL.md §6).
///
/// The weights are usually the scenario's beliefs; the value of information re-solves the same
/// problem under beliefs conditioned on a signal.
public struct AllocationProblem: Sendable {
    public let model: SafetyModel
    public let weights: [Double]
    public let lower: [Double]
    public let upper: [Double]
    public let budget: Double

    public init(model: SafetyModel, weights: [Double], lower: [Double], upper: [Double], budget: Double) {
        precondition(weights.count == model.levelCount && lower.count == model.programCount && upper.count == lower.count)
        self.model = model
        self.weights = weights
        self.lower = lower
        self.upper = upper
        self.budget = budget
    }

    /// The problem a scenario poses under its own beliefs, or under `weights` when given.
    public init(scenario: Scenario, weights: [Double]? = nil, model: SafetyModel? = nil) {
        self.init(
            model: model ?? SafetyModel(scenario: scenario), weights: weights ?? scenario.beliefs,
            lower: scenario.minimums, upper: scenario.maximums, budget: scenario.budget)
    }

    public var programCount: Int { lower.count }

    /// V(x).
    public func safety(of x: [Double]) -> Double { model.safety(of: x, beliefs: weights) }

    /// ∂V/∂x.
    public func gradient(at x: [Double]) -> [Double] { model.gradient(at: x, beliefs: weights) }

    /// The Euclidean projection onto the feasible set {l ≤ y ≤ u, Σ y ≤ B}.
    ///
    /// If clipping to the box already fits the budget that is the projection; otherwise it is
    /// clip(z − τ) for the τ > 0 at which the total equals B, found by bisection.
    public func project(_ z: [Double]) -> [Double] {
        var y = clip(z, shift: 0)
        if y.reduce(0, +) <= budget { return y }
        var low = 0.0
        var high = zip(z, lower).map { $0 - $1 }.max() ?? 0
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            if clip(z, shift: mid).reduce(0, +) > budget { low = mid } else { high = mid }
            if high - low <= 1e-15 * max(1, high) { break }
        }
        y = clip(z, shift: high)
        return y
    }

    private func clip(_ z: [Double], shift: Double) -> [Double] {
        var y = z
        for j in y.indices { y[j] = min(max(z[j] - shift, lower[j]), upper[j]) }
        return y
    }

    /// Fills `budget` minus the minimums of the programs outside `subset` with a common level t
    /// across `subset`, each clipped to its bounds; every other program stays at its minimum.
    ///
    /// This is the "equal split, clipped to bounds, remainder redistributed" of MODEL.md §6.
    public func waterFill(_ subset: [Int]) -> [Double] {
        var x = lower
        guard !subset.isEmpty else { return x }
        let available = budget - lower.enumerated().filter { !subset.contains($0.offset) }.reduce(0) { $0 + $1.element }
        func total(_ t: Double) -> Double { subset.reduce(0) { $0 + min(max(t, lower[$1]), upper[$1]) } }
        if total(budget) <= available {
            for j in subset { x[j] = upper[j] }
            return x
        }
        var low = 0.0
        var high = budget
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            if total(mid) > available { high = mid } else { low = mid }
            if high - low <= 1e-15 * max(1, high) { break }
        }
        for j in subset { x[j] = min(max(low, lower[j]), upper[j]) }
        return x
    }
}
