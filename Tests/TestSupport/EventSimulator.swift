import AlignmentScale
import Foundation

/// A coin-by-coin simulation of the event model of AlignmentScale.docc/TheModel.md, written independently of the
/// closed form in `SafetyModel` (it shares no code with it), to check that closed form.
public enum EventSimulator {
    /// Each technique's level in the ordering named `ordering` (`nil`: the programs' own levels),
    /// read from the scenario's `orderings` as written; `nil` for a dead end or a non-technique.
    public static func levels(in ordering: String?, scenario: Scenario) -> [Int?] {
        var levels = scenario.programs.map { $0.kind == .technique ? $0.level : nil }
        if let ordering, let spec = scenario.orderings.first(where: { $0.name == ordering }) {
            for change in spec.levels {
                levels[scenario.programs.firstIndex { $0.id == change.id }!] = change.level
            }
        }
        return levels
    }

    /// Simulates one world for true level `k` (in the ordering named `ordering`, or the main one)
    /// and returns whether it is safe.
    public static func world(
        level k: Int, ordering: String? = nil, readiness: [Double], scenario: Scenario, rng: inout SeededGenerator
    ) -> Bool {
        let programs = scenario.programs
        let levelOf = levels(in: ordering, scenario: scenario)
        // 1. Each program is ready with probability R_j; usable if it and all it requires are.
        let ready = readiness.map { rng.nextUniform() < $0 }
        var usable = [Bool?](repeating: nil, count: programs.count)
        func isUsable(_ j: Int) -> Bool {
            if let known = usable[j] { return known }
            var result = ready[j]
            for id in programs[j].requires {
                let r = programs.firstIndex { $0.id == id }!
                if !isUsable(r) { result = false }
            }
            usable[j] = result
            return result
        }
        // 2. Aligned if k = 1 or a usable technique has level ≥ k.
        var aligned = k == 1
        for j in programs.indices where (levelOf[j] ?? 0) >= k && isUsable(j) {
            aligned = true
        }
        if aligned {
            // 3. Misuse: catastrophe with probability m₀·Π(1 − u_j·[usable]); each usable program
            // independently removes a share u_j of what is left.
            var catastrophe = rng.nextUniform() < scenario.misuseBaseline
            for j in programs.indices where isUsable(j) {
                if catastrophe && rng.nextUniform() < programs[j].misuseReduction { catastrophe = false }
            }
            return !catastrophe
        }
        // 4. Not aligned: triggers and concealment from the usable non-sufficient programs.
        var trigger = rng.nextUniform() < scenario.stopBaseline
        var conceal = false
        for j in programs.indices where isUsable(j) {
            let sufficient = (levelOf[j] ?? 0) >= k
            if sufficient { continue }
            if rng.nextUniform() < programs[j].evidence { trigger = true }
            if rng.nextUniform() < programs[j].backfire { conceal = true }
        }
        return trigger && !conceal
    }

    /// The level (1-based) that a uniform draw `u` in [0, 1) picks from `beliefs` by inversion.
    public static func level(drawnFrom beliefs: [Double], uniform u: Double) -> Int {
        var u = u
        for (index, p) in beliefs.enumerated() {
            if u < p { return index + 1 }
            u -= p
        }
        return beliefs.count
    }

    /// Own readiness c̄ − (c̄ − b)·exp(−x/s), written out here rather than borrowed from the model.
    public static func readiness(_ allocation: [Double], _ scenario: Scenario) -> [Double] {
        zip(scenario.programs, allocation).map { p, x in p.ceiling - (p.ceiling - p.baseline) * exp(-x / p.scale) }
    }

    /// Estimates V(x) by drawing the level from the beliefs and simulating `count` worlds.
    /// - Returns: the estimate and its standard error.
    public static func safety(
        of allocation: [Double], scenario: Scenario, count: Int, rng: inout SeededGenerator
    ) -> (mean: Double, standardError: Double) {
        let readiness = readiness(allocation, scenario)
        // The orderings as written: main with what the alternatives leave.
        let choices: [(name: String?, credence: Double, beliefs: [Double])] =
            [(nil, 1 - scenario.orderings.reduce(0) { $0 + $1.credence }, scenario.beliefs)]
            + scenario.orderings.map { ($0.name, $0.credence, $0.beliefs ?? scenario.beliefs) }
        var safe = 0
        for _ in 0..<count {
            var u = rng.nextUniform()
            var chosen = choices[0]
            if choices.count > 1 {
                for choice in choices {
                    chosen = choice
                    if u < choice.credence { break }
                    u -= choice.credence
                }
                u = rng.nextUniform()
            }
            let k = level(drawnFrom: chosen.beliefs, uniform: u)
            if world(level: k, ordering: chosen.name, readiness: readiness, scenario: scenario, rng: &rng) { safe += 1 }
        }
        let mean = Double(safe) / Double(count)
        return (mean, (mean * (1 - mean) / Double(count)).squareRoot())
    }

    /// Estimates P(safe | k) for one level.
    public static func worldSafety(
        level k: Int, allocation: [Double], scenario: Scenario, count: Int, rng: inout SeededGenerator
    ) -> (mean: Double, standardError: Double) {
        let readiness = readiness(allocation, scenario)
        var safe = 0
        for _ in 0..<count where world(level: k, readiness: readiness, scenario: scenario, rng: &rng) { safe += 1 }
        let mean = Double(safe) / Double(count)
        return (mean, (mean * (1 - mean) / Double(count)).squareRoot())
    }
}
