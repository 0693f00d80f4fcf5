/// Maximise V(x) = Σ_w P(w)·P(safe | w, x) subject to Σ x ≤ B and l ≤ x ≤ u (<doc:QuestionsTheToolAnswers>, <doc:DisputedOrderings>):
/// a scenario compiled once, which every exact analysis takes.
///
/// The weights are usually the worlds' probabilities; the value of information re-solves the same
/// problem under probabilities conditioned on a signal, and the study and the aggregation under
/// other people's beliefs (``reweighted(beliefs:)``), without compiling the model again.
public struct AllocationProblem: Sendable {
    public let model: SafetyModel
    /// The worlds the weights are over, with their prior probabilities and orderings.
    public let worlds: Worlds
    /// The weight of each world in V (``Worlds/probabilities`` unless conditioned).
    public let weights: [Double]
    public let lower: [Double]
    public let upper: [Double]
    public let budget: Double
    /// The level the state of the art has reached, which `past-the-margin` reads.
    public let frontier: Double

    public init(
        model: SafetyModel, worlds: Worlds, weights: [Double]? = nil, lower: [Double], upper: [Double], budget: Double,
        frontier: Double
    ) {
        let weights = weights ?? worlds.probabilities
        precondition(
            weights.count == model.worldCount && worlds.count == model.worldCount && lower.count == model.programCount
                && upper.count == lower.count)
        self.model = model
        self.worlds = worlds
        self.weights = weights
        self.lower = lower
        self.upper = upper
        self.budget = budget
        self.frontier = frontier
    }

    /// The problem a scenario poses under its own beliefs and orderings.
    public init(scenario: Scenario) {
        self.init(
            model: SafetyModel(scenario: scenario), worlds: scenario.worlds, lower: scenario.minimums, upper: scenario.maximums,
            budget: scenario.budget, frontier: scenario.frontier)
    }

    /// The same problem with each world weighted by `weights` (such as probabilities conditioned on a signal).
    public func weighted(_ weights: [Double]) -> AllocationProblem {
        AllocationProblem(
            model: model, worlds: worlds, weights: weights, lower: lower, upper: upper, budget: budget, frontier: frontier)
    }

    /// The same problem under `beliefs` in every ordering without beliefs of its own (a
    /// respondent's view, or a case of the study).
    public func reweighted(beliefs: [Double]) -> AllocationProblem {
        let worlds = worlds.reweighted(beliefs: beliefs)
        return AllocationProblem(
            model: model, worlds: worlds, lower: lower, upper: upper, budget: budget, frontier: frontier)
    }

    /// The same problem over other worlds of the same structure (such as drawn beliefs).
    public func with(worlds: Worlds) -> AllocationProblem {
        AllocationProblem(model: model, worlds: worlds, lower: lower, upper: upper, budget: budget, frontier: frontier)
    }

    public var programCount: Int { lower.count }

    /// V(x).
    public func safety(of x: [Double]) -> Double { model.safety(of: x, weights: weights) }

    /// ∂V/∂x.
    public func gradient(at x: [Double]) -> [Double] { model.gradient(at: x, weights: weights) }

    /// The Euclidean projection onto the feasible set {l ≤ y ≤ u, Σ y ≤ B}.
    ///
    /// If clipping to the box already fits the budget that is the projection; otherwise it is
    /// clip(z − τ) for the τ > 0 at which the total equals B, found by bisection.
    public func project(_ z: [Double]) -> [Double] {
        var y = z
        project(z, into: &y)
        return y
    }

    /// The projection of `z` into `y` (of the same length), without allocating: the optimiser's
    /// inner loop. The same operations in the same order as a sum over a clipped copy.
    func project(_ z: [Double], into y: inout [Double]) {
        let p = z.count
        let shift = z.withUnsafeBufferPointer { z in
            lower.withUnsafeBufferPointer { lower in
                upper.withUnsafeBufferPointer { upper in
                    AllocationProblem.shift(z, lower: lower, upper: upper, budget: budget)
                }
            }
        }
        for j in 0..<p { y[j] = min(max(z[j] - shift, lower[j]), upper[j]) }
    }

