import Foundation

/// The race over time (<doc:TheRace>): trajectories of the level today's systems need against the
/// state of the art, with the outcome when transformative AI arrives.
///
/// Per trajectory: the uncertain parameters (if any) and beliefs are drawn as in Monte Carlo;
/// then, with alternative orderings, the ordering o by credence (<doc:DisputedOrderings>), the true level
/// k ~ p^o, the arrival T ~ `tai_years`, and for each program either
/// "never ready" (probability 1 − c̄) or a readiness time ~ Exp(λ), λ = λ⁰ + (x/Y)/s with
/// λ⁰ = −ln(1 − b/c̄)/Y, so that P(ready by Y) = R(x) of <doc:TheModel>. A program is usable once it and every
/// program it requires are ready. Automation: from the first time a usable technique of level ≥
/// `automation.level` exists, each program not yet ready gets a fresh Exp(factor·λ) remaining time.
///
/// - Outcome: given which programs are usable at T and the world (o, k), the chance of safety of
///   <doc:TheModel> is computed exactly by the exact model's own closed form with readiness 1 for usable
///   programs and 0 for the rest (``SafetyModel/outcome(usable:)``), and averaged over
///   trajectories. This integrates out the last coin flips (fewer trajectories for the same
///   precision) and has the same expectation.
/// - Sufficiency, the state of the art and automation use the levels of the drawn ordering; a
///   technique that is a dead end there never raises A(t) and never starts automation.
/// - Fan chart: R(t) = r₀ + (k − r₀)·(t/T)^γ for k ≥ r₀ (else k), held at k after T; the state of
///   the art A(t) is the highest level of a usable technique, floored at the scenario's frontier
///   (the level already applied to frontier systems, <doc:TheScale>). A gap is a time t < T with
///   ⌈R(t)⌉ > A(t).
public struct RaceResult: Sendable {
    public static let quantileLevels = [5, 50, 95]

    public let trajectories: Int
    public let seed: UInt64
    public let allocation: [Double]
    /// P(safe) and its standard error.
    public let safety: Double
    public let standardError: Double
    /// P(no gap before T).
    public let noGap: Double
    /// The mean over trajectories of G, the total time (years) in gaps before T.
    public let meanGapYears: Double
    /// Quantiles 5/25/50/75/95 of the calendar year of the first gap, among trajectories with one
    /// (`nil` when none has a gap).
    public let firstGapQuantiles: [Double]?
    /// Calendar years of the grid.
    public let years: [Double]
    /// For each of ``quantileLevels``, the quantile of R(t) at every year (to 0.01 of a level).
    public let required: [[Double]]
    /// For each of ``quantileLevels``, the quantile of A(t) at every year.
    public let stateOfTheArt: [[Double]]
    /// The share of trajectories whose transformative AI arrives within the horizon, by year.
    public let arrived: [Double]

