import AlignmentScale

/// The greedy-margin rule computed the plain way its fast version stands for, as the product
/// computed it before the fast version: at every step the marginal value of *every* program is
/// interpolated from the corners of the active programs (up to four, the last to have moved), in
/// the same floating-point operations. The fast rule skips the programs it can prove are below the
/// winner, so it must take the same steps to the last bit; this is what the tests and
/// `alignscale-bench --greedy-per-case` hold it to.
public enum GreedyMarginReference {
    public static func allocation(_ problem: AllocationProblem) -> [Double] {
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
                if active.count == 4 { active.removeFirst() }
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
        while free > step * 1e-9 {
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
