import Foundation

/// Which allocations survive the numbers being wrong (<doc:FirmAdvice>).
///
/// `alignscale robust` draws S joint draws of the uncertain parameters and (with a belief
/// concentration) the beliefs, draw s from stream s of the seed as the study's cases are, and
/// computes each draw's own optimum V*_s exactly (the multi-start optimiser, per draw). Each
/// candidate allocation x is scored on every draw by its regret r_s(x) = V*_s − V_s(x).
///
/// Candidates: `median-optimum` (the exact optimum at the medians, what `optimize` prints),
/// `mean-optimum` (maximises the mean of V_s over the draws, so it also minimises the mean regret),
/// `minimax-regret` (minimises the largest regret), the five rules at the medians and the
/// scenario's allocation when it has one.
///
/// Readings (each also in the docs):
/// - V*_s is the best value found for draw s: its own multi-start optimum, or a candidate's value
///   there when one is higher (the optimiser is a careful local search, so this can happen, very
///   rarely, by a rounding's width). Every regret is therefore ≥ 0.
/// - `mean-optimum` is searched from every other candidate (and the optimiser's own starts), so its
///   mean regret is never above theirs.
/// - `minimax-regret` minimises the smooth stand-in τ·log Σ_s exp(r_s/τ) for τ from 10⁻² down to
///   10⁻⁷ (each stage warm-started from the last; the stand-in is within τ·log S of the maximum),
///   started from every other candidate; the answer is whichever of that and the other candidates
///   has the smallest largest regret, so it is never worse than any of them.
/// - The features of scenario discovery are the drawn parameters and the drawn beliefs p_k of the
///   main ordering (the scenario's beliefs, the same in every draw, without a belief concentration).
public struct Robustness: Sendable {
    /// What scenario discovery looks for in each draw.
    public enum Event: Sendable, Equatable {
        /// The program's marginal value at the status quo is negative.
        case netNegative(program: Int)
        /// The draw's optimum gives the program more than 1% of the budget.
        case funded(program: Int)
        /// The candidate's regret exceeds `above` (probability units).
        case regret(candidate: String, above: Double)
    }

    public struct Options: Sendable {
        public var draws: Int
        public var seed: UInt64
        /// ε: a regret at most this counts as near-optimal; also the tolerance of the near-optimal ranges.
        public var within: Double
        public var discover: Event?
        /// The density the chosen discovery box must reach.
        public var threshold: Double
        /// Whether to look for switch points (one optimisation per grid point per uncertain
        /// number: a composed report that does not show them skips them).
        public var switchPoints: Bool
        public var threads: Int
        /// Called with the number of draws optimised so far, one call at a time and in increasing
        /// order (on a worker's thread when the run has several).
        public var progress: (@Sendable (Int) -> Void)?
        public var isCancelled: (@Sendable () -> Bool)?

        public init(
            draws: Int, seed: UInt64 = 1, within: Double = 0.01, discover: Event? = nil, threshold: Double = 0.8,
            switchPoints: Bool = true, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
            progress: (@Sendable (Int) -> Void)? = nil,
            isCancelled: (@Sendable () -> Bool)? = nil
        ) {
            precondition(draws > 0 && threads > 0)
            self.draws = draws
            self.seed = seed
            self.within = within
            self.discover = discover
            self.threshold = threshold
            self.switchPoints = switchPoints
            self.threads = threads
            self.progress = progress
            self.isCancelled = isCancelled
        }
    }

    /// One candidate allocation and its regrets over the draws.
    public struct Candidate: Sendable {
        public let name: String
        public let allocation: [Double]
        /// V_s of this allocation in each draw.
        public let values: [Double]
        /// r_s = V*_s − V_s in each draw.
        public let regrets: [Double]
        public let meanRegret: Double
        public let medianRegret: Double
        public let p95Regret: Double
        public let maxRegret: Double
        /// P(r ≤ ε).
        public let within: Double