    /// - Parameters:
    ///   - scenario: the model, the beliefs and the timeline.
    ///   - allocation: in program order (totals over the timeline's reference years).
    ///   - options: trajectories, seed and threads.
    ///   - horizon: years from `timeline.start` covered by the fan chart.
    public init(scenario: Scenario, allocation: [Double], options: MonteCarloOptions, horizon: Double = 30) {
        let timeline = scenario.timeline
        let steps = Int(clamping: (horizon / timeline.step).rounded(.down), to: 1...Int(Int32.max))
        let n = scenario.scale.levelCount
        let sampler = ParameterSampler(scenario: scenario)
        let plan = RacePlan(scenario: scenario, allocation: allocation)
        let workers = (0..<options.threads).map { _ in RaceWorker(sampler: sampler, plan: plan, steps: steps, levels: n) }
        var moments = (count: 0, mean: 0.0, m2: 0.0)
        var noGapCount = 0
        var gapYears = 0.0
        ChunkedRun.run(
            count: options.samples, workers: workers,
            work: { worker, chunk, range in
                var source = RandomSource(seed: options.seed, stream: UInt64(chunk))
                var summary = ChunkSummary()
                var noGaps = 0
                var chunkGapYears = 0.0
                for i in range {
                    // A cancelled run stops within a few hundred samples; its result is discarded.
                    if i & 255 == 0, options.isCancelled?() == true { break }
                    let outcome = worker.run(plan, scenario: scenario, steps: steps, using: &source)
                    summary.add(outcome.safety)
                    if outcome.noGap { noGaps += 1 }
                    chunkGapYears += outcome.gapYears
                }
                return (summary, noGaps, chunkGapYears)
            },
            consume: { summary, noGaps, chunkGapYears in
                moments = ChunkSummary.merge(moments, summary)
                noGapCount += noGaps
                gapYears += chunkGapYears
            },
            progress: options.progress.map { callback in { callback($0) } }, isCancelled: options.isCancelled)
        let merged = workers.dropFirst().reduce(into: workers[0].histograms) { $0.merge($1.histograms) }
        trajectories = moments.count
        seed = options.seed
        self.allocation = allocation
        safety = moments.mean
        standardError = moments.count > 1 ? (moments.m2 / Double(moments.count - 1) / Double(moments.count)).squareRoot() : .nan
        noGap = Double(noGapCount) / Double(moments.count)
        meanGapYears = gapYears / Double(max(moments.count, 1))
        years = (0...steps).map { timeline.start + Double($0) * timeline.step }
        required = RaceResult.quantileLevels.map { q in (0...steps).map { merged.requiredQuantile(step: $0, Double(q) / 100) } }
        stateOfTheArt = RaceResult.quantileLevels.map { q in (0...steps).map { merged.artQuantile(step: $0, Double(q) / 100) } }
        arrived = (0...steps).map { Double(merged.arrivedBy[$0]) / Double(max(moments.count, 1)) }
        let gaps = merged.firstGap.reduce(0, +)
        if gaps > 0 {
            firstGapQuantiles = [0.05, 0.25, 0.5, 0.75, 0.95].map { q in
                var cumulative = 0
                for (i, count) in merged.firstGap.enumerated() {
                    cumulative += count
                    if Double(cumulative) >= q * Double(gaps) { return timeline.start + Double(i) * timeline.step }
                }
                return timeline.start + Double(steps) * timeline.step
            }
        } else {
            firstGapQuantiles = nil
        }
    }
}

/// What every trajectory shares: rates, requirement order, the orderings and the grid.
struct RacePlan {
    let programCount: Int
    let allocation: [Double]
    /// The exact model, whose closed form scores each trajectory's outcome.
    let model: SafetyModel
    /// Per ordering, per program: the level at which it suffices (0: never).
    let sufficiencyLevels: [[Int]]
    /// Programs in an order where every program comes after those it requires.
    let order: [Int]
    let requires: [[Int]]
    let timeline: Timeline
    let frontierLevel: Int
    let automationLevel: Int
    /// r₀ in effect.
    let requiredNow: Double
    let tai: CompiledDistribution

    init(scenario: Scenario, allocation: [Double]) {
        programCount = scenario.programs.count
        self.allocation = allocation
        // The race reports P(safe): a stopped world is safe whatever a stop costs.
        model = SafetyModel(scenario: scenario).safetyOnly
        sufficiencyLevels = model.sufficiencyLevels
        let indexOf = Dictionary(uniqueKeysWithValues: scenario.programs.enumerated().map { ($1.id, $0) })
        requires = scenario.programs.map { $0.requires.compactMap { indexOf[$0] } }
        var order: [Int] = []
        var placed = Set<Int>()
        while order.count < programCount {
            for j in 0..<programCount where !placed.contains(j) && requires[j].allSatisfy(placed.contains) {
                order.append(j)
                placed.insert(j)
            }
        }
        self.order = order
        timeline = scenario.timeline
        frontierLevel = Int(clamping: scenario.frontier.rounded(.down), to: 1...scenario.scale.levelCount)
        automationLevel = scenario.timeline.automationLevel(levelCount: scenario.scale.levelCount)
        requiredNow = scenario.timeline.requiredNow(levelCount: scenario.scale.levelCount)
        tai = CompiledDistribution(scenario.timeline.taiYears)
    }
}

