import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

/// `alignscale schema` against an independent validator (Python's jsonschema): it accepts every
/// scenario in the repository and what `init` writes, and rejects scenarios that are malformed by
/// shape.
@Suite("alignscale schema")
struct SchemaCommandTests {
    /// Scenarios broken in their shape: a key, a type, a range, a pattern or a required field.
    static let malformed: [String: String] = [
        "unknown-key": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "budget: 100", with: "budget: 100\nbudgte: 3"),
        "negative-budget": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "budget: 100", with: "budget: -1"),
        "missing-budget": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "budget: 100", with: ""),
        "baseline-one": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "baseline: 0.95", with: "baseline: 1"),
        "unknown-kind": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "kind: governance", with: "kind: goverance"),
        "version-two": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "version: 1", with: "version: 2"),
        "id-not-slug": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "id: rlhf", with: "id: RLHF!"),
        "scale-number": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "scale: builtin", with: "scale: 5"),
        "empty-beliefs": Scenario.defaultYAMLAtMedians.replacingOccurrences(
            of: "beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]", with: "beliefs: []"),
        "budget-uncertain": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "budget: 100", with: "budget: 50 to 150"),
        "short-distribution": Scenario.defaultYAMLAtMedians.replacingOccurrences(
            of: "backfire: 0.3", with: "backfire: {beta: [2]}"),
        "two-distributions": Scenario.defaultYAMLAtMedians.replacingOccurrences(
            of: "backfire: 0.3", with: "backfire: {beta: [2, 3], uniform: [0, 1]}"),
        "zero-step": Scenario.defaultYAMLAtMedians + "timeline: {step: 0}\n",
        "credence-above-one": Scenario.defaultYAMLAtMedians + "orderings: [{name: a, credence: 1.5, levels: {rlhf: 3}}]\n",
        "ordering-name": Scenario.defaultYAMLAtMedians + "orderings: [{name: Interp First, credence: 0.5, levels: {rlhf: 3}}]\n",
        "ordering-levels-list": Scenario.defaultYAMLAtMedians + "orderings: [{name: a, credence: 0.5, levels: [rlhf]}]\n",
        "ordering-level-text": Scenario.defaultYAMLAtMedians + "orderings: [{name: a, credence: 0.5, levels: {rlhf: high}}]\n",
        "rank-above-one": Scenario.defaultYAMLAtMedians.replacingOccurrences(
            of: "stop_baseline: 0.2",
            with: "stop_baseline: {beta: [2, 8]}\ncorrelations: [{between: [stop_baseline, programs.rlhf.scale], rank: 2}]"),
        "no-programs": Scenario.defaultYAMLAtMedians.components(separatedBy: "programs:\n")[0] + "programs: []\n",
        // Rules of one parameter that the schema states since it takes them from the distributions' description.
        "beta-zero": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "backfire: 0.3", with: "backfire: {beta: [0, 3]}"),
        "normal-negative-sd": Scenario.defaultYAMLAtMedians.replacingOccurrences(
            of: "scale: 20", with: "scale: {normal: [20, -1]}"),
        "lognormal-zero-sigma": Scenario.defaultYAMLAtMedians.replacingOccurrences(
            of: "scale: 20", with: "scale: {lognormal: [3, 0]}"),
        "ci90-negative": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "scale: 20", with: "scale: -1 to 2"),
        "ci90-zero": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "scale: 20", with: "scale: {ci90: [0, 2]}"),
        "tai-years-past-range": Scenario.defaultYAMLAtMedians + "timeline: {tai_years: 2000}\n",
        "name-number": Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "name: Illustrative default", with: "name: 12"),
    ]

    @Test func schemaAgreesWithAnIndependentValidator() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let schema = try await CLI.run(["schema"])
        #expect(schema.status == 0)
        let schemaPath = folder.write("scenario.schema.json", schema.stdout)
        let initialised = try await CLI.run(["init", "mine.yaml"], in: folder.path)
        #expect(initialised.status == 0)
        let mine = try String(contentsOfFile: folder.path + "/mine.yaml", encoding: .utf8)
        #expect(mine.hasPrefix("# yaml-language-server: $schema=alignscale-scenario.schema.json\n"))
        #expect(mine.contains("alignscale evaluate mine.yaml") && !mine.contains("scenario.yaml"))
        #expect(try String(contentsOfFile: folder.path + "/alignscale-scenario.schema.json", encoding: .utf8) == schema.stdout)
        #expect(try await CLI.run(["init", "fixed.yaml", "--at-medians"], in: folder.path).status == 0)
        var valid = [folder.path + "/mine.yaml", folder.path + "/fixed.yaml"]
        for folderName in ["Benchmarks/scenarios", "Fuzz/Corpus/fuzz-scenario", "Tests/CrossChecks"] {
            let path = repositoryRoot + "/" + folderName
            for file in try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            where file.hasSuffix(".yaml") || (file.hasSuffix(".json") && file.contains("scenario") || file.hasPrefix("uncertain"))
            {
                valid.append(path + "/" + file)
            }
        }
        // Each valid one also loads, so the list is honest.
        for path in valid { #expect(throws: Never.self, "\(path)") { _ = try Scenario.load(contentsOf: path) } }
        var invalid: [String] = []
        for (name, text) in Self.malformed.sorted(by: { $0.key < $1.key }) {
            let path = folder.write("\(name).yaml", text)
            #expect(throws: InputError.self, "\(name) loads") { _ = try Scenario.load(contentsOf: path) }
            invalid.append(path)
        }
        let manifest = folder.write(
            "manifest.json",
            JSONValue.object([
                ("schema", .string(schemaPath)), ("valid", .array(valid.map { .string($0) })),
                ("invalid", .array(invalid.map { .string($0) })),
            ]).rendered())
        let check = try await Subprocess.run(
            "/usr/bin/env", ["python3", repositoryRoot + "/Tests/CrossChecks/schema_check.py", manifest])
        #expect(check.status == 0, "\(check.output)")
        #expect(valid.count >= 6)
    }

    /// The scale schema accepts the built-in scale as `scale --format json` prints it; the
    /// respondents schema accepts a file `responses export` could write.
    @Test func scaleAndRespondentsSchemas() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scaleSchema = folder.write("scale.schema.json", try await CLI.run(["schema", "scale"]).stdout)
        let builtin = folder.write("builtin.json", try await CLI.run(["scale", "--format", "json"]).stdout)
        let badScale = folder.write("bad.json", #"{"levels": [{"level": 1, "name": "x", "band": "purple"}]}"#)
        let respondentsSchema = folder.write("respondents.schema.json", try await CLI.run(["schema", "respondents"]).stdout)
        let people = folder.write("people.json", #"[{"id": "a", "weight": 2, "beliefs": [0.5, 0.5], "comment": null}]"#)
        let badPeople = folder.write("bad-people.json", #"[{"id": "a b", "beliefs": [0.5, 0.5]}]"#)
        for (schema, valid, invalid) in [(scaleSchema, builtin, badScale), (respondentsSchema, people, badPeople)] {
            let manifest = folder.write(
                "m.json",
                JSONValue.object([
                    ("schema", .string(schema)), ("valid", .array([.string(valid)])), ("invalid", .array([.string(invalid)])),
                ])
                .rendered())
            let check = try await Subprocess.run(
                "/usr/bin/env", ["python3", repositoryRoot + "/Tests/CrossChecks/schema_check.py", manifest])
            #expect(check.status == 0, "\(check.output)")
        }
    }
}
