import AlignmentScale
import Foundation

/// A coin-by-coin simulation of the event model with every structural switch (values by level,
/// false alarms, a stop cost), written from the description of the switches rather than from the
/// closed form, to check `SafetyModel`'s general pass. One ladder (the programs' own levels).
public enum StructuredEventSimulator {
    /// One world's outcome: its value (1 good, 1 − c stopped, 0 catastrophe) and whether it ended
    /// without catastrophe.
    public static func world(
        level k: Int, readiness: [Double], scenario: Scenario, rng: inout SeededGenerator
    ) -> (value: Double, safe: Bool) {
        let programs = scenario.programs
        let structure = scenario.structure
        let c = structure.stopCost
        let ready = readiness.map { rng.nextUniform() < $0 }
        var usable = [Bool?](repeating: nil, count: programs.count)
        func isUsable(_ j: Int) -> Bool {
            if let known = usable[j] { return known }
            var result = ready[j]
            for id in programs[j].requires where !isUsable(programs.firstIndex { $0.id == id }!) { result = false }
            usable[j] = result
            return result
        }
        let sufficient = programs.map { $0.kind == .technique && ($0.level ?? 0) >= k }
        let aligned = k == 1 || programs.indices.contains { sufficient[$0] && isUsable($0) }
        if aligned {
            // A false alarm: the baseline's coin, then one coin per usable program.
            var stopped = rng.nextUniform() < structure.falseAlarmBaseline
            for j in programs.indices where isUsable(j) {
                if rng.nextUniform() < programs[j].falseAlarm { stopped = true }
            }
            if stopped { return (1 - c, true) }
            let m0 = structure.misuseBaselineByLevel?[k - 1] ?? scenario.misuseBaseline
            var catastrophe = rng.nextUniform() < m0
            for j in programs.indices where isUsable(j) {
                if catastrophe && rng.nextUniform() < programs[j].misuseReduction { catastrophe = false }
            }
            return catastrophe ? (0, false) : (1, true)
        }
        let q0 = structure.stopBaselineByLevel?[k - 1] ?? scenario.stopBaseline
        var trigger = rng.nextUniform() < q0
        var conceal = false
        for j in programs.indices where isUsable(j) && !sufficient[j] {
            let e = programs[j].evidenceByLevel?[k - 1] ?? programs[j].evidence
            let h = programs[j].backfireByLevel?[k - 1] ?? programs[j].backfire
            if rng.nextUniform() < e { trigger = true }
            if rng.nextUniform() < h { conceal = true }
        }
        return trigger && !conceal ? (1 - c, true) : (0, false)
    }

    /// Estimates U(x) and safety by drawing the level from the beliefs, with standard errors.
    public static func estimate(
        of allocation: [Double], scenario: Scenario, count: Int, rng: inout SeededGenerator
    ) -> (value: Double, valueError: Double, safety: Double, safetyError: Double) {
        let readiness = EventSimulator.readiness(allocation, scenario)
        var sum = 0.0
        var squares = 0.0
        var safe = 0
        for _ in 0..<count {
            let k = EventSimulator.level(drawnFrom: scenario.beliefs, uniform: rng.nextUniform())
            let outcome = world(level: k, readiness: readiness, scenario: scenario, rng: &rng)
            sum += outcome.value
            squares += outcome.value * outcome.value
            if outcome.safe { safe += 1 }
        }
        let n = Double(count)
        let mean = sum / n
        let variance = max(squares / n - mean * mean, 0)
        let safety = Double(safe) / n
        return (mean, (variance / n).squareRoot(), safety, (safety * (1 - safety) / n).squareRoot())
    }
}
