import Foundation

/// The best allocation found for an ``AllocationProblem``.
public struct OptimizationResult: Sendable {
    public let allocation: [Double]
    public let safety: Double
    public let gradient: [Double]
    public let kkt: KKTCheck
    /// How many starting points were tried.
    public let starts: Int
}

/// Multi-start spectral projected gradient ascent (<doc:QuestionsTheToolAnswers>).
///
/// V is smooth but not concave (backfire makes money harmful in some worlds), so a single local
/// search can stop at a poor local optimum. The optimiser starts from the status quo, the equal
/// split, every single program taking the whole free budget, every allocation the caller adds
/// (the heuristics, a previous optimum) and seeded random points; it runs a short search from each,
/// continues the best few to convergence and returns the best.
///
/// Each search is the spectral projected gradient method with a non-monotone Armijo line search
/// (Birgin, Martínez and Raydan, SIAM J. Optim. 10 (2000) 1196–1211), projecting onto
/// {l ≤ x ≤ u, Σx ≤ B}. It stops when the Frank–Wolfe gap max_y ∇V·(y − x) over the feasible set,
/// an upper bound on the first-order gain still available, falls below `gapTolerance` (1e-12 by default).
public enum Optimizer {
    /// Tuning that trades time for certainty; the defaults suit interactive use.
    public struct Options: Sendable {
        public var randomStarts: Int
        public var screeningIterations: Int
        public var finalists: Int
        public var maximumIterations: Int
        public var seed: UInt64
        /// Stop a search when the Frank–Wolfe gap (the first-order gain still available) is below this.
        public var gapTolerance: Double
        /// Checked at every iteration; when it returns true the optimiser returns the best point
        /// found so far at once (a server does this at its time limit, and then discards it).
        public var isCancelled: (@Sendable () -> Bool)?

        public init(
            randomStarts: Int = 8, screeningIterations: Int = 30, finalists: Int = 4,
            maximumIterations: Int = 500, seed: UInt64 = 0x5EED, gapTolerance: Double = 1e-12,
            isCancelled: (@Sendable () -> Bool)? = nil
        ) {
            self.isCancelled = isCancelled
            self.gapTolerance = gapTolerance
            self.randomStarts = randomStarts
            self.screeningIterations = screeningIterations
            self.finalists = finalists
            self.maximumIterations = maximumIterations
            self.seed = seed
        }
    }

    /// Maximises V over the feasible set.
    ///
    /// - Parameters:
    ///   - problem: the objective over worlds, the bounds and the budget.
    ///   - extra: extra starting allocations (projected onto the feasible set first).
    ///   - options: starts, tolerances and cancellation.
    /// - Returns: the best allocation found, its V, gradient and KKT check.
    /// - Complexity: O((starts + random starts)·iterations) gradient evaluations.
    public static func maximize(
        _ problem: AllocationProblem, starts extra: [[Double]] = [], options: Options = Options()
    ) -> OptimizationResult {
        maximize(Objective(problem), starts: extra, options: options)
    }

    /// Maximises any objective over its problem's feasible set, as above.
    static func maximize(
        _ objective: some AllocationObjective, starts extra: [[Double]] = [], options: Options = Options(),
        screening: (some AllocationObjective)? = nil as Objective?
    ) -> OptimizationResult {
        let problem = objective.problem
        let p = problem.programCount
        var candidates: [[Double]] = [problem.lower, problem.waterFill(Array(0..<p))]
        for j in 0..<p { candidates.append(problem.waterFill([j])) }
        candidates += extra.map(problem.project)
        var rng = SeededGenerator(seed: options.seed)
        for _ in 0..<options.randomStarts {
            // A uniformly random split of a random share of the budget.
            let weights = (0..<p).map { _ in -log(1 - rng.nextUniform()) }
            let total = weights.reduce(0, +)
            let share = rng.nextUniform()
            let free = problem.budget - problem.lower.reduce(0, +)
            candidates.append(problem.project((0..<p).map { problem.lower[$0] + share * free * weights[$0] / total }))
        }
        var unique: [[Double]] = []
        for c in candidates where !unique.contains(c) { unique.append(c) }

        // A cheaper stand-in objective (such as a subsample) may rank the starts.
        let stop = options.isCancelled
        var screened: [(x: [Double], value: Double)] = []
        for start in unique {
            // Once cancelled, one start is enough for a result that is discarded anyway.
            if !screened.isEmpty, stop?() == true { break }
            if let screening {
                screened.append(
                    search(
                        screening, from: start, iterations: options.screeningIterations, tolerance: options.gapTolerance,
                        isCancelled: stop))
            } else {
                screened.append(
                    search(
                        objective, from: start, iterations: options.screeningIterations, tolerance: options.gapTolerance,
                        isCancelled: stop))
            }
        }
        screened.sort { $0.value > $1.value }
        var best = screened[0]
        if screening != nil { best.value = objective.value(best.x) }
        for start in screened.prefix(options.finalists) where stop?() != true {
            let polished = search(
                objective, from: start.x, iterations: options.maximumIterations, tolerance: options.gapTolerance,
                isCancelled: stop)
            if polished.value > best.value { best = polished }
        }
        return result(objective, best, starts: unique.count)
    }

