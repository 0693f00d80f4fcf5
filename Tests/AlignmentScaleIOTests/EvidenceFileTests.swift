import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("Evidence in scenario files")
struct EvidenceFileTests {
    static let yaml = """
        beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]
        budget: 100
        programs:
          - {id: rlhf, level: 2, baseline: 0.9, scale: 20, backfire: 0.3}
        evidence:
          - name: deception-eval
            says: "k > 6"
            sensitivity: 0.9
            specificity: 0.75
          - name: replicated
            likelihood: [0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.8, 0.8, 0.8, 0.8]
        """

    /// Both forms are read; the shorthand's likelihood is sensitivity where the statement holds and
    /// 1 − specificity elsewhere; JSON loads back to the same scenario.
    @Test func readsBothFormsAndRoundTrips() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = try Scenario.load(contentsOf: folder.write("s.yaml", Self.yaml))
        #expect(scenario.evidence.map(\.name) == ["deception-eval", "replicated"])
        #expect(scenario.evidence[0].likelihood == Array(repeating: 1 - 0.75, count: 6) + Array(repeating: 0.9, count: 4))
        let json = folder.write("s.json", scenario.json.rendered())
        #expect(try Scenario.load(contentsOf: json) == scenario)
    }

    @Test(
        "bad evidence is located",
        arguments: [
            ("says: \"k > 6\"", "says: \"k >= 6\"", "evidence[0].says", "s.yaml:7:"),
            ("says: \"k > 6\"", "says: \"k > 10\"", "evidence[0].says", "s.yaml:7:"),
            ("sensitivity: 0.9", "sensitivity: 1.9", "evidence[0].sensitivity", "s.yaml:8:"),
            ("    specificity: 0.75\n", "", "evidence[0].specificity", "s.yaml:6:"),
            ("0.8, 0.8, 0.8]", "0.8, 0.8]", "evidence[1].likelihood", "s.yaml:11:"),
            ("[0.2, 0.3", "[-0.2, 0.3", "evidence[1].likelihood[0]", "s.yaml:11:"),
        ])
    func badEvidenceIsLocated(original: String, replacement: String, path: String, place: String) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let text = Self.yaml.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.yaml)
        let file = folder.write("s.yaml", text)
        #expect {
            _ = try Scenario.load(contentsOf: file)
        } throws: { error in
            (error as? InputError)?.path.description == path && "\(error)".contains(place)
        }
    }

    static let experiments = """
        beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]
        budget: 100
        programs:
          - {id: rlhf, level: 2, baseline: 0.9, scale: 20, backfire: 0.3, min: 10}
        experiments:
          - id: deception-eval
            cost: 2
            says: "k > 6"
            sensitivity: 0.9
            specificity: 0.75
          - id: three-way
            outcomes:
              - {name: low, likelihood: [0.8, 0.8, 0.8, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1]}
              - {name: mid, likelihood: [0.1, 0.1, 0.1, 0.6, 0.6, 0.6, 0.1, 0.1, 0.1, 0.1]}
              - {name: high, likelihood: [0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8]}
        """

    /// Both forms are read (the shorthand as outcomes `says` and `does-not-say`) and round-trip.
    @Test func readsExperimentsAndRoundTrips() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = try Scenario.load(contentsOf: folder.write("e.yaml", Self.experiments))
        #expect(scenario.experiments.map(\.id) == ["deception-eval", "three-way"])
        #expect(scenario.experiments[0].outcomes.map(\.name) == ["says", "does-not-say"])
        #expect(scenario.experiments[0].cost == 2)
        let json = folder.write("e.json", scenario.json.rendered())
        #expect(try Scenario.load(contentsOf: json) == scenario)
    }

    @Test(
        "bad experiments are located",
        arguments: [
            ("    cost: 2\n", "    cost: 95\n", "experiments[0].cost", "e.yaml:7:"),
            ("{name: high, likelihood: [0.1,", "{name: high, likelihood: [0.2,", "experiments[1].outcomes", "e.yaml:13:7:"),
            ("{name: mid,", "{name: low,", "experiments[1].outcomes[1].name", "e.yaml:14:16:"),
        ])
    func badExperimentsAreLocated(original: String, replacement: String, path: String, place: String) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let text = Self.experiments.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.experiments)
        let file = folder.write("e.yaml", text)
        #expect {
            _ = try Scenario.load(contentsOf: file)
        } throws: { error in
            (error as? InputError)?.path.description == path && "\(error)".contains(place)
        }
    }
}
