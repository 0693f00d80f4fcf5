import Foundation

/// The source's two closing questions answered across many beliefs (<doc:TheStudy>): what the
/// optimal allocation gives over simple rules, and whether "promote anything past the present
/// margin of safety research" is the right response to uncertainty about difficulty.
///
/// A study draws D *cases*. Each case draws beliefs p ~ Dirichlet(κ·p̄) around the scenario's
/// beliefs p̄ (or from the flat Dirichlet(1, …, 1)), which replace the scenario's beliefs in every
/// ordering without beliefs of its own, and, when the scenario has uncertain parameters, one draw
/// of them. For each case it computes exactly the optimum, every heuristic's safety, each
/// program's optimal share and its marginal value at the status quo and at the optimum, and the
/// belief summaries E[k] and P(k > t) for each threshold t of the scale.
///
/// Cases are independent: case i draws from stream i of the seed, so the same seed gives the same
/// study whatever the number of threads.
///
/// Readings of <doc:TheStudy> (each also in the issue note):
/// - The case's beliefs replace `belief_concentration`'s Dirichlet: a scenario's uncertain
///   parameters are drawn, its belief concentration is not (the study's κ plays that part).
/// - "The best heuristic in the case" counts every heuristic within 1e-12 of the best one's
///   safety, so the shares can sum to more than 1 when rules tie (such as two that fund the same).
/// - With no technique past the frontier, the margin claim has no techniques to speak of and is
///   reported as not applicable (`nil`), not as vacuously true.
/// - A program is funded at the optimum when its share of the budget is above 1%; with a budget
///   of 0 every share is 0.
public struct Study: Sendable {
    /// Where the belief profiles come from.
    public enum Beliefs: Sendable, Equatable {
        /// Dirichlet(κ·p̄) around the scenario's beliefs.
        case concentrated(Double)
        /// The flat Dirichlet(1, …, 1): every belief profile equally likely.
        case uniform
    }

    public struct Options: Sendable {
        public var cases: Int
        public var seed: UInt64
        public var beliefs: Beliefs
        public var threads: Int
        /// How widely each case's optimum is searched for (``defaultSearch`` unless told).
        public var search: Optimizer.Search
        /// The quick search: a few starts, and every start for the cases where those disagree.
        public static let defaultSearch = Optimizer.Search.quick
        /// Called with the number of cases done so far, one call at a time and in increasing order
        /// (on a worker's thread when the run has several).
        public var progress: (@Sendable (Int) -> Void)?
        /// Checked between blocks of cases and inside each optimisation.
        public var isCancelled: (@Sendable () -> Bool)?

        public init(
            cases: Int, seed: UInt64 = 1, beliefs: Beliefs = .concentrated(2),
            threads: Int = ProcessInfo.processInfo.activeProcessorCount, search: Optimizer.Search = defaultSearch,
            progress: (@Sendable (Int) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil
        ) {
            precondition(cases > 0 && threads > 0)
            self.search = search
            self.cases = cases
            self.seed = seed
            self.beliefs = beliefs
            self.threads = threads
            self.progress = progress
            self.isCancelled = isCancelled
        }
    }

    /// One case: what was drawn and what was computed.
    public struct Case: Sendable {
        /// The drawn beliefs p_1 … p_N.
        public let beliefs: [Double]
        /// The drawn uncertain parameters, in the sampler's column order (empty when none).
        public let parameters: [Double]
        /// V* and x*.
        public let optimum: Double
        public let allocation: [Double]
        /// V of each heuristic, in the order of `Heuristic.allCases`.
        public let heuristicSafety: [Double]
        /// ∂V/∂x_j at the status quo and at the optimum.
        public let marginalsAtStatusQuo: [Double]
        public let marginalsAtOptimum: [Double]
        /// E[k] under the case's beliefs (marginal over orderings).
        public let expectedLevel: Double
        /// P(k > t) for each threshold t of the scale, in order.
        public let aboveThresholds: [Double]
        /// With the quick search, whether its few starts agreed (false: the full search ran);
        /// `nil` with the full search.
        public let startsAgreed: Bool?

        /// V* − V for each heuristic.
        public var regrets: [Double] { heuristicSafety.map { optimum - $0 } }
    }

    public struct HeuristicSummary: Sendable {
        public let heuristic: Heuristic
        public let meanRegret: Double
        public let medianRegret: Double
        public let p95Regret: Double
        /// P(regret ≤ 1 percentage point).
        public let withinOnePoint: Double
        /// P(it is the best heuristic in the case).
        public let best: Double
    }

    /// "Promote anything past the present margin", tested; `nil` fields when the scenario has no
    /// technique past the frontier.
    public struct MarginClaim: Sendable {
        /// The techniques past the frontier (program indices).
        public let techniques: [Int]
        /// P(every technique past the frontier has a positive marginal value at the status quo).
        public let statusQuo: Double?
        /// The same at the optimum.
        public let optimum: Double?
        /// For each technique past the frontier, P(its marginal value at the status quo < 0).
        public let netNegativeAtStatusQuo: [Double]
    }