    /// How widely ``maximizeQuickly(_:starts:options:)`` looks before it settles.
    public enum Search: String, Sendable, Equatable, CaseIterable {
        /// Every start of ``maximize(_:starts:options:)``.
        case full
        /// A few starts; every start only when those few disagree.
        case quick
    }

    /// Starts whose optima lie within this of each other in V agree.
    public static let agreement = 1e-9

    /// A quick search for a run of many problems (a study's cases): searches to convergence from
    /// the status quo, the equal split, each of `extra`, the two programs alone of highest V and
    /// the three programs with their requirements of highest V, and returns their best when all
    /// of them reach the same V (within ``agreement``); otherwise it returns the full search,
    /// ``maximize(_:starts:options:)`` with the same `extra`. "A program alone" gives everything
    /// free to that program; "with its requirements" splits it evenly over the program and every
    /// program it requires, directly or through others (a program whose requirements go unfunded
    /// is worth nothing, so it alone says little about an optimum that funds it with them).
    ///
    /// Agreement is evidence, not proof, and this is not a certificate of the full search's
    /// answer. V is not concave, so a better optimum can hide where none of the few starts leads;
    /// only an exhaustive search (branch and bound to 1e-9 in as many dimensions as programs) could
    /// rule that out, at far more than the full search's cost. What agreement does ensure: the
    /// answer is a converged local optimum that starts from very different places (nothing spent,
    /// everything spread evenly, each rule's allocation, the best programs alone) all climb to.
    /// The full search adds the other programs alone and eight random points.
    ///
    /// Measured against the full search case by case (see `Benchmarks/bench-study`, which repeats
    /// the comparison on study cases). On random scenarios (3 to 10 programs, with `requires`,
    /// orderings and structure switches), 1 of 80 000 came out below it, by 5.3e-3: the better
    /// optimum funded a program whose allocation alone ranked fourth. With only the two programs
    /// alone as starts, 4 of 40 000 came out below, by up to 4.9e-3, each an optimum that funds a
    /// program with what it requires. On 100 000 study cases of the built-in scenario none did.
    /// - Returns: the answer, and whether the few starts agreed (false: the full search's answer).
    public static func maximizeQuickly(
        _ problem: AllocationProblem, starts extra: [[Double]] = [], options: Options = Options()
    ) -> (result: OptimizationResult, agreed: Bool) {
        let objective = Objective(problem)
        // A case's other optima tend to sit where one program, or one program with what it
        // requires, holds most of the budget: the two programs alone and the three programs with
        // their requirements whose allocations score best.
        let requirements = problem.model.requirements
        let p = problem.programCount
        let alone = (0..<p).map { problem.waterFill([$0]) }
        let aloneValues = alone.map { objective.value($0) }
        // A program that requires nothing has the same allocation both ways: scored once.
        let ancestors = (0..<p).map { requirements.ancestors(of: $0) }
        let withRequirements = (0..<p).map { ancestors[$0].isEmpty ? alone[$0] : problem.waterFill([$0] + ancestors[$0]) }
        let withRequirementsValues = (0..<p).map {
            ancestors[$0].isEmpty ? aloneValues[$0] : objective.value(withRequirements[$0])
        }
        func topScoring(_ count: Int, of allocations: [[Double]], values: [Double]) -> [[Double]] {
            allocations.indices.sorted { values[$0] > values[$1] }.prefix(count).map { allocations[$0] }
        }
        var starts: [[Double]] = []
        let candidates =
            [problem.lower, problem.waterFill(Array(0..<p))] + extra.map(problem.project)
            + topScoring(2, of: alone, values: aloneValues)
            + topScoring(3, of: withRequirements, values: withRequirementsValues)
        for c in candidates where !starts.contains(c) {
            starts.append(c)
        }
        var best: (x: [Double], value: Double)?
        var lowest = Double.infinity
        for start in starts {
            if best != nil, options.isCancelled?() == true { break }
            let found = search(
                objective, from: start, iterations: options.maximumIterations, tolerance: options.gapTolerance,
                isCancelled: options.isCancelled)
            lowest = min(lowest, found.value)
            if best == nil || found.value > best!.value { best = found }
        }
        if let best, best.value - lowest <= agreement {
            return (result(objective, best, starts: starts.count), true)
        }
        return (maximize(problem, starts: extra, options: options), false)
    }

    /// The answer at `best`, with its gradient and KKT check.
    private static func result(
        _ objective: some AllocationObjective, _ best: (x: [Double], value: Double), starts: Int
    ) -> OptimizationResult {
        let gradient = objective.gradient(best.x)
        return OptimizationResult(
            allocation: best.x, safety: best.value, gradient: gradient,
            kkt: KKTCheck(problem: objective.problem, allocation: best.x, gradient: gradient), starts: starts)
    }