        init(name: String, allocation: [Double], values: [Double], best: [Double], epsilon: Double) {
            self.name = name
            self.allocation = allocation
            self.values = values
            regrets = zip(best, values).map { max(0, $0 - $1) }
            let sorted = regrets.sorted()
            meanRegret = regrets.reduce(0, +) / Double(max(regrets.count, 1))
            medianRegret = Quantile.linear(sorted, 0.5)
            p95Regret = Quantile.linear(sorted, 0.95)
            maxRegret = sorted.last ?? 0
            within = Double(regrets.filter { $0 <= epsilon }.count) / Double(max(regrets.count, 1))
        }
    }

    public static let medianOptimumName = "median-optimum"
    public static let meanOptimumName = "mean-optimum"
    public static let minimaxRegretName = "minimax-regret"
    public static let scenarioName = "scenario"
    /// A share of the budget above this counts as funded.
    public static let fundedShare = 0.01

    /// The names a candidate can have on `scenario`, in the export's column order.
    public static func candidateNames(for scenario: Scenario) -> [String] {
        [medianOptimumName, meanOptimumName, minimaxRegretName] + Heuristic.allCases.map(\.rawValue)
            + (scenario.allocation == nil ? [] : [scenarioName])
    }

    public let options: Options
    /// The drawn parameters' names (by path), in column order.
    public let parameterNames: [String]
    /// Each draw's parameters, in ``parameterNames``' order.
    public let parameters: [[Double]]
    /// Each draw's beliefs p_1 … p_N of the main ordering.
    public let beliefs: [[Double]]
    /// V*_s.
    public let optima: [Double]
    /// Each draw's own optimal allocation.
    public let optimumAllocations: [[Double]]
    /// Every candidate, in ``candidateNames(for:)``' order.
    public let candidates: [Candidate]
    /// The exact optimum at the medians.
    public let medianOptimum: OptimizationResult
    public let ranges: [NearOptimalRange]
    public let switchPoints: [SwitchPoint]
    /// Scenario discovery, with `--discover`.
    public let discovery: ScenarioDiscovery?
    /// Whether the event happened, draw by draw, with `--discover`.
    public let events: [Bool]?

    /// The candidates sorted by their largest regret (then by name order).
    public var ranked: [Candidate] {
        candidates.enumerated().sorted { ($0.element.maxRegret, $0.offset) < ($1.element.maxRegret, $1.offset) }.map(\.element)
    }

    public func candidate(_ name: String) -> Candidate? { candidates.first { $0.name == name } }

    /// What scenario discovery reads: each drawn parameter by name, then the beliefs `p1` … `pN`,
    /// each with its value in every draw.
    public var features: [(name: String, values: [Double])] {
        Robustness.features(names: parameterNames, parameters: parameters, beliefs: beliefs)
    }

    static func features(names: [String], parameters: [[Double]], beliefs: [[Double]]) -> [(name: String, values: [Double])] {
        let levels = beliefs.first?.count ?? 0
        return names.indices.map { c in (names[c], parameters.map { $0[c] }) }
            + (0..<levels).map { k in ("p\(k + 1)", beliefs.map { $0[k] }) }
    }