    public struct ProgramSummary: Sendable {
        public let id: String
        /// P(its optimal share of the budget > 1%).
        public let funded: Double
        public let meanShare: Double
        /// P(its marginal value at the status quo < 0).
        public let netNegativeAtStatusQuo: Double
    }

    /// The mean optimal share of each program in ten equal bins of E[k] over [1, N].
    public struct ByDifficulty: Sendable {
        public let binEdges: [Double]
        public let cases: [Int]
        /// Per program (program order), per bin; `nil` for an empty bin.
        public let shares: [[Double?]]
    }

    public let options: Options
    public let cases: [Case]
    public let heuristics: [HeuristicSummary]
    public let marginClaim: MarginClaim
    public let programs: [ProgramSummary]
    public let byDifficulty: ByDifficulty
    /// The names of ``Case/parameters``' columns (as Monte Carlo's export names them).
    public let parameterColumns: [String]
    /// The thresholds whose P(k > t) each case reports.
    public let thresholds: [Int]
    /// The cases whose optimum came from every start: with the quick search those whose few
    /// starts disagreed, with the full search all of them.
    public var fullSearches: Int {
        options.search == .quick ? cases.filter { $0.startsAgreed == false }.count : cases.count
    }

    /// A share above this counts as funded.
    public static let fundedShare = 0.01
    /// A regret at most this counts as within one percentage point.
    public static let onePoint = 0.01
    /// Heuristics within this of the best one's safety share "best".
    public static let tie = 1e-12

    /// Runs the study of `scenario`.
    public init(scenario: Scenario, options: Options) {
        self.options = options
        let base = AllocationProblem(scenario: scenario)
        let n = scenario.scale.levelCount
        let p = scenario.programs.count
        let sampler = ParameterSampler(scenario: scenario, ignoringBeliefs: true)
        parameterColumns = sampler.columns
        thresholds = scenario.scale.thresholds.map(\.after)
        let shapes = scenario.beliefs.map { mean -> GammaShape? in
            switch options.beliefs {
            case .uniform: return GammaShape(1)
            case .concentrated(let kappa): return kappa * mean > 0 ? GammaShape(kappa * mean) : nil
            }
        }
        let workers = (0..<options.threads).map { _ in
            StudyWorker(scenario: scenario, base: base, sampler: sampler, beliefShapes: shapes)
        }
        var cases: [Case] = []
        cases.reserveCapacity(options.cases)
        let levels = (1...n).map(Double.init)
        let thresholds = self.thresholds
        ChunkedRun.run(
            count: options.cases, chunkSize: 16, workers: workers,
            work: { worker, _, range in
                var cases: [Case] = []
                for index in range {
                    // A case can take a while; a cancelled study stops between cases.
                    if options.isCancelled?() == true { break }
                    cases.append(worker.run(case: index, options: options, levels: levels, thresholds: thresholds))
                }
                return cases
            },
            consume: { cases += $0 }, progress: options.progress.map { callback in { callback($0) } },
            isCancelled: options.isCancelled)
        self.cases = cases

        // Per heuristic.
        let count = Double(max(cases.count, 1))
        let regretsByRule = Heuristic.allCases.indices.map { h in cases.map { $0.optimum - $0.heuristicSafety[h] } }
        let best = cases.map { c in c.heuristicSafety.max() ?? 0 }
        heuristics = Heuristic.allCases.enumerated().map { h, rule in
            let sorted = regretsByRule[h].sorted()
            return HeuristicSummary(
                heuristic: rule, meanRegret: sorted.reduce(0, +) / count, medianRegret: Quantile.linear(sorted, 0.5),
                p95Regret: Quantile.linear(sorted, 0.95),
                withinOnePoint: Double(sorted.filter { $0 <= Study.onePoint }.count) / count,
                best: Double(cases.indices.filter { cases[$0].heuristicSafety[h] >= best[$0] - Study.tie }.count) / count)
        }

        // The margin claim.
        let past = base.pastTheFrontier
        if past.isEmpty {
            marginClaim = MarginClaim(techniques: [], statusQuo: nil, optimum: nil, netNegativeAtStatusQuo: [])
        } else {
            func share(_ holds: (Case) -> Bool) -> Double { Double(cases.filter(holds).count) / count }
            marginClaim = MarginClaim(
                techniques: past,
                statusQuo: share { c in past.allSatisfy { c.marginalsAtStatusQuo[$0] > 0 } },
                optimum: share { c in past.allSatisfy { c.marginalsAtOptimum[$0] > 0 } },
                netNegativeAtStatusQuo: past.map { j in share { $0.marginalsAtStatusQuo[j] < 0 } })
        }

        // Per program.
        let budget = scenario.budget
        func optimalShare(_ c: Case, _ j: Int) -> Double { budget > 0 ? c.allocation[j] / budget : 0 }
        programs = scenario.programs.enumerated().map { j, program in
            ProgramSummary(
                id: program.id, funded: Double(cases.filter { optimalShare($0, j) > Study.fundedShare }.count) / count,
                meanShare: cases.reduce(0) { $0 + optimalShare($1, j) } / count,
                netNegativeAtStatusQuo: Double(cases.filter { $0.marginalsAtStatusQuo[j] < 0 }.count) / count)
        }

        // Shares against difficulty.
        let width = Double(n - 1) / 10
        let edges = (0...10).map { 1 + Double($0) * width }
        var binCount = [Int](repeating: 0, count: 10)
        var shareSums = [[Double]](repeating: [Double](repeating: 0, count: 10), count: p)
        for c in cases {
            let bin = Int(clamping: ((c.expectedLevel - 1) / width).rounded(.down), to: 0...9)
            binCount[bin] += 1
            for j in 0..<p { shareSums[j][bin] += optimalShare(c, j) }
        }
        byDifficulty = ByDifficulty(
            binEdges: edges, cases: binCount,
            shares: shareSums.map { sums in sums.indices.map { binCount[$0] > 0 ? sums[$0] / Double(binCount[$0]) : nil } })
    }
}

/// Per-thread state of a study: the compiled problem, reweighted per case.
final class StudyWorker {
    let scenario: Scenario
    let base: AllocationProblem
    let sampler: ParameterSampler
    /// The Gamma shapes whose normalised draws are a case's beliefs (`nil`: a level at 0).
    let beliefShapes: [GammaShape?]