/// Per-thread histograms of the fan chart, merged by adding counts.
struct RaceHistograms {
    static let binsPerLevel = 100
    let steps: Int
    let levels: Int
    /// R(t) in bins of 0.01 over [0, N + 1), per step.
    var required: [Int]
    /// A(t) counts per level 0…N, per step.
    var art: [Int]
    /// Trajectories whose first gap is at each step.
    var firstGap: [Int]
    /// Trajectories with T ≤ t, per step.
    var arrivedBy: [Int]

    init(steps: Int, levels: Int) {
        self.steps = steps
        self.levels = levels
        required = [Int](repeating: 0, count: (steps + 1) * (levels + 1) * RaceHistograms.binsPerLevel)
        art = [Int](repeating: 0, count: (steps + 1) * (levels + 1))
        firstGap = [Int](repeating: 0, count: steps + 1)
        arrivedBy = [Int](repeating: 0, count: steps + 1)
    }

    mutating func merge(_ other: RaceHistograms) {
        for i in required.indices { required[i] += other.required[i] }
        for i in art.indices { art[i] += other.art[i] }
        for i in firstGap.indices { firstGap[i] += other.firstGap[i] }
        for i in arrivedBy.indices { arrivedBy[i] += other.arrivedBy[i] }
    }

    func requiredQuantile(step: Int, _ q: Double) -> Double {
        let width = (levels + 1) * RaceHistograms.binsPerLevel
        let slice = required[(step * width)..<((step + 1) * width)]
        let total = slice.reduce(0, +)
        var cumulative = 0
        for (i, count) in slice.enumerated() {
            cumulative += count
            if Double(cumulative) >= q * Double(total) && count > 0 {
                return Double(i) / Double(RaceHistograms.binsPerLevel)
            }
        }
        return Double(levels)
    }

    func artQuantile(step: Int, _ q: Double) -> Double {
        let slice = art[(step * (levels + 1))..<((step + 1) * (levels + 1))]
        let total = slice.reduce(0, +)
        var cumulative = 0
        for (level, count) in slice.enumerated() {
            cumulative += count
            if Double(cumulative) >= q * Double(total) && count > 0 { return Double(level) }
        }
        return Double(levels)
    }
}

/// Per-thread scratch for one trajectory at a time.
final class RaceWorker {
    let sampler: ParameterSampler
    var histograms: RaceHistograms
    private var row: [Double]
    private var readyAt: [Double]
    private var usableAt: [Double]
    private var rate: [Double]
    /// The exact model's scratch, set to each trajectory's drawn parameters to score its outcome.
    private let workspace: SafetyModel.Workspace
    /// 1 for the programs usable at T, 0 for the rest.
    private var usable: [Double]
    /// P(safe | w) for every world given ``usable``.
    private var outcomes: [Double]

    init(sampler: ParameterSampler, plan: RacePlan, steps: Int, levels: Int) {
        self.sampler = sampler
        histograms = RaceHistograms(steps: steps, levels: levels)
        row = []
        readyAt = []
        usableAt = []
        rate = []
        workspace = SafetyModel.Workspace(plan.model)
        usable = [Double](repeating: 0, count: plan.programCount)
        outcomes = [Double](repeating: 0, count: plan.model.worldCount)
    }