    /// Runs the analysis.
    /// - Precondition: the scenario has something uncertain (``Scenario/isUncertain``).
    public init(scenario: Scenario, options: Options) {
        precondition(scenario.isUncertain)
        self.options = options
        let problem = AllocationProblem(scenario: scenario)
        let sampler = ParameterSampler(scenario: scenario)
        let width = max(sampler.width, 1)
        let s = options.draws
        let stop = options.isCancelled
        let optimizer = Optimizer.Options(isCancelled: stop)
        parameterNames = sampler.parameters.map(\.name)

        // The candidates at the medians.
        let rules = Heuristic.allCases.map { ($0.rawValue, $0.allocation(for: problem, isCancelled: stop)) }
        let medianResult = Optimizer.maximize(problem, starts: rules.map(\.1), options: optimizer)
        medianOptimum = medianResult
        var fixed = [(Robustness.medianOptimumName, medianResult.allocation)] + rules
        if let given = scenario.allocation { fixed.append((Robustness.scenarioName, given)) }

        // Each draw and its own optimum.
        let workers = (0..<options.threads).map { _ in RobustWorker(scenario: scenario, problem: problem, sampler: sampler) }
        var rows: [Double] = []
        rows.reserveCapacity(s * width)
        var own: [OptimizationResult] = []
        own.reserveCapacity(s)
        let start = medianResult.allocation
        ChunkedRun.run(
            count: s, chunkSize: 4, workers: workers,
            work: { worker, _, range in
                range.map { index -> ([Double], OptimizationResult?) in
                    let row = worker.row(index, seed: options.seed)
                    // Once cancelled, a draw is not optimised (the result is discarded).
                    if stop?() == true { return (row, nil) }
                    return (row, worker.optimum(row: row, start: start, options: optimizer))
                }
            },
            consume: { results in
                for (row, result) in results {
                    rows += row + [Double](repeating: 0, count: width - row.count)
                    own.append(result ?? medianResult)
                }
            }, progress: options.progress.map { callback in { callback($0) } }, isCancelled: stop)
        // A cancelled run keeps going on placeholders so that it returns quickly; it is discarded.
        while own.count < s {
            rows += [Double](repeating: 0, count: width)
            own.append(medianResult)
        }
        // Every draw held at once: V_s and ∂V_s/∂x for the candidates, the mean and the minimax search.
        let draws = SampleAverageObjective(
            scenario: scenario, sampler: sampler, rows: rows, count: s, measure: .mean, problem: problem,
            threads: options.threads, isCancelled: stop)
        let ownAllocations = own.map(\.allocation)
        optimumAllocations = ownAllocations
        var best = draws.values(each: { ownAllocations[$0] })
        let drawnParameters = (0..<s).map { Array(rows[($0 * width)..<($0 * width + sampler.parameters.count)]) }
        parameters = drawnParameters
        let n = scenario.scale.levelCount
        let drawnBeliefs = (0..<s).map { index in
            sampler.beliefConcentration == nil
                ? scenario.beliefs
                : Array(rows[(index * width + sampler.parameters.count)..<(index * width + sampler.parameters.count + n)])
        }
        beliefs = drawnBeliefs

        // Candidates' values; V*_s is the best value found for the draw.
        let values = fixed.map { draws.values($0.1) }
        func raise(_ v: [Double]) { for i in 0..<s { best[i] = max(best[i], v[i]) } }
        values.forEach(raise)
        let search = Optimizer.Options(randomStarts: 4, finalists: 3, isCancelled: stop)
        let mean = Optimizer.maximize(draws, starts: fixed.map(\.1), options: search)
        let meanValues = draws.values(mean.allocation)
        raise(meanValues)
        let minimax = Robustness.minimaxRegret(
            problem: problem, draws: draws, best: best, starts: fixed.map(\.1) + [mean.allocation], isCancelled: stop)
        let minimaxValues = draws.values(minimax)
        raise(minimaxValues)
        // Among the smoothed answer and every other candidate, the smallest largest regret.
        let pool = [(minimax, minimaxValues), (mean.allocation, meanValues)] + zip(fixed.map(\.1), values).map { ($0, $1) }
        let worst = pool.map { _, v in zip(best, v).map { $0 - $1 }.max() ?? 0 }
        let pick = worst.indices.min { (worst[$0], $0) < (worst[$1], $1) }!
        optima = best
        let epsilon = options.within
        let final = best
        var all = [
            Candidate(name: fixed[0].0, allocation: fixed[0].1, values: values[0], best: final, epsilon: epsilon),
            Candidate(
                name: Robustness.meanOptimumName, allocation: mean.allocation, values: meanValues, best: final, epsilon: epsilon),
            Candidate(
                name: Robustness.minimaxRegretName, allocation: pool[pick].0, values: pool[pick].1, best: final, epsilon: epsilon),
        ]
        for (i, rule) in fixed.enumerated().dropFirst() {
            all.append(Candidate(name: rule.0, allocation: rule.1, values: values[i], best: final, epsilon: epsilon))
        }
        candidates = all

        ranges = NearOptimalRange.all(
            problem: problem, optimum: medianOptimum, epsilon: epsilon, programs: scenario.programs, threads: options.threads,
            isCancelled: stop)
        switchPoints =
            options.switchPoints
            ? SwitchPoint.all(scenario: scenario, sampler: sampler, threads: options.threads, isCancelled: stop) : []

        if let event = options.discover {
            let happened: [Bool]
            switch event {
            case .netNegative(let j):
                happened = draws.gradients(problem.lower).map { $0[j] < 0 }
            case .funded(let j):
                happened = ownAllocations.map { problem.budget > 0 && $0[j] / problem.budget > Robustness.fundedShare }
            case .regret(let name, let above):
                let regrets = all.first { $0.name == name }?.regrets ?? []
                happened = regrets.map { $0 > above }
            }
            events = happened
            let features = Robustness.features(
                names: sampler.parameters.map(\.name), parameters: drawnParameters, beliefs: drawnBeliefs)
            discovery = ScenarioDiscovery(
                values: features.map(\.values), features: features.map(\.name), events: happened,
                threshold: options.threshold)
        } else {
            events = nil
            discovery = nil
        }
    }

