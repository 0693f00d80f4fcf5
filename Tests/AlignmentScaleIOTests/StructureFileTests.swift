import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("Structure switches in scenario files")
struct StructureFileTests {
    static let yaml = """
        beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]
        budget: 100
        stop_baseline: [0.2, 0.2, 0.2, 0.2, {beta: [2, 8]}, 0.2, 0.2, 0.1, 0.1, 0.1]
        misuse_baseline: 0.1
        stop_cost: 0.2
        false_alarm_baseline: 0.01
        programs:
          - {id: rlhf, level: 2, baseline: 0.9, scale: 20, backfire: 0.3}
          - id: interp
            level: 6
            baseline: 0.2
            scale: 40
            evidence: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, {beta: [1, 4]}, 0, 0]
          - {id: pause, kind: coordination, baseline: 0.1, scale: 50, evidence: 0.5, false_alarm: 0.3}
        timeline: {gap_hazard: 0.05}
        """

    static let listed = "evidence: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, {beta: [1, 4]}, 0, 0]"

    /// Every switch is read; an uncertain element is a parameter named by its path with its median
    /// in place; the scenario's JSON loads back to the same scenario.
    @Test func readsEverySwitchAndRoundTrips() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = try Scenario.load(contentsOf: folder.write("s.yaml", Self.yaml))
        #expect(scenario.structure.stopCost == 0.2 && scenario.structure.falseAlarmBaseline == 0.01)
        #expect(scenario.programs[2].falseAlarm == 0.3)
        #expect(scenario.timeline.gapHazard == 0.05)
        #expect(scenario.uncertainty.parameters.map(\.name) == ["programs.interp.evidence[7]", "stop_baseline[4]"])
        // Medians of Beta(1, 4) and Beta(2, 8), by their definition 1 − 0.5^(1/4) and a numerical value.
        #expect(abs(scenario.programs[1].evidenceByLevel![7] - (1 - pow(0.5, 0.25))) < 1e-9)
        #expect(scenario.structure.stopBaselineByLevel![4] > 0.15 && scenario.structure.stopBaselineByLevel![4] < 0.2)
        let json = folder.write("s.json", scenario.json.rendered())
        #expect(try Scenario.load(contentsOf: json) == scenario)
    }

    /// Bad lists: the error names file, line, column and the element's path.
    @Test(
        "bad values by level are located",
        arguments: [
            (Self.listed, "evidence: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 1.5, 0, 0]", "programs[1].evidence[7]", "s.yaml:13:51:"),
            (Self.listed, "evidence: [0.3, 0.3]", "programs[1].evidence", "s.yaml:13:15:"),
            ("stop_cost: 0.2", "stop_cost: 1.5", "stop_cost", "s.yaml:5:12:"),
            ("gap_hazard: 0.05", "gap_hazard: -1", "timeline.gap_hazard", "s.yaml:15:24:"),
        ])
    func badValuesAreLocated(original: String, replacement: String, path: String, place: String) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = folder.write("s.yaml", Self.yaml.replacingOccurrences(of: original, with: replacement))
        #expect {
            _ = try Scenario.load(contentsOf: file)
        } throws: { error in
            let text = "\(error)"
            return (error as? InputError)?.path.description == path && text.contains(place)
        }
    }
}