    init(scenario: Scenario, base: AllocationProblem, sampler: ParameterSampler, beliefShapes: [GammaShape?]) {
        self.scenario = scenario
        self.base = base
        self.sampler = sampler
        self.beliefShapes = beliefShapes
    }

    func run(case index: Int, options: Study.Options, levels: [Double], thresholds: [Int]) -> Study.Case {
        var source = RandomSource(seed: options.seed, stream: UInt64(index))
        // The case's beliefs.
        let mean = scenario.beliefs
        var beliefs = beliefShapes.map { shape in shape.map { source.gamma($0) } ?? 0 }
        let total = beliefs.reduce(0, +)
        // Every gamma underflowing to 0 needs tiny shapes; the mean beliefs are then the best stand-in.
        beliefs = total > 0 ? beliefs.map { $0 / total } : mean
        // The case's parameters, when the scenario has uncertain ones.
        var parameters: [Double] = []
        var problem = base.reweighted(beliefs: beliefs)
        if sampler.width > 0 {
            parameters = sampler.draw(using: &source)
            let instance = sampler.instance(of: scenario, row: parameters)
            problem = AllocationProblem(
                model: instance.model(), worlds: problem.worlds, lower: base.lower, upper: base.upper, budget: base.budget,
                frontier: base.frontier)
        }
        let rules = Heuristic.allCases.map { $0.allocation(for: problem, isCancelled: options.isCancelled) }
        let (optimum, agreed) = StudyWorker.optimize(
            problem, starts: rules, search: options.search, isCancelled: options.isCancelled)
        let marginal = problem.worlds.marginalBeliefs
        // One evaluator for the five rules' safety (the same numbers as problem.safety(of:), without
        // a workspace each).
        let evaluator = problem.model.evaluator()
        return Study.Case(
            beliefs: beliefs, parameters: parameters, optimum: optimum.safety, allocation: optimum.allocation,
            heuristicSafety: rules.map { evaluator.safety(of: $0, weights: problem.weights) },
            marginalsAtStatusQuo: problem.gradient(at: problem.lower),
            marginalsAtOptimum: optimum.gradient, expectedLevel: zip(levels, marginal).reduce(0) { $0 + $1.0 * $1.1 },
            aboveThresholds: thresholds.map { t in marginal[t...].reduce(0, +) }, startsAgreed: agreed)
    }

    /// The optimiser a study uses per case: the full multi-start optimiser's own starts (status
    /// quo, equal split, each program alone, random points) and every heuristic's allocation, or
    /// the quick search from the status quo, the equal split and the heuristics' allocations.
    /// Tests hold both to the full `optimize` on a sample of cases.
    /// - Returns: the optimum, and with the quick search whether its starts agreed.
    static func optimize(
        _ problem: AllocationProblem, starts: [[Double]], search: Optimizer.Search, isCancelled: (@Sendable () -> Bool)?
    ) -> (OptimizationResult, agreed: Bool?) {
        let options = Optimizer.Options(isCancelled: isCancelled)
        switch search {
        case .full: return (Optimizer.maximize(problem, starts: starts, options: options), nil)
        case .quick:
            let (result, agreed) = Optimizer.maximizeQuickly(problem, starts: starts, options: options)
            return (result, agreed)
        }
    }
}