    /// The minimax-regret search: the smooth stand-in maximised for a decreasing temperature.
    static func minimaxRegret(
        problem: AllocationProblem, draws: SampleAverageObjective, best: [Double], starts: [[Double]],
        isCancelled: (@Sendable () -> Bool)?
    ) -> [Double] {
        let objective = SmoothedWorstRegret(problem: problem, draws: draws, best: best, temperature: 1e-2)
        var x = Optimizer.maximize(
            objective, starts: starts, options: Optimizer.Options(randomStarts: 4, finalists: 3, isCancelled: isCancelled)
        ).allocation
        for temperature in [3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7] {
            if isCancelled?() == true { break }
            objective.temperature = temperature
            x = Optimizer.search(objective, from: x, iterations: 300, tolerance: 1e-14, isCancelled: isCancelled).x
        }
        return x
    }
}

/// Per-thread state of a robustness run.
final class RobustWorker {
    let scenario: Scenario
    let problem: AllocationProblem
    let sampler: ParameterSampler

    init(scenario: Scenario, problem: AllocationProblem, sampler: ParameterSampler) {
        self.scenario = scenario
        self.problem = problem
        self.sampler = sampler
    }

    /// Draw `index`'s row, from stream `index` of the seed.
    func row(_ index: Int, seed: UInt64) -> [Double] {
        var source = RandomSource(seed: seed, stream: UInt64(index))
        return sampler.draw(using: &source)
    }

    /// The draw's exact optimum: the full multi-start optimiser from its own starts, the rules at
    /// the draw and `start`.
    func optimum(row: [Double], start: [Double], options: Optimizer.Options) -> OptimizationResult {
        let own = drawnProblem(row)
        let rules = Heuristic.allCases.map { $0.allocation(for: own, isCancelled: options.isCancelled) }
        return Optimizer.maximize(own, starts: rules + [start], options: options)
    }

    func drawnProblem(_ row: [Double]) -> AllocationProblem {
        let instance = sampler.instance(of: scenario, row: row)
        return AllocationProblem(
            model: instance.model(), worlds: instance.worlds, lower: problem.lower, upper: problem.upper,
            budget: problem.budget, frontier: problem.frontier)
    }
}