    /// The τ ≥ 0 of the projection clip(z − τ): 0 when clipping alone fits the budget, otherwise
    /// the bisection's answer for where the clipped total falls to the budget.
    ///
    /// The computed clipped total is monotone in the shift even in floating point (each clipped
    /// term is, and rounded addition is monotone in each argument). So once the total is known to
    /// exceed the budget at some shift a, and not to at some b, every bisection point at or below
    /// a, or at or above b, has a known answer and is not summed. a and b are placed just either
    /// side of the crossing, found from the total's breakpoints (it is piecewise linear in the
    /// shift), and checked by summing. The bisection then takes exactly the steps it would take
    /// summing at every point, so the result is the same to the last bit, with a fraction of the sums.
    private static func shift(
        _ z: UnsafeBufferPointer<Double>, lower: UnsafeBufferPointer<Double>, upper: UnsafeBufferPointer<Double>,
        budget: Double
    ) -> Double {
        let p = z.count
        func clippedTotal(_ shift: Double) -> Double {
            var total = 0.0
            for j in 0..<p { total += min(max(z[j] - shift, lower[j]), upper[j]) }
            return total
        }
        let unshifted = clippedTotal(0)
        guard unshifted > budget else { return 0 }
        var high = 0.0
        if p > 0 {
            high = z[0] - lower[0]
            for j in 1..<p where high < z[j] - lower[j] { high = z[j] - lower[j] }
        }
        // Shifts known to leave the total above the budget (at or below `above`) and known not
        // to (at or above `notAbove`).
        var above = 0.0
        var notAbove = Double.infinity
        if let crossing = budgetCrossing(z, lower: lower, upper: upper, budget: budget, unshifted: unshifted) {
            // A narrow band first (few sums inside it); a wider one if rounding put a side wrong.
            for attempt in 0..<2 {
                let width = (attempt == 0 ? 4e-15 : 1e-12) * max(1, abs(crossing))
                if above == 0, crossing - width > 0, clippedTotal(crossing - width) > budget { above = crossing - width }
                if notAbove == .infinity, !(clippedTotal(crossing + width) > budget) { notAbove = crossing + width }
                if above > 0 && notAbove < .infinity { break }
            }
        }
        // The bisection's side is close to a coin toss at every step, so it is taken without a
        // branch: both comparisons are made, and the interval's ends are written by index. Only
        // a point inside the band (rare) branches, to sum.
        var steps = 0
        var finished = false
        let integerSteps = notAbove > above
        let (low, top) = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2) { ends in
            ends[0] = 0
            ends[1] = high
            while steps < 200 {
                // Both ends in one binade: the integer steps below take over.
                if integerSteps && ends[0].isNormal && ends[1].isFinite
                    && ends[0].exponentBitPattern == ends[1].exponentBitPattern
                {
                    break
                }
                let mid = 0.5 * (ends[0] + ends[1])
                let atOrBelow = mid <= above ? 1 : 0
                let inBand = (1 - atOrBelow) & (mid >= notAbove ? 0 : 1)
                var exceeds = atOrBelow
                if inBand != 0 { exceeds = clippedTotal(mid) > budget ? 1 : 0 }
                ends[1 - exceeds] = mid
                steps += 1
                if ends[1] - ends[0] <= 1e-15 * max(1, ends[1]) {
                    finished = true
                    break
                }
            }
            return (ends[0], ends[1])
        }
        guard !finished && steps < 200 else { return top }
        // Once both ends lie in one binade [2^e, 2^(e+1)), they are whole multiples of its unit in
        // the last place u, and so are their bit patterns less the binade's first: low + top is
        // a whole multiple of u in the next binade up, where the spacing is 2u, so rounding it is a
        // halving with ties to even, and halving again is exact. On the patterns themselves (the
        // exponent bits cancel in pairs): with s = l + t and h = s/2 rounded down, the midpoint is
        // h when s is even and the even one of h and h + 1 when it is odd, that is h + (h & s & 1).
        // Positive doubles order as their patterns, so the comparisons with the band are integer
        // ones too. Each step is then a few integer operations instead of a floating-point add and
        // multiply, and gives the same midpoint to the last bit; the stopping test is the same one.
        var l = low.bitPattern
        var t = top.bitPattern
        let aboveBits = above.bitPattern
        // A point strictly inside the band: mid − above − 1 below its width − 1, unsigned.
        let bandWidth = notAbove.bitPattern &- aboveBits &- 1
        while steps < 200 {
            let s = l &+ t
            let h = s >> 1
            let mid = h &+ (h & s & 1)
            var exceeds = mid <= aboveBits
            if mid &- aboveBits &- 1 < bandWidth { exceeds = clippedTotal(Double(bitPattern: mid)) > budget }
            let keep = exceeds ? UInt64.max : 0
            l = (mid & keep) | (l & ~keep)
            t = (t & keep) | (mid & ~keep)
            steps += 1
            let topValue = Double(bitPattern: t)
            if topValue - Double(bitPattern: l) <= 1e-15 * max(1, topValue) { break }
        }
        return Double(bitPattern: t)
    }

    /// Where Σ clip(z_j − t) falls to the budget for t > 0, given its value at 0 (above the
    /// budget), up to rounding: sorted, the breakpoints z_j − u_j (a program comes off its
    /// maximum, and the total's slope steepens by one) and z_j − l_j (it reaches its minimum, and
    /// the slope eases by one) cut t into pieces on which the total is linear. `nil` when the
    /// total never falls to the budget.
    private static func budgetCrossing(
        _ z: UnsafeBufferPointer<Double>, lower: UnsafeBufferPointer<Double>, upper: UnsafeBufferPointer<Double>,
        budget: Double, unshifted: Double
    ) -> Double? {
        let p = z.count
        return withUnsafeTemporaryAllocation(of: (Double, Int).self, capacity: 2 * p) { points -> Double? in
            var count = 0
            var slope = 0  // programs strictly between their bounds just after t = 0
            func insert(_ point: Double, _ change: Int) {
                var i = count
                while i > 0 && points[i - 1].0 > point {
                    points[i] = points[i - 1]
                    i -= 1
                }
                points[i] = (point, change)
                count += 1
            }
            for j in 0..<p {
                let off = z[j] - upper[j]
                let floor = z[j] - lower[j]
                if off > 0 { insert(off, 1) }
                if floor > 0 { insert(floor, -1) }
                if off <= 0 && floor > 0 { slope += 1 }
            }
            var t = 0.0
            var total = unshifted
            for i in 0..<count {
                let next = total - Double(slope) * (points[i].0 - t)
                if next <= budget && slope > 0 { return t + (total - budget) / Double(slope) }
                total = next
                t = points[i].0
                slope += points[i].1
            }
            return nil
        }
    }

    /// Fills `budget` minus the minimums of the programs outside `subset` with a common level t
    /// across `subset`, each clipped to its bounds; every other program stays at its minimum.
    ///
    /// This is the "equal split, clipped to bounds, remainder redistributed" of <doc:QuestionsTheToolAnswers>.
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

extension AllocationProblem {
    /// The techniques whose level in the main ordering is above the frontier: what "promote
    /// anything past the present margin of safety research" funds.
    public var pastTheFrontier: [Int] {
        model.programs.indices.filter {
            model.programs[$0].kind == .technique && Double(model.programs[$0].level ?? 0) > frontier
        }
    }
}
