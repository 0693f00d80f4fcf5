import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("Custom scale files (AlignmentScale.docc/ScenarioFileReference.md)")
struct ScaleFileTests {
    /// The built-in scale printed as JSON loads back to the same scale (JSON and YAML alike).
    @Test func builtinRoundTrips() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let json = ScaleReport(.builtin).rendered(.json)
        #expect(try Scale.load(contentsOf: folder.write("scale.json", json)) == Scale.builtin)
        // The same text is valid YAML; a tab-indented copy (legal JSON) loads too.
        #expect(try Scale.load(contentsOf: folder.write("scale.yaml", json)) == Scale.builtin)
        let tabbed = json.replacingOccurrences(of: "  ", with: "\t")
        #expect(try Scale.load(contentsOf: folder.write("tabs.json", tabbed)) == Scale.builtin)
    }

    /// The JSON has exactly the stable keys of AlignmentScale.docc/JSONOutputs.md (plus the documented additions).
    @Test func jsonShape() throws {
        let object = try JSONSerialization.jsonObject(with: Data(ScaleReport(.builtin).rendered(.json).utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["levels", "thresholds", "failure_modes"])
        let level = (object["levels"] as! [[String: Any]])[9]
        #expect(Set(level.keys) == ["level", "name", "technique", "band", "summary", "risks", "impossible"])
        #expect(level["impossible"] as? Bool == true)
        let modes = object["failure_modes"] as! [[String: Any]]
        #expect(modes[0]["first_addressed_at"] is NSNull)
        #expect(modes[1]["first_addressed_at"] as? Int == 2)
        #expect((object["thresholds"] as! [[String: Any]]).map { $0["after"] as! Int } == [3, 7])
    }

    /// A small valid custom scale of three levels, as YAML, to break one rule at a time.
    static let small = """
        levels:
          - {level: 1, name: Easy, band: green}
          - {level: 2, name: Middle, band: orange}
          - {level: 3, name: Hard, band: black, impossible: true}
        thresholds:
          - {after: 1, name: first gap}
        failure_modes:
          - {name: sloppy goals, first_addressed_at: 2}
          - {name: misuse, first_addressed_at: null}

        """

    @Test func smallScaleLoads() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scale = try Scale.load(contentsOf: folder.write("s.yaml", Self.small))
        #expect(scale.levelCount == 3)
        #expect(scale.failureModes[0].coveredBy == [2, 3])
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        let rule: String
        let replace: String
        let with: String
        let path: String
        let line: Int?
        var testDescription: String { rule }
    }

    static let broken: [Broken] = [
        Broken(
            rule: "levels not contiguous", replace: "{level: 3, name: Hard", with: "{level: 4, name: Hard",
            path: "levels[2].level", line: nil),
        Broken(
            rule: "levels unique", replace: "{level: 2, name: Middle", with: "{level: 1, name: Middle", path: "levels[1].level",
            line: nil),
        Broken(rule: "band from the four", replace: "band: orange", with: "band: purple", path: "levels[1].band", line: 3),
        Broken(rule: "bands never easier", replace: "band: black", with: "band: green", path: "levels[2].band", line: nil),
        Broken(rule: "threshold between levels", replace: "{after: 1,", with: "{after: 3,", path: "thresholds[0].after", line: 6),
        Broken(
            rule: "coverage monotone", replace: "first_addressed_at: 2}", with: "first_addressed_at: 2, covered_by: [2]}",
            path: "failure_modes[0].covered_by", line: nil),
        Broken(
            rule: "first addressed matches coverage", replace: "first_addressed_at: 2}",
            with: "first_addressed_at: 1, covered_by: [2, 3]}", path: "failure_modes[0].first_addressed_at", line: 8),
        Broken(
            rule: "first addressed is a level", replace: "first_addressed_at: 2}", with: "first_addressed_at: 7}",
            path: "failure_modes[0].first_addressed_at", line: 8),
        Broken(
            rule: "only the top may be impossible", replace: "band: orange}", with: "band: orange, impossible: true}",
            path: "levels[1].impossible", line: nil),
        Broken(
            rule: "unknown key suggests the nearest", replace: "band: green}", with: "bnad: green}", path: "levels[0].bnad",
            line: 2),
        Broken(
            rule: "at least two levels",
            replace: "  - {level: 2, name: Middle, band: orange}\n  - {level: 3, name: Hard, band: black, impossible: true}\n",
            with: "", path: "levels", line: nil),
    ]

    @Test("a malformed scale file names the file, field and problem", arguments: broken)
    func validation(_ broken: Broken) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let text = Self.small.replacingOccurrences(of: broken.replace, with: broken.with)
        #expect(text != Self.small, "the test's replacement did not apply")
        let path = folder.write("bad-scale.yaml", text)
        do {
            _ = try Scale.load(contentsOf: path)
            Issue.record("\(broken.rule): loaded without error")
        } catch let error as InputError {
            let message = error.description
            #expect(message.contains("bad-scale.yaml"), "\(message)")
            #expect(error.path.description == broken.path, "\(message)")
            #expect(message.contains("expected") && message.contains("found"))
            if let line = broken.line { #expect(error.location?.line == line, "\(message)") }
            if broken.rule.contains("unknown key") { #expect(message.contains("did you mean 'band'")) }
        }
    }
}
