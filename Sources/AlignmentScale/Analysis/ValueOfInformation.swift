/// What learning about the true level (or the true ordering) would be worth (<doc:QuestionsTheToolAnswers>, <doc:DisputedOrderings>).
///
/// For a signal s with probability P(s), the value is Σ_s P(s)·max_x V(x | s) − max_x V(x), where
/// V(x | s) uses the world probabilities conditioned on s. Perfect information (EVPI) reveals the
/// world itself: the level and, with orderings, the ordering. The band and threshold signals are
/// about the level, whatever the ordering.
///
/// Each conditional optimisation also starts from the optima of the coarser questions (the prior
/// optimum, and for each level the optimum of every signal that contains it). So the numbers obey,
/// by construction (up to rounding in the last digits), 0 ≤ value of a partial signal ≤ EVPI.
public struct ValueOfInformation: Sendable {
    public struct Signal: Sendable {
        /// What is learned, such as "band green", "k ≤ 3", "k = 4" or "ordering interpretability-first".
        public let name: String
        /// The levels the signal leaves possible.
        public let levels: [Int]
        /// The worlds the signal leaves possible.
        public let worlds: [Int]
        public let probability: Double
        /// max_x V(x | s).
        public let safety: Double
        /// The optimal allocation once s is known.
        public let allocation: [Double]
    }

    public struct ThresholdValue: Sendable {
        public let after: Int
        public let name: String
        public let value: Double
        public let signals: [Signal]
    }

    /// max_x V(x) under the prior beliefs.
    public let priorSafety: Double
    public let priorAllocation: [Double]
    /// Expected value of perfect information about the world (the level, and the ordering if any).
    public let evpi: Double
    /// Value of learning the band.
    public let band: Double
    public let bandSignals: [Signal]
    public let thresholds: [ThresholdValue]
    /// For every level k (including those with no belief), max_x P(safe | k, x) and its allocation,
    /// with P(safe | k) averaged over the orderings.
    public let perLevel: [Signal]
    /// Value of learning which ordering is true; `nil` when the scenario names no alternative.
    public let ordering: Double?
    /// One signal per ordering with credence > 0 (empty for one ladder).
    public let orderingSignals: [Signal]
    /// With several orderings, every world (o, k) with probability > 0 (what EVPI averages over);
    /// empty for one ladder, where the worlds are ``perLevel``.
    public let perWorld: [Signal]

