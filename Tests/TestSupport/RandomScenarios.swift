import AlignmentScale

/// Seeded random scenarios for property tests: small enough to check exhaustively, varied enough
/// to exercise every term of the model (backfire, evidence, misuse reduction, requires, ceilings).
public enum RandomScenarios {
    /// A random valid scenario on a scale of `levels` levels (the built-in scale when 10).
    public static func make(
        seed: UInt64, programs count: Int, levels: Int = 10, withRequires: Bool = true, budget: Double = 100
    ) -> Scenario {
        var rng = SeededGenerator(seed: seed)
        func u() -> Double { rng.nextUniform() }
        let scale =
            levels == 10
            ? Scale.builtin
            : try! Scale(
                levels: (1...levels).map {
                    Level(
                        number: $0, name: "L\($0)", technique: "t\($0)", band: .green, summary: "", risks: [],
                        impossible: $0 == levels)
                }, thresholds: [], failureModes: [])
        var raw = (0..<levels).map { _ in u() + 0.05 }
        let total = raw.reduce(0, +)
        raw = raw.map { $0 / total }
        var programs: [Program] = []
        for j in 0..<count {
            let isTechnique = u() < 0.75
            let baseline = 0.9 * u()
            let ceiling = u() < 0.3 ? baseline + (1 - baseline) * (0.3 + 0.7 * u()) : 1
            var requires: [String] = []
            if withRequires, j > 0, u() < 0.35 { requires = ["p\(Int(u() * Double(j)))"] }
            programs.append(
                Program(
                    id: "p\(j)", kind: isTechnique ? .technique : (u() < 0.5 ? .governance : .coordination),
                    level: isTechnique ? 1 + Int(u() * Double(levels - 1)) : nil, baseline: baseline, ceiling: ceiling,
                    scale: budget * (0.1 + 2 * u()), backfire: u() < 0.7 ? 0.6 * u() : 0,
                    evidence: u() < 0.5 ? 0.6 * u() : 0, misuseReduction: u() < 0.4 ? u() : 0, requires: requires))
        }
        return try! Scenario(
            name: "random \(seed)", scale: scale, beliefs: raw, normalize: true, budget: budget,
            stopBaseline: 0.5 * u(), misuseBaseline: 0.4 * u(), frontier: 1 + Double(levels - 1) * u(), programs: programs)
    }

    /// A random feasible allocation of `scenario`.
    public static func allocation(for scenario: Scenario, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed ^ 0xA11C)
        let weights = scenario.programs.map { _ in rng.nextUniform() }
        let total = weights.reduce(0, +)
        let spend = rng.nextUniform() * scenario.budget
        return weights.map { spend * $0 / total }
    }
}

extension RandomScenarios {
    /// `scenario` with 1 to 3 random alternative orderings: each moves some techniques to other
    /// levels (never an impossible one) or makes them dead ends, takes a random credence (the
    /// credences sum to at most 0.9), and on odd seeds has beliefs of its own.
    public static func withOrderings(_ scenario: Scenario, seed: UInt64) -> Scenario {
        var rng = SeededGenerator(seed: seed ^ 0x0DE5)
        let n = scenario.scale.levelCount
        let techniques = scenario.programs.filter { $0.kind == .technique }.map(\.id)
        let count = 1 + Int(rng.nextUniform() * 3)
        var remaining = 0.9
        var orderings: [Ordering] = []
        for o in 0..<count {
            var levels: [Ordering.LevelChange] = []
            for id in techniques where rng.nextUniform() < 0.5 {
                let dead = rng.nextUniform() < 0.2
                levels.append(Ordering.LevelChange(id: id, level: dead ? nil : 1 + Int(rng.nextUniform() * Double(n - 1))))
            }
            let credence = remaining * rng.nextUniform()
            remaining -= credence
            var beliefs: [Double]? = nil
            if (seed + UInt64(o)) % 2 == 1 {
                let raw = (0..<n).map { _ in rng.nextUniform() + 0.02 }
                let total = raw.reduce(0, +)
                beliefs = raw.map { $0 / total }
            }
            orderings.append(Ordering(name: "alt-\(o)", credence: credence, levels: levels, beliefs: beliefs))
        }
        return try! scenario.changing { $0.orderings = orderings }
    }
}

extension RandomScenarios {
    /// `scenario` with every structural switch on at random values: a stop cost, a false-alarm
    /// baseline, stop and misuse baselines by level, and on each program a false alarm and (for
    /// about half) backfire and evidence by level.
    public static func withStructure(_ scenario: Scenario, seed: UInt64) -> Scenario {
        var rng = SeededGenerator(seed: seed ^ 0x5757)
        func u() -> Double { rng.nextUniform() }
        let n = scenario.scale.levelCount
        return try! scenario.changing { copy in
            copy.structure = Structure(
                stopBaselineByLevel: (0..<n).map { _ in 0.6 * u() }, misuseBaselineByLevel: (0..<n).map { _ in 0.4 * u() },
                stopCost: 0.1 + 0.5 * u(), falseAlarmBaseline: 0.2 * u())
            for j in copy.programs.indices {
                copy.programs[j].falseAlarm = u() < 0.6 ? 0.4 * u() : 0
                if u() < 0.5 {
                    copy.programs[j].backfireByLevel = (0..<n).map { _ in 0.6 * u() }
                    copy.programs[j].evidenceByLevel = (0..<n).map { _ in u() < 0.5 ? 0.6 * u() : 0 }
                }
            }
        }
    }
}
