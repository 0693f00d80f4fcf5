import AlignmentScale
import Foundation
import TestSupport
import Testing

/// A scenario can only change by being checked again (`changing`), so a variant is as valid as one
/// read from a file.
@Suite("Scenario variants")
struct ScenarioTests {
    /// Scenarios with orderings, structure, an allocation, uncertain parameters and evidence: an
    /// empty change gives back the same scenario, field for field.
    @Test("an empty change gives the same scenario", arguments: 0..<12)
    func emptyChangeIsIdentity(seed: UInt64) throws {
        var scenario = RandomScenarios.make(seed: 1300 + seed, programs: 2 + Int(seed % 6))
        if seed % 2 == 0 { scenario = RandomScenarios.withOrderings(scenario, seed: seed) }
        if seed % 3 == 0 { scenario = RandomScenarios.withStructure(scenario, seed: seed) }
        let allocation = RandomScenarios.allocation(for: scenario, seed: seed)
        scenario = try scenario.changing {
            $0.allocation = Dictionary(uniqueKeysWithValues: zip($0.programs.map(\.id), allocation))
            $0.evidence = seed % 4 == 1 ? [Observation(name: "seen", likelihood: (1...10).map { $0 > 5 ? 0.8 : 0.3 })] : []
        }
        #expect(scenario.allocation == allocation)
        #expect(try scenario.changing { _ in } == scenario)
        #expect(try Scenario(scenario.draft) == scenario)
        let uncertain = Scenario.builtinDefault
        #expect(!uncertain.uncertainty.parameters.isEmpty)
        #expect(try uncertain.changing { _ in } == uncertain)
    }

    /// A change that breaks a rule throws the error a file with that value would get, at the field's
    /// path, and leaves the scenario as it was.
    @Test func invalidChangesAreRefused() throws {
        let scenario = Scenario.builtinDefault
        let cases: [(String, (inout Scenario.Draft) -> Void)] = [
            ("beliefs", { $0.beliefs[0] += 0.5 }),
            ("budget", { $0.budget = -1 }),
            ("frontier", { $0.frontier = 11 }),
            ("programs[2].ceiling", { $0.programs[2].ceiling = $0.programs[2].baseline }),
            ("programs[1].requires[0]", { $0.programs[1].requires = ["nobody"] }),
            ("stop_baseline", { $0.stopBaseline = 1.5 }),
        ]
        for (path, change) in cases {
            do {
                _ = try scenario.atMedians.changing(change)
                Issue.record("the change at \(path) was accepted")
            } catch let error as InputError {
                #expect(error.path.description == path, "\(error)")
            }
        }
        #expect(scenario == Scenario.builtinDefault)
        // Normalising is a choice of the draft, as of a file.
        let rescaled = try scenario.changing {
            $0.beliefs = $0.beliefs.map { $0 * 3 }
            $0.normalize = true
        }
        for (a, b) in zip(rescaled.beliefs, scenario.beliefs) { #expect(abs(a - b) < 1e-15) }
    }
}