    /// - Parameters:
    ///   - problem: the allocation problem, with the current beliefs over worlds as its weights.
    ///   - scale: the scale whose bands and thresholds are the partial signals.
    ///   - options: for every optimisation.
    ///   - threads: how many optimisations run at once (each signal's optimum is its own search,
    ///     independent of the others at the same stage, so the answer does not depend on it).
    public init(problem: AllocationProblem, scale: Scale, options: Optimizer.Options = .init(), threads: Int = 1) {
        let worlds = problem.worlds
        let prior = Optimum(problem: problem, options: options).optimum
        priorSafety = prior.safety
        priorAllocation = prior.allocation
        let probabilities = problem.weights
        let n = worlds.levelCount
        let orderingCount = worlds.orderings.count

        /// The worlds of `levels` in every ordering (one ladder: world k − 1 for level k).
        func worldsOf(levels: [Int]) -> [Int] {
            (0..<orderingCount).flatMap { o in levels.map { o * n + $0 - 1 } }
        }
        /// A signal to solve: its name, levels, worlds and starting points.
        typealias Question = (name: String, levels: [Int], worlds: [Int], starts: [[Double]])
        /// Every question's optimum, `threads` at a time, in order.
        func solveAll(_ questions: [Question]) -> [Signal] {
            ChunkedRun.map(count: questions.count, threads: threads) { i in
                let q = questions[i]
                return solve(q.name, levels: q.levels, worlds: q.worlds, starts: q.starts)
            }
        }
        func solve(_ name: String, levels: [Int], worlds members: [Int], starts: [[Double]]) -> Signal {
            let mass = members.reduce(0) { $0 + probabilities[$1] }
            var weights = [Double](repeating: 0, count: probabilities.count)
            for w in members {
                // A signal nothing believes in is still solved, as if its worlds were weighted by credence alone.
                weights[w] =
                    mass > 0
                    ? probabilities[w] / mass
                    : worlds.orderings[worlds.ordering(of: w)].credence / Double(members.count / orderingCount)
            }
            let result = Optimizer.maximize(problem.weighted(weights), starts: starts, options: options)
            return Signal(
                name: name, levels: levels, worlds: members, probability: mass, safety: result.safety,
                allocation: result.allocation)
        }
        // Information is never worth less than nothing; a tiny negative difference is rounding.
        func value(of signals: [Signal]) -> Double {
            max(0, signals.reduce(0) { $0 + $1.probability * $1.safety } - prior.safety)
        }

        let informative = { (members: [Int]) in members.contains { probabilities[$0] > 0 } }
        // First stage: bands, both sides of each threshold and each ordering, all from the prior's
        // optimum and independent of one another.
        let bandQuestions: [Question] = scale.bands.filter { informative(worldsOf(levels: $0.levels)) }.map {
            ("band \($0.band.rawValue)", $0.levels, worldsOf(levels: $0.levels), [prior.allocation])
        }
        let thresholdQuestions: [[Question]] = scale.thresholds.map { threshold in
            let sides = [Array(1...threshold.after), Array((threshold.after + 1)...n)]
            let names = ["k ≤ \(threshold.after)", "k > \(threshold.after)"]
            return zip(names, sides).filter { informative(worldsOf(levels: $0.1)) }.map {
                ($0.0, $0.1, worldsOf(levels: $0.1), [prior.allocation])
            }
        }
        let orderingQuestions: [Question] =
            orderingCount > 1
            ? worlds.orderings.indices.filter { worlds.orderings[$0].credence > 0 }.map { o in
                ("ordering \(worlds.orderings[o].name)", Array(1...n), Array((o * n)..<((o + 1) * n)), [prior.allocation])
            } : []
        var firstStage = solveAll(bandQuestions + thresholdQuestions.flatMap { $0 } + orderingQuestions)[...]
        bandSignals = Array(firstStage.prefix(bandQuestions.count))
        firstStage = firstStage.dropFirst(bandQuestions.count)
        band = value(of: bandSignals)
        thresholds = zip(scale.thresholds, thresholdQuestions).map { threshold, questions in
            let signals = Array(firstStage.prefix(questions.count))
            firstStage = firstStage.dropFirst(questions.count)
            return ThresholdValue(after: threshold.after, name: threshold.name, value: value(of: signals), signals: signals)
        }
        if orderingCount > 1 {
            orderingSignals = Array(firstStage)
            ordering = value(of: orderingSignals)
        } else {
            // Alternatives identical to the main ordering: nothing to learn about which is right.
            orderingSignals = []
            ordering = worlds.hasAlternatives ? 0 : nil
        }
        let coarse = bandSignals + thresholds.flatMap(\.signals) + orderingSignals
        // Second stage: each level, from the optima of the coarser signals that contain it.
        let levelSignals = solveAll(
            (1...n).map { k in
                (
                    "k = \(k)", [k], worldsOf(levels: [k]),
                    [prior.allocation] + coarse.filter { $0.levels.contains(k) }.map(\.allocation)
                )
            })
        perLevel = levelSignals
        if orderingCount == 1 {
            perWorld = []
            evpi = max(0, levelSignals.reduce(0) { $0 + probabilities[$1.levels[0] - 1] * $1.safety } - prior.safety)
        } else {
            perWorld = solveAll(
                probabilities.indices.filter { probabilities[$0] > 0 }.map { w in
                    let k = worlds.level(of: w)
                    let containing = coarse.filter { $0.worlds.contains(w) }.map(\.allocation) + [levelSignals[k - 1].allocation]
                    return (
                        "k = \(k), ordering \(worlds.orderings[worlds.ordering(of: w)].name)", [k], [w],
                        [prior.allocation] + containing
                    )
                })
            evpi = value(of: perWorld)
        }
    }

    public init(scenario: Scenario, options: Optimizer.Options = .init(), threads: Int = 1) {
        self.init(problem: AllocationProblem(scenario: scenario), scale: scenario.scale, options: options, threads: threads)
    }
}