    /// One trajectory: its chance of safety at T (exact given the usable programs) and whether it
    /// stayed free of gaps; the fan-chart counts go into ``histograms``.
    func run(
        _ plan: RacePlan, scenario: Scenario, steps: Int, using source: inout RandomSource
    ) -> (safety: Double, noGap: Bool, gapYears: Double) {
        let instance: ScenarioInstance
        if sampler.width > 0 {
            row = sampler.draw(using: &source)
            instance = sampler.instance(of: scenario, row: row)
        } else {
            instance = ScenarioInstance(
                programs: scenario.programs, stopBaseline: scenario.stopBaseline, misuseBaseline: scenario.misuseBaseline,
                worlds: sampler.worlds, structure: scenario.structure)
        }
        let timeline = plan.timeline
        let p = plan.programCount
        let worlds = instance.worlds
        // The ordering (drawn only when there is a choice, so one ladder draws what it always did),
        // then the true level under it.
        var o = 0
        if worlds.orderings.count > 1 {
            var u = source.uniform()
            o = worlds.orderings.count - 1
            for (index, ordering) in worlds.orderings.enumerated() {
                if u < ordering.credence {
                    o = index
                    break
                }
                u -= ordering.credence
            }
            while worlds.orderings[o].credence == 0 && o > 0 { o -= 1 }
        }
        let levelOf = plan.sufficiencyLevels[o]
        let beliefs = worlds.orderings[o].beliefs
        var u = source.uniform()
        var k = beliefs.count
        for (index, belief) in beliefs.enumerated() {
            if u < belief {
                k = index + 1
                break
            }
            u -= belief
        }
        // Validation bounds the 99th percentile of `tai_years` by ``Timeline/maximumYears``; the
        // clamp keeps a far tail draw (or a rounding to 0) from reaching the arithmetic below.
        let arrival = min(max(plan.tai.sample(&source), 1e-9), Timeline.maximumDrawnYears)
        // Readiness times.
        readyAt = [Double](repeating: .infinity, count: p)
        rate = [Double](repeating: 0, count: p)
        for j in 0..<p {
            let program = instance.programs[j]
            let ceiling = program.ceiling
            let never = source.uniform() >= ceiling
            let base =
                program.baseline >= ceiling ? Double.infinity : -log1p(-program.baseline / ceiling) / timeline.referenceYears
            rate[j] = base + plan.allocation[j] / timeline.referenceYears / program.scale
            let draw = source.uniform()
            if !never { readyAt[j] = rate[j].isInfinite ? 0 : -log(draw) / rate[j] }
        }
        computeUsable(plan)
        if timeline.automationFactor != 1 {
            var trigger = Double.infinity
            for j in 0..<p where levelOf[j] >= plan.automationLevel { trigger = min(trigger, usableAt[j]) }
            if trigger.isFinite {
                for j in 0..<p where readyAt[j] > trigger && readyAt[j].isFinite && rate[j] > 0 {
                    readyAt[j] = trigger - log(source.uniform()) / (timeline.automationFactor * rate[j])
                }
                computeUsable(plan)
            }
        }
        // The outcome at T: the exact model's closed form given exactly which programs are usable.
        for j in 0..<p {
            usable[j] = usableAt[j] <= arrival ? 1 : 0
            let program = instance.programs[j]
            workspace.setParameters(
                program: j, backfire: program.backfire, evidence: program.evidence, misuseReduction: program.misuseReduction)
        }
        workspace.stopBaseline = instance.stopBaseline
        workspace.misuseBaseline = instance.misuseBaseline
        workspace.setLevelValues(programs: instance.programs, structure: instance.structure)
        usable.withUnsafeBufferPointer { r in
            outcomes.withUnsafeMutableBufferPointer { workspace.outcome(usable: r.baseAddress!, into: $0.baseAddress!) }
        }
        // G, the time in gaps, is 0 exactly when no gap opens; the outcome at T is reached only if
        // no catastrophe strikes during the gaps, with probability exp(−η·G).
        let (gap, gapYears) = gaps(plan, levels: levelOf, k: k, arrival: arrival)
        let hazard = timeline.gapHazard
        let safety = outcomes[o * worlds.levelCount + k - 1] * (hazard > 0 ? exp(-hazard * gapYears) : 1)
        // The fan chart.
        let n = histograms.levels
        let binsPerLevel = RaceHistograms.binsPerLevel
        let width = (n + 1) * binsPerLevel
        for step in 0...steps {
            let t = Double(step) * timeline.step
            let requiredLevel = RaceWorker.requiredLevel(
                at: t, k: k, arrival: arrival, r0: plan.requiredNow, shape: timeline.shape)
            var art = plan.frontierLevel
            for j in 0..<p where levelOf[j] > art && usableAt[j] <= t { art = levelOf[j] }
            art = min(max(art, 1), n)
            let bin = Int(clamping: requiredLevel * Double(binsPerLevel), to: 0...(width - 1))
            histograms.required[step * width + bin] += 1
            histograms.art[step * (n + 1) + art] += 1
            if arrival <= t { histograms.arrivedBy[step] += 1 }
        }
        if let gap { histograms.firstGap[Int(clamping: gap / timeline.step, to: 0...steps)] += 1 }
        return (safety, gap == nil, gapYears)
    }

