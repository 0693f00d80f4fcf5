import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("Scenarios written as YAML")
struct YAMLWriterTests {
    static func reload(_ text: String) throws -> Scenario {
        try Scenario(document: Document(data: Data(text.utf8), file: "written.yaml"))
    }

    /// Every scenario, written as YAML and read back, is the same scenario: the default, one
    /// with orderings and uncertain parameters, a custom inline scale, and random ones.
    @Test func roundTrip() throws {
        var scenarios: [Scenario] = [.builtinDefault]
        for file in ["orderings.yaml", "uncertain-10-programs.json"] {
            scenarios.append(try Scenario.load(contentsOf: repositoryRoot + "/Benchmarks/scenarios/" + file))
        }
        for seed in 1...60 as ClosedRange<UInt64> {
            let scenario = RandomScenarios.make(seed: seed, programs: 2 + Int(seed % 6), levels: seed % 3 == 0 ? 5 : 10)
            scenarios.append(seed % 2 == 0 ? RandomScenarios.withOrderings(scenario, seed: seed) : scenario)
        }
        for scenario in scenarios {
            let text = scenario.yamlFile(origin: "test")
            #expect(!text.contains("{\n") && text.hasPrefix("# test\n"))
            let reloaded = try Self.reload(text)
            // "builtin" or where an inline scale was read
            let expected = try scenario.changing { $0.scaleSource = reloaded.scaleSource }
            #expect(reloaded == expected, "\(scenario.name) differs after a round trip:\n\(text)")
        }
    }

    /// Strings YAML could take for something else are quoted, and read back as written.
    @Test(arguments: [
        "true", "no", "null", "~", "0.5", "1e3", "a: b", "x # not a comment", "- item", "[list]", "{map}", "é accent",
        "line\nbreak", "tab\there", "quote \" and \\ backslash", "", " leading", "trailing ", "'single'", "&anchor", "*alias",
        "!tag", "%directive", "@at", "`tick`", "plain words", "AI-assisted oversight (v2)",
    ])
    func awkwardNames(name: String) throws {
        let scenario = try Scenario.builtinDefault.changing { $0.name = name }
        let text = scenario.yamlFile(origin: "test")
        #expect(try Self.reload(text).name == name, "\(text.prefix(200))")
    }

    /// Numbers keep their exact value, including tiny and huge ones written with an exponent.
    @Test func numbersAreExact() throws {
        for x in [1e-5, 1.5e-300, 2.5e20, 0.1, 1.0 / 3.0, 123_456_789.125, -0.0] {
            let text = JSONValue.object([("x", .number(x)), ("list", .numbers([x, x]))]).yaml()
            let yamlX = text.split(separator: "\n")[0].dropFirst(3)
            #expect(Double(yamlX) == x, "\(text)")
            #expect(yamlX.contains(".") || !yamlX.contains("e"), "\(yamlX) has an exponent without a decimal point")
        }
    }
}
