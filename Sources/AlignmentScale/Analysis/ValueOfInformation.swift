/// What learning about the true level would be worth (MODEL.md §6, voi).
///
/// For a signal s with probability P(s), the value is Σ_s P(s)·max_x V(x | s) − max_x V(x), where
/// V(x | s) uses the beliefs conditioned on s. Perfect information (EVPI) reveals the level itself.
///
/// Each conditional optimisation also starts from the optima of the coarser questions (the prior
/// optimum, and for each level the optimum of every signal that contains it). So the numbers obey,
/// by construction (up to rounding in the last digits), 0 ≤ value of a partial signal ≤ EVPI.
public struct ValueOfInformation: Sendable {
    public struct Signal: Sendable {
        /// What is learned, such as "band green", "k ≤ 3" or "k = 4".
        public let name: String
        /// The levels the signal leaves possible.
        public let levels: [Int]
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
    /// Expected value of perfect information about the level.
    public let evpi: Double
    /// Value of learning the band.
    public let band: Double
    public let bandSignals: [Signal]
    public let thresholds: [ThresholdValue]
    /// For every level k (including those with no belief), max_x P(safe | k, x) and its allocation.
    public let perLevel: [Signal]

    public init(scenario: Scenario, options: Optimizer.Options = .init()) {
        let model = SafetyModel(scenario: scenario)
        let beliefs = scenario.beliefs
        let prior = OptimizationReport(scenario: scenario, options: options).optimum
        priorSafety = prior.safety
        priorAllocation = prior.allocation

        func solve(_ name: String, _ levels: [Int], starts: [[Double]]) -> Signal {
            let mass = levels.reduce(0) { $0 + beliefs[$1 - 1] }
            var weights = [Double](repeating: 0, count: beliefs.count)
            for k in levels { weights[k - 1] = mass > 0 ? beliefs[k - 1] / mass : 1 / Double(levels.count) }
            let problem = AllocationProblem(scenario: scenario, weights: weights, model: model)
            let result = Optimizer.maximize(problem, starts: starts, options: options)
            return Signal(name: name, levels: levels, probability: mass, safety: result.safety, allocation: result.allocation)
        }
        // Information is never worth less than nothing; a tiny negative difference is rounding.
        func value(of signals: [Signal]) -> Double {
            max(0, signals.reduce(0) { $0 + $1.probability * $1.safety } - prior.safety)
        }

        let informative = { (levels: [Int]) in levels.contains { beliefs[$0 - 1] > 0 } }
        bandSignals = scenario.scale.bands.filter { informative($0.levels) }.map {
            solve("band \($0.band.rawValue)", $0.levels, starts: [prior.allocation])
        }
        band = value(of: bandSignals)
        let n = scenario.scale.levelCount
        thresholds = scenario.scale.thresholds.map { threshold in
            let sides = [Array(1...threshold.after), Array((threshold.after + 1)...n)]
            let names = ["k ≤ \(threshold.after)", "k > \(threshold.after)"]
            let signals = zip(names, sides).filter { informative($0.1) }.map {
                solve($0.0, $0.1, starts: [prior.allocation])
            }
            return ThresholdValue(after: threshold.after, name: threshold.name, value: value(of: signals), signals: signals)
        }
        let coarse = bandSignals + thresholds.flatMap(\.signals)
        perLevel = (1...n).map { k in
            solve("k = \(k)", [k], starts: [prior.allocation] + coarse.filter { $0.levels.contains(k) }.map(\.allocation))
        }
        evpi = max(0, perLevel.reduce(0) { $0 + beliefs[$1.levels[0] - 1] * $1.safety } - prior.safety)
    }
}