    /// R(t) = r₀ + (k − r₀)·(t/T)^γ for k ≥ r₀, k otherwise, held at k from T on.
    static func requiredLevel(at t: Double, k: Int, arrival: Double, r0: Double, shape: Double) -> Double {
        let kd = Double(k)
        guard kd >= r0 else { return kd }
        return r0 + (kd - r0) * pow(min(t / arrival, 1), shape)
    }

    /// The gaps of a trajectory before T, exactly in continuous time: the first time t < T with
    /// R(t) > A(t), and G, the total time with ⌈R(t)⌉ > A(t). A(t) is constant between the times
    /// techniques above the frontier become usable; on each such stretch [start, end) with k > A,
    /// R (non-decreasing) exceeds A from t* = T·((A − r₀)/(k − r₀))^(1/γ) on (from the stretch's
    /// start when k < r₀, where R ≡ k and a gap is open from t = 0 whenever k is past the frontier),
    /// so the first gap is the first max(t*, start) < end and each stretch adds
    /// max(0, end − max(t*, start)) to G. A gap that never closes before T is counted up to T.
    /// - Complexity: O(P log P) for the sort of the readiness times.
    private func gaps(_ plan: RacePlan, levels levelOf: [Int], k: Int, arrival: Double) -> (first: Double?, total: Double) {
        let kd = Double(k)
        let r0 = plan.requiredNow
        var events: [(time: Double, level: Int)] = []
        for j in 0..<plan.programCount where levelOf[j] > plan.frontierLevel && usableAt[j] < arrival {
            events.append((usableAt[j], levelOf[j]))
        }
        events.sort { $0.time < $1.time }
        var first: Double? = kd < r0 && k > plan.frontierLevel ? 0 : nil
        var art = plan.frontierLevel
        var start = 0.0
        var index = 0
        var total = 0.0
        while start < arrival {
            while index < events.count && events[index].time <= start {
                art = max(art, events[index].level)
                index += 1
            }
            let end = index < events.count ? min(events[index].time, arrival) : arrival
            if k > art {
                let a = Double(art)
                let crossing = kd < r0 || a <= r0 ? 0 : arrival * pow((a - r0) / (kd - r0), 1 / plan.timeline.shape)
                let gap = max(crossing, start)
                if gap < end {
                    if first == nil && kd >= r0 { first = gap }
                    total += end - gap
                }
            }
            start = end
        }
        return (first, total)
    }

    private func computeUsable(_ plan: RacePlan) {
        usableAt = readyAt
        for j in plan.order {
            for r in plan.requires[j] { usableAt[j] = max(usableAt[j], usableAt[r]) }
        }
    }
}
