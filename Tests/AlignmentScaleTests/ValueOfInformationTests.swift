import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("Value of information (AlignmentScale.docc/QuestionsTheToolAnswers.md)")
struct ValueOfInformationTests {
    @Test("EVPI ≥ every partial value ≥ 0", arguments: 0..<6)
    func ordering(seed: UInt64) {
        let scenario = seed == 0 ? Scenario.builtinDefault : RandomScenarios.make(seed: 300 + seed, programs: 5)
        let voi = ValueOfInformation(scenario: scenario)
        let rounding = 1e-14
        #expect(voi.band >= -rounding)
        #expect(voi.evpi >= voi.band - rounding)
        for t in voi.thresholds {
            #expect(t.value >= -rounding)
            #expect(voi.evpi >= t.value - rounding)
            #expect(abs(t.signals.reduce(0) { $0 + $1.probability } - 1) < 1e-12)
        }
        #expect(voi.perLevel.count == scenario.scale.levelCount)
    }

    /// Information is never worth less than nothing, not even by a rounding error: with one
    /// program that every signal funds fully, each conditional optimum equals the prior one and the
    /// differences are pure rounding (−1.1e-16 before values were floored at 0).
    @Test("values are never negative", arguments: 0..<8)
    func neverNegative(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 40 + seed)
        var beliefs = (0..<10).map { _ in rng.nextUniform() }
        let total = beliefs.reduce(0, +)
        beliefs = beliefs.map { $0 / total }
        let scenario = try Scenario(
            beliefs: beliefs, normalize: true, budget: 10, stopBaseline: 0.3 * rng.nextUniform(), misuseBaseline: 0.2,
            programs: [Program(id: "g", kind: .governance, baseline: 0.3, scale: 7, evidence: 0.4, misuseReduction: 0.5)])
        let voi = ValueOfInformation(scenario: scenario)
        #expect(voi.evpi >= 0 && voi.band >= 0 && voi.thresholds.allSatisfy { $0.value >= 0 })
        #expect(voi.evpi < 1e-14)
    }

    /// With certainty about the level, there is nothing to learn: every value is 0.
    @Test func pointBeliefsHaveNoValueOfInformation() throws {
        var beliefs = [Double](repeating: 0, count: 10)
        beliefs[4] = 1
        let d = Scenario.builtinDefault
        let scenario = try Scenario(
            beliefs: beliefs, budget: d.budget, stopBaseline: d.stopBaseline, misuseBaseline: d.misuseBaseline,
            programs: d.programs)
        let voi = ValueOfInformation(scenario: scenario)
        #expect(abs(voi.evpi) < 1e-12)
        #expect(abs(voi.band) < 1e-12)
        for t in voi.thresholds { #expect(abs(t.value) < 1e-12) }
    }

    /// EVPI from its definition on a 2-program problem, with every maximum taken on an exhaustive
    /// grid: the optimiser's EVPI must agree within the grid's resolution. The grid's own maxima
    /// are lower bounds, so the tolerance is the largest gain a grid step can miss (|∇V|·step).
    @Test func evpiAgreesWithGrid() {
        let scenario = RandomScenarios.make(seed: 42, programs: 2, levels: 4)
        let model = SafetyModel(scenario: scenario)
        let steps = 400
        let grid = (0...steps).flatMap { i in
            (0...(steps - i)).map { [Double(i), Double($0)].map { $0 * scenario.budget / Double(steps) } }
        }
        let perLevelGrid = grid.map { model.worldSafety(of: $0) }
        let priorGrid = perLevelGrid.map { zip($0, scenario.beliefs).reduce(0) { $0 + $1.0 * $1.1 } }.max()!
        let informedGrid = (0..<4).reduce(0.0) { total, k in total + scenario.beliefs[k] * perLevelGrid.map { $0[k] }.max()! }
        let voi = ValueOfInformation(scenario: scenario)
        let slope = grid.map { model.worldGradient(at: $0).flatMap { $0 }.map(abs).max()! }.max()!
        let tolerance = 2 * slope * scenario.budget / Double(steps)
        #expect(abs(voi.evpi - (informedGrid - priorGrid)) <= tolerance)
        #expect(voi.priorSafety >= priorGrid - 1e-12)
    }
}
