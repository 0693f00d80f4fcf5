import Foundation

/// Which uncertain parameters matter (<doc:UncertainParameters>): a tornado of the optimum and Sobol indices of
/// safety at a fixed allocation.
public struct Sensitivity: Sendable {
    /// One parameter moved to its 5th and 95th percentiles with every other at its median.
    public struct TornadoBar: Sendable {
        public let parameter: String
        public let low: Double
        public let high: Double
        /// The optimal safety with the parameter at `low` and at `high`.
        public let safetyAtLow: Double
        public let safetyAtHigh: Double
        /// Σ_j |x*_j − x*_medians,j| with the parameter at `low` and at `high`.
        public let allocationChangeAtLow: Double
        public let allocationChangeAtHigh: Double
        /// |safetyAtHigh − safetyAtLow|, the bar's length.
        public var swing: Double { abs(safetyAtHigh - safetyAtLow) }
    }

    /// The optimum with every parameter at its median.
    public let baseSafety: Double
    public let baseAllocation: [Double]
    /// Sorted by swing, largest first.
    public let tornado: [TornadoBar]
    /// Sobol indices of V at ``sobolAllocation``: one factor per uncertain parameter, plus one
    /// `beliefs` factor for Dirichlet beliefs.
    public let sobol: SobolIndices
    public let sobolAllocation: [Double]
    /// Sobol indices assume independent inputs, so correlations are left out of them (and of the tornado).
    public let correlationsIgnored: Bool

    /// - Parameters:
    ///   - scenario: the model and its uncertain parameters.
    ///   - allocation: where to take the Sobol indices (the scenario's allocation by default).
    ///   - options: base samples n (Saltelli's scheme evaluates V n·(d + 2) times), seed and threads.
    ///   - bootstrap: resamples for the indices' intervals.
    /// - Throws: ``InputError`` when the scenario has nothing uncertain.
    public init(scenario: Scenario, allocation: [Double]? = nil, options: MonteCarloOptions, bootstrap: Int = 200) throws {
        try scenario.requireUncertainty("sensitivity varies the uncertain parameters")
        let threads = options.threads
        let optimizing = Optimizer.Options(isCancelled: options.isCancelled)
        let base = Optimum(scenario: scenario, options: optimizing)
        baseSafety = base.objective
        baseAllocation = base.allocation
        let parameters = scenario.uncertainty.parameters
        let bars = ChunkedRun.map(count: parameters.count, threads: threads) { index -> TornadoBar in
            let parameter = parameters[index]
            let low = parameter.distribution.quantile(0.05)
            let high = parameter.distribution.quantile(0.95)
            func optimum(_ value: Double) -> (Double, Double) {
                let moved = scenario.setting(parameter.target, to: value)
                let problem = AllocationProblem(scenario: moved)
                let result = Optimizer.maximize(problem, starts: [base.allocation], options: optimizing)
                return (result.safety, zip(result.allocation, base.allocation).reduce(0) { $0 + abs($1.0 - $1.1) })
            }
            let (safetyLow, changeLow) = optimum(low)
            let (safetyHigh, changeHigh) = optimum(high)
            return TornadoBar(
                parameter: parameter.name, low: low, high: high, safetyAtLow: safetyLow, safetyAtHigh: safetyHigh,
                allocationChangeAtLow: changeLow, allocationChangeAtHigh: changeHigh)
        }
        tornado = bars.enumerated().sorted { ($0.element.swing, -$0.offset) > ($1.element.swing, -$1.offset) }.map(\.element)

        let x = allocation ?? scenario.currentAllocation
        sobolAllocation = x
        let sampler = ParameterSampler(scenario: scenario, ignoringCorrelations: true)
        let width = max(sampler.width, 1)
        var columns = parameters.indices.map { $0..<($0 + 1) }
        var names = parameters.map(\.name)
        if scenario.beliefConcentration != nil {
            columns.append(parameters.count..<sampler.width)
            names.append("beliefs")
        }
        let drawer = RowDrawer(sampler: sampler)
        func matrix(stream: UInt64) -> [Double] {
            var source = RandomSource(seed: options.seed, stream: stream)
            return drawer.rows(options.samples, using: &source)
        }
        sobol = SobolIndices(
            factors: names, columns: columns, width: width, a: matrix(stream: 0), b: matrix(stream: 1), bootstrap: bootstrap,
            seed: options.seed, threads: threads, isCancelled: options.isCancelled,
            makeFunction: {
                let evaluator = SampleEvaluator(scenario: scenario, sampler: sampler)
                let isCancelled = options.isCancelled
                return { row in
                    // Once cancelled, the remaining evaluations are skipped (the result is discarded).
                    if let isCancelled, isCancelled() { return 0 }
                    evaluator.load(row)
                    return x.withUnsafeBufferPointer { evaluator.safety(at: $0.baseAddress!) }
                }
            })
        correlationsIgnored = !scenario.uncertainty.correlations.isEmpty
    }
}