    /// The y maximising g·y over the feasible set, into `y`: fill the programs with the largest
    /// positive marginals first. `order` is scratch for the filling order and `lowerTotal` is
    /// Σ lower, so that the optimiser's inner loop allocates nothing.
    static func linearMaximum(
        _ problem: AllocationProblem, _ g: [Double], lowerTotal: Double, order: inout [Int], into y: inout [Double]
    ) {
        for j in g.indices {
            order[j] = j
            y[j] = problem.lower[j]
        }
        order.sort(by: { g[$0] > g[$1] })
        var free = problem.budget - lowerTotal
        for j in order where g[j] > 0 && free > 0 {
            let add = min(problem.upper[j] - y[j], free)
            y[j] += add
            free -= add
        }
    }

    /// One local search from `start` to convergence (no other starts): what a caller that already
    /// holds a good nearby answer (a warm start) runs instead of ``maximize(_:starts:options:)``.
    static func polish(_ problem: AllocationProblem, from start: [Double], options: Options = Options()) -> OptimizationResult {
        let objective = Objective(problem)
        let best = search(
            objective, from: start, iterations: options.maximumIterations, tolerance: options.gapTolerance,
            isCancelled: options.isCancelled)
        return result(objective, best, starts: 1)
    }

    /// One spectral projected gradient search (see the type's documentation), without
    /// allocating per iteration: every vector lives in a buffer made once, and each step does
    /// the same operations in the same order as the vector expressions it stands for.
    static func search(
        _ f: some AllocationObjective, from start: [Double], iterations: Int, tolerance: Double,
        isCancelled: (@Sendable () -> Bool)?
    ) -> (x: [Double], value: Double) {
        let problem = f.problem
        let p = problem.programCount
        let scaleOfX = max(1, problem.budget)
        var x = problem.project(start)
        var g = [Double](repeating: 0, count: p)
        var value = f.value(x, gradientInto: &g)
        let gMax = g.map(abs).max() ?? 0
        guard gMax > 0 else { return (x, value) }
        let stepMin = 1e-12 * scaleOfX / gMax
        let stepMax = 1e12 * scaleOfX / gMax
        var step = 0.1 * scaleOfX / gMax
        var recent = [value]
        recent.reserveCapacity(11)
        var bestX = x
        var bestValue = value
        var lastGain = 0
        var moved = [Double](repeating: 0, count: p)  // x + step·g
        var target = moved  // its projection
        var direction = moved
        var trial = moved
        var newG = moved
        var order = Array(0..<p)
        var vertex = moved
        let lowerTotal = problem.lower.reduce(0, +)
        for iteration in 0..<iterations {
            if let isCancelled, isCancelled() { break }
            let gap = frankWolfeGap(problem, g, at: x, lowerTotal: lowerTotal, order: &order, vertex: &vertex)
            if gap <= tolerance { break }
            for j in 0..<p { moved[j] = x[j] + step * g[j] }
            problem.project(moved, into: &target)
            var slope = 0.0
            for j in 0..<p {
                direction[j] = target[j] - x[j]
                slope += g[j] * direction[j]
            }
            if slope <= 0 { break }
            let reference = recent.min()!
            var t = 1.0
            for j in 0..<p { trial[j] = target[j] }
            // The full step is usually taken, so its gradient comes with its value in one pass.
            var trialValue = f.value(trial, gradientInto: &newG)
            var halvings = 0
            while trialValue < reference + 1e-4 * t * slope && halvings < 40 {
                t *= 0.5
                for j in 0..<p { trial[j] = x[j] + t * direction[j] }
                trialValue = f.value(trial)
                halvings += 1
            }
            if halvings == 40 { break }
            if halvings > 0 { f.gradient(trial, into: &newG) }
            // s = trial − x and y = g − newG (the change in ∇(−V)).
            var sy = 0.0
            var ss = 0.0
            for j in 0..<p {
                let sj = trial[j] - x[j]
                sy += sj * (g[j] - newG[j])
                ss += sj * sj
            }
            step = sy > 0 ? min(max(ss / sy, stepMin), stepMax) : stepMax
            swap(&x, &trial)
            swap(&g, &newG)
            value = trialValue
            recent.append(value)
            if recent.count > 10 { recent.removeFirst() }
            if value > bestValue + 1e-13 * max(1, abs(bestValue)) {
                lastGain = iteration
            }
            if value > bestValue {
                for j in 0..<p { bestX[j] = x[j] }
                bestValue = value
            }
            // Stalled: no real gain for 20 iterations (a non-smooth objective such as CVaR never
            // closes the gap).
            if iteration - lastGain >= 20 { break }
        }
        return (bestX, bestValue)
    }

    /// The Frank–Wolfe gap max_y g·(y − x) over the feasible set, with y from
    /// ``linearMaximum(_:_:lowerTotal:order:into:)`` (built in `vertex`).
    private static func frankWolfeGap(
        _ problem: AllocationProblem, _ g: [Double], at x: [Double], lowerTotal: Double, order: inout [Int],
        vertex: inout [Double]
    ) -> Double {
        linearMaximum(problem, g, lowerTotal: lowerTotal, order: &order, into: &vertex)
        var gap = 0.0
        for j in g.indices { gap += g[j] * (vertex[j] - x[j]) }
        return gap
    }
}
