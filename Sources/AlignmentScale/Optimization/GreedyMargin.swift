/// The `greedy-margin` rule (<doc:QuestionsTheToolAnswers>): steps of B/1000 from the status quo, each to the program
/// with the largest positive marginal value that is below its maximum, until none is positive.
///
/// Every step needs every marginal value ∂V/∂x_i = ∂V/∂R_i · dR_i/dx_i. Recomputing them costs a
/// reverse pass per step (a thousand per run). Instead: V is multilinear in the readiness values,
/// so while only the programs of a small *active set* A move, each ∂V/∂R_i (which does not depend
/// on R_i) is a multilinear function of R_A alone, and is known exactly everywhere from its values
/// at the 2^|A| corners R_A ∈ {0, 1}^|A|:
///
///     ∂V/∂R_i (ρ) = Σ_c ∂V/∂R_i (c) · Π_{a ∈ A} (ρ_a if c_a = 1, else 1 − ρ_a)
///
/// So a step costs O(P·2^|A|) arithmetic, and a reverse pass is needed only at each corner when a
/// program joins A (the greedy run funds few programs, in turn). This is the same rule with the
/// same marginal values, up to rounding (about 1e-16 relative), so it steps the same way except
/// where two marginal values tie to within rounding.
struct GreedyMargin {
    /// The most programs whose readiness moves between refreshes of the corners.
    static let maximumActive = 4

    let problem: AllocationProblem
    /// Polled at every step; once it answers `true` the run stops where it is (its allocation is
    /// then meaningless and discarded by the caller). Each step can cost a reverse pass.
    var isCancelled: (@Sendable () -> Bool)? = nil

    func allocation() -> [Double] {
        let model = problem.model
        let programs = model.programs
        let p = programs.count
        var x = problem.lower
        let step = problem.budget / 1000
        var free = problem.budget - x.reduce(0, +)
        guard step > 0, p > 0 else { return x }
        let evaluator = model.evaluator()
        var r = model.readiness(of: x)
        var active: [Int] = []
        // corners[c·p + i] = ∂V/∂R_i with R_active at corner c (bit b of c: active[b] at 1).
        var corners: [Double] = []
        var scratch = [Double](repeating: 0, count: p)
        var delta = [Double](repeating: 0, count: p)

        func refresh(with joining: Int?) {
            if let joining {
                if active.count == GreedyMargin.maximumActive { active.removeFirst() }
                active.append(joining)
            }
            corners.removeAll(keepingCapacity: true)
            var at = r
            for corner in 0..<(1 << active.count) {
                for (b, a) in active.enumerated() { at[a] = corner & (1 << b) != 0 ? 1 : 0 }
                evaluator.readinessGradient(at, weights: problem.weights, into: &scratch)
                corners.append(contentsOf: scratch)
            }
        }
        func interpolate() {
            let count = active.count
            corners.withUnsafeBufferPointer { values in
                delta.withUnsafeMutableBufferPointer { delta in
                    for i in 0..<p { delta[i] = 0 }
                    for corner in 0..<(1 << count) {
                        var weight = 1.0
                        for b in 0..<count {
                            let a = active[b]
                            weight *= corner & (1 << b) != 0 ? r[a] : 1 - r[a]
                        }
                        if weight == 0 { continue }
                        let row = corner * p
                        for i in 0..<p { delta[i] += weight * values[row + i] }
                    }
                }
            }
        }

        let ceilings = programs.map(\.ceiling)
        let scales = programs.map(\.scale)
        refresh(with: nil)
        while free > step * 1e-9 && isCancelled?() != true {
            interpolate()
            var best: Int? = nil
            var bestValue = 0.0
            for i in 0..<p where problem.upper[i] - x[i] > step * 1e-9 {
                let g = delta[i] * (ceilings[i] - r[i]) / scales[i]
                // Strictly larger: ties go to the lowest index, as a first maximum does.
                if g > 0 && (best == nil || g > bestValue) {
                    best = i
                    bestValue = g
                }
            }
            guard let j = best else { break }
            let add = min(step, free, problem.upper[j] - x[j])
            x[j] += add
            free -= add
            // The corners hold R_j's new value only if j is active; otherwise it joins.
            let joining = !active.contains(j)
            r[j] = programs[j].readiness(at: x[j])
            if joining { refresh(with: j) }
        }
        return x
    }
}
