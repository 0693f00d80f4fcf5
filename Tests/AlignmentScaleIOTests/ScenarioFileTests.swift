import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("Scenario files (AlignmentScale.docc/ScenarioFileReference.md)")
struct ScenarioFileTests {
    /// Errors that teach: a percentage says its fraction, a level's name stands for its number
    /// (a misspelt one suggests the nearest name), a tab in the indentation says YAML forbids it,
    /// and an abbreviated program id suggests the program it begins.
    @Test func errorsThatTeach() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let head = "beliefs: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\nbudget: 10\n"
        func refusal(_ name: String, _ text: String) -> String {
            do {
                _ = try Scenario.load(contentsOf: folder.write(name, text))
                return "loaded"
            } catch { return "\(error)" }
        }
        let percent = refusal("percent.yaml", "beliefs: [30%, 70%]\nbudget: 10\nprograms: []\n")
        #expect(percent.contains("beliefs[0]") && percent.contains("30% is 0.3"), "\(percent)")
        let named = try Scenario.load(
            contentsOf: folder.write(
                "named.yaml", head + "programs:\n  - {id: a, level: scalable OVERSIGHT, baseline: 0.1, scale: 10}\n"))
        #expect(named.programs[0].level == 4)
        let misspelt = refusal(
            "misspelt.yaml", head + "programs:\n  - {id: a, level: Scalable oversite, baseline: 0.1, scale: 10}\n")
        #expect(misspelt.contains("programs[0].level") && misspelt.contains("did you mean 'Scalable oversight' (level 4)?"))
        let tabbed = refusal("tabbed.yaml", head + "programs:\n\t- {id: a, level: 4, baseline: 0.1, scale: 10}\n")
        #expect(tabbed.contains("tabbed.yaml:4:") && tabbed.contains("YAML does not allow tabs in indentation"), "\(tabbed)")
        let scenario = Scenario.builtinDefault
        #expect(throws: InputError.self) { try scenario.checked(allocation: ["interp": 50], path: "--allocation") }
        do {
            _ = try scenario.checked(allocation: ["interp": 50], path: "--allocation")
        } catch let error as InputError {
            #expect(error.hint == "did you mean 'interpretability-oversight'?")
        }
    }

    /// The file's keys are the core's fields in the same order, and a file that leaves a field out
    /// reads as the default its documentation states (written here as the reference gives them), which
    /// the schema states too.
    @Test func keysAndDefaultsAreTheCores() throws {
        let format = FileFormats.scenario(scaleFiles: true)
        #expect(format.names == ScenarioField.allCases.map(\.rawValue))
        let text =
            "beliefs: [0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0]\nbudget: 10\nprograms: [{id: a, level: 2, baseline: 0.1, scale: 5}]"
        let bare = try Scenario(document: Document(data: Data(text.utf8), file: "bare.yaml"))
        let documented: [(String, Double, Double)] = [
            ("stop_baseline", 0, bare.stopBaseline), ("misuse_baseline", 0, bare.misuseBaseline),
            ("stop_cost", 0, bare.structure.stopCost), ("false_alarm_baseline", 0, bare.structure.falseAlarmBaseline),
            ("frontier", 3, bare.frontier),
        ]
        for (key, value, read) in documented {
            #expect(read == value, "\(key)")
            #expect(format[key].defaultValue == InputError.show(value), "\(key)")
        }
        // Lists and optional parts have no default to state (version, scale and normalize state theirs in words).
        for key in [
            "name", "beliefs", "belief_concentration", "budget", "programs", "allocation", "correlations", "timeline",
            "orderings", "evidence", "experiments",
        ] {
            #expect(format[key].defaultValue == nil, "\(key)")
        }
        let program = bare.programs[0]
        let programDefaults: [(String, Double, Double)] = [
            ("ceiling", 1, program.ceiling), ("backfire", 0, program.backfire), ("evidence", 0, program.evidence),
            ("misuse_reduction", 0, program.misuseReduction),
        ]
        let schema = try JSONSerialization.jsonObject(with: Data(JSONSchema.scenario().rendered().utf8)) as? [String: Any]
        let programSchema = ((schema?["$defs"] as? [String: Any])?["Program"] as? [String: Any])?["properties"] as? [String: Any]
        for (key, value, read) in programDefaults {
            #expect(read == value, "\(key)")
            let description = (programSchema?[key] as? [String: Any])?["description"] as? String ?? ""
            #expect(description.hasSuffix("(default: \(InputError.show(value)))"), "\(key): \(description)")
        }
    }

    /// The commented YAML that `init` writes loads back to exactly the compiled-in default.
    @Test func defaultYAMLIsTheBuiltinDefault() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let loaded = try Scenario.load(contentsOf: folder.write("default.yaml", Scenario.defaultYAML))
        #expect(loaded == Scenario.builtinDefault)
        // Every spread's median is the illustrative number, to the last bit, so the exact commands
        // compute what they computed when the numbers were single values.
        let illustrative: [(String, Double)] = [
            ("rlhf.baseline", 0.95), ("rlhf.scale", 20), ("rlhf.backfire", 0.3), ("constitutional-ai.baseline", 0.85),
            ("constitutional-ai.scale", 25), ("scalable-oversight.scale", 60), ("ai-assisted-oversight.scale", 100),
            ("interpretability-oversight.scale", 250), ("interpretability-oversight.evidence", 0.2),
            ("misalignment-experiments.scale", 400), ("alignment-theory.scale", 1000), ("new-paradigm.scale", 3000),
            ("new-paradigm.ceiling", 0.5), ("misuse-governance.misuse_reduction", 0.6), ("coordinated-pause.scale", 150),
            ("coordinated-pause.evidence", 0.5), ("scalable-oversight.baseline", 0.35), ("alignment-theory.baseline", 0.03),
        ]
        for (name, value) in illustrative {
            let parameter = try #require(loaded.uncertainty.parameters.first { $0.name == "programs." + name })
            #expect(parameter.distribution.median == value, "\(name)")
        }
        // Every nonzero program number is a spread; zeros stay fixed.
        #expect(loaded.uncertainty.parameters.count == 31)
    }

    /// `init --at-medians` writes single numbers: the same scenario at its medians.
    @Test func defaultYAMLAtMediansIsTheDefaultAtItsMedians() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let loaded = try Scenario.load(contentsOf: folder.write("fixed.yaml", Scenario.defaultYAMLAtMedians))
        #expect(loaded == Scenario.builtinDefault.atMedians)
        #expect(!loaded.isUncertain)
        #expect(loaded.programs == Scenario.builtinDefault.programs)
    }

    /// The same scenario as JSON, with beliefs as a map level → probability.
    @Test func jsonAndBeliefMaps() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let json = """
            {"version": 1, "name": "json", "beliefs": {"1": 0.5, "10": 0.5}, "budget": 10,
             "programs": [{"id": "a", "level": 2, "baseline": 0.1, "scale": 5}],
             "allocation": {"a": 4}}
            """
        let scenario = try Scenario.load(contentsOf: folder.write("s.json", json))
        #expect(scenario.beliefs == [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0.5])
        #expect(scenario.currentAllocation == [4])
        #expect(scenario.stopBaseline == 0 && scenario.frontier == 3)
    }

    @Test func normalizeRescalesBeliefs() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let text = Scenario.defaultYAML.replacingOccurrences(of: "beliefs: [0.05,", with: "normalize: true\nbeliefs: [1.05,")
        let scenario = try Scenario.load(contentsOf: folder.write("n.yaml", text))
        #expect(abs(scenario.beliefs.reduce(0, +) - 1) < 1e-12)
        #expect(abs(scenario.beliefs[0] - 1.05 / 2) < 1e-12)
    }

    /// `scale:` names a custom scale file relative to the scenario; its errors name that file.
    @Test func customScaleRelativeToScenario() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("three.yaml", ScaleFileTests.small)
        let scenario = """
            scale: three.yaml
            beliefs: [0.2, 0.3, 0.5]
            budget: 10
            programs: [{id: a, level: 2, baseline: 0.1, scale: 5}]
            """
        let loaded = try Scenario.load(contentsOf: folder.write("s.yaml", scenario))
        #expect(loaded.scale.levelCount == 3)
        #expect(loaded.scaleSource == "three.yaml")
        let atImpossible = scenario.replacingOccurrences(of: "level: 2", with: "level: 3")
        #expect(throws: InputError.self) { try Scenario.load(contentsOf: folder.write("t.yaml", atImpossible)) }
        folder.write("three.yaml", ScaleFileTests.small.replacingOccurrences(of: "band: orange", with: "band: mauve"))
        do {
            _ = try Scenario.load(contentsOf: folder.path + "/s.yaml")
            Issue.record("a broken scale file loaded")
        } catch let error as InputError {
            #expect(error.description.contains("three.yaml:3:"), "\(error)")
        }
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        let rule: String
        let replace: String
        let with: String
        let path: String
        var message: String = ""
        var testDescription: String { rule }
    }

    static let allocation = "\nallocation:\n"
    /// An alternative ordering written after `frontier: 3`, with `entry` as its fields.
    static func ordering(_ entry: String) -> String { "frontier: 3\norderings:\n  - {\(entry)}" }
    static let interpretabilityFirst =
        "name: interpretability-first, credence: 0.25, levels: {interpretability-oversight: 4, scalable-oversight: 5}"
    static let broken: [Broken] = [
        Broken(
            rule: "beliefs sum to 1", replace: "beliefs: [0.05,", with: "beliefs: [0.15,", path: "beliefs",
            message: "summing to 1"),
        Broken(
            rule: "beliefs not negative", replace: "beliefs: [0.05, 0.10,", with: "beliefs: [0.25, -0.10,", path: "beliefs[1]",
            message: "≥ 0"),
        Broken(
            rule: "one belief per level", replace: "0.05, 0.05]", with: "0.10]", path: "beliefs", message: "one belief per level"),
        Broken(
            rule: "belief map keys are levels", replace: "beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]",
            with: "beliefs: {1: 0.5, 11: 0.5}", path: "beliefs.11"),
        Broken(rule: "budget ≥ 0", replace: "budget: 100", with: "budget: -1", path: "budget", message: "≥ 0"),
        Broken(
            rule: "stop_baseline a probability", replace: "stop_baseline: 0.2", with: "stop_baseline: 1.5", path: "stop_baseline",
            message: "[0, 1]"),
        Broken(
            rule: "misuse_baseline a probability", replace: "misuse_baseline: 0.1", with: "misuse_baseline: -0.1",
            path: "misuse_baseline"),
        Broken(rule: "frontier a level", replace: "frontier: 3", with: "frontier: 11", path: "frontier"),
        Broken(rule: "ids are slugs", replace: "id: rlhf", with: "id: RLHF!", path: "programs[0].id", message: "slug"),
        Broken(rule: "ids unique", replace: "id: constitutional-ai", with: "id: rlhf", path: "programs[1].id", message: "unique"),
        Broken(rule: "techniques have a level", replace: "    level: 2\n", with: "", path: "programs[0].level"),
        Broken(
            rule: "no technique at an impossible level", replace: "level: 9", with: "level: 10", path: "programs[7].level",
            message: "impossible"),
        Broken(rule: "levels within the scale", replace: "level: 9", with: "level: 12", path: "programs[7].level"),
        Broken(
            rule: "only techniques have a level", replace: "kind: governance", with: "kind: governance\n    level: 3",
            path: "programs[8].level"),
        Broken(
            rule: "kind from the four", replace: "kind: governance", with: "kind: goverance", path: "programs[8].kind",
            message: "did you mean 'governance'"),
        Broken(
            rule: "requires names a program", replace: "requires: [rlhf]", with: "requires: [rlfh]",
            path: "programs[2].requires[0]", message: "did you mean 'rlhf'"),
        Broken(
            rule: "requires has no cycle", replace: "    backfire: 0.3\n",
            with: "    backfire: 0.3\n    requires: [ai-assisted-oversight]\n", path: "programs[0].requires",
            message: "rlhf → ai-assisted-oversight → scalable-oversight → rlhf"),
        Broken(
            rule: "requires is not the program itself", replace: "requires: [rlhf]", with: "requires: [scalable-oversight]",
            path: "programs[2].requires[0]"),
        Broken(
            rule: "baseline below 1", replace: "baseline: 0.95", with: "baseline: 1", path: "programs[0].baseline",
            message: "[0, 1)"),
        Broken(rule: "ceiling above baseline", replace: "ceiling: 0.5", with: "ceiling: 0.005", path: "programs[7].ceiling"),
        Broken(rule: "ceiling at most 1", replace: "ceiling: 0.5", with: "ceiling: 1.5", path: "programs[7].ceiling"),
        Broken(rule: "scale positive", replace: "scale: 20", with: "scale: 0", path: "programs[0].scale", message: "> 0"),
        Broken(rule: "backfire a probability", replace: "backfire: 0.3", with: "backfire: 1.2", path: "programs[0].backfire"),
        Broken(rule: "evidence a probability", replace: "evidence: 0.5", with: "evidence: -0.3", path: "programs[9].evidence"),
        Broken(
            rule: "misuse_reduction a probability", replace: "misuse_reduction: 0.6", with: "misuse_reduction: 2",
            path: "programs[8].misuse_reduction"),
        Broken(
            rule: "min ≥ 0", replace: "    backfire: 0.3\n", with: "    backfire: 0.3\n    min: -1\n", path: "programs[0].min"),
        Broken(
            rule: "min ≤ max", replace: "    backfire: 0.3\n", with: "    backfire: 0.3\n    min: 20\n    max: 10\n",
            path: "programs[0].max", message: "≥ min"),
        Broken(
            rule: "minimums fit the budget", replace: "    backfire: 0.3\n", with: "    backfire: 0.3\n    min: 120\n",
            path: "programs", message: "budget"),
        Broken(
            rule: "allocation names programs", replace: "\n# Optional: an allocation",
            with: allocation + "  rlhf: 10\n  scalable-oversite: 5\n# Optional: an allocation",
            path: "allocation.scalable-oversite",
            message: "did you mean 'scalable-oversight'"),
        Broken(
            rule: "allocation within bounds", replace: "\n# Optional: an allocation",
            with: allocation + "  rlhf: 150\n# Optional",
            path: "allocation.rlhf", message: "bounds"),
        Broken(
            rule: "allocation within budget", replace: "\n# Optional: an allocation",
            with: allocation + "  rlhf: 60\n  new-paradigm: 60\n# Optional: an allocation", path: "allocation", message: "budget"),
        Broken(rule: "NaN rejected", replace: "budget: 100", with: "budget: .nan", path: "budget", message: "finite"),
        Broken(
            rule: "infinity rejected", replace: "scale: 20", with: "scale: .inf", path: "programs[0].scale", message: "finite"),
        Broken(
            rule: "unknown top-level key", replace: "budget: 100", with: "budgte: 100", path: "budgte",
            message: "did you mean 'budget'"),
        Broken(
            rule: "unknown program key", replace: "backfire: 0.3", with: "backfre: 0.3", path: "programs[0].backfre",
            message: "did you mean 'backfire'"),
        Broken(
            rule: "numbers are numbers", replace: "budget: 100", with: "budget: \"100\"", path: "budget",
            message: "expected a number"),
        Broken(
            rule: "a probability cannot be normal", replace: "backfire: 0.3", with: "backfire: {normal: [0.3, 0.1]}",
            path: "programs[0].backfire", message: "try {beta: ["),
        Broken(
            rule: "a scale cannot be normal", replace: "scale: 20", with: "scale: {normal: [20, 5]}", path: "programs[0].scale",
            message: "a lognormal with the same mean"),
        Broken(
            rule: "a uniform probability stays inside [0, 1]", replace: "stop_baseline: 0.2",
            with: "stop_baseline: {uniform: [0.5, 1.5]}", path: "stop_baseline", message: "inside [0, 1]"),
        Broken(
            rule: "ci90 needs 0 < low < high", replace: "scale: 20", with: "scale: 40 to 10", path: "programs[0].scale",
            message: "0 < low < high"),
        Broken(
            rule: "beta needs positive shapes", replace: "backfire: 0.3", with: "backfire: {beta: [0, 2]}",
            path: "programs[0].backfire", message: "α > 0"),
        Broken(
            rule: "unknown distribution", replace: "backfire: 0.3", with: "backfire: {betta: [2, 3]}",
            path: "programs[0].backfire.betta", message: "did you mean 'beta'"),
        Broken(
            rule: "distribution arity", replace: "backfire: 0.3", with: "backfire: {triangular: [0, 1]}",
            path: "programs[0].backfire.triangular", message: "3 numbers"),
        Broken(
            rule: "the budget is a decision, not uncertain", replace: "budget: 100", with: "budget: 50 to 150", path: "budget",
            message: "a fixed number"),
        Broken(
            rule: "correlations name uncertain parameters", replace: "stop_baseline: 0.2",
            with: "stop_baseline: {beta: [2, 8]}\ncorrelations: [{between: [stop_baseline, programs.rlhf.backfire], rank: 0.5}]",
            path: "correlations[0].between[1]", message: "uncertain parameter"),
        Broken(
            rule: "a parameter cannot correlate with itself", replace: "stop_baseline: 0.2",
            with: "stop_baseline: {beta: [2, 8]}\ncorrelations: [{between: [stop_baseline, stop_baseline], rank: 0.5}]",
            path: "correlations[0].between", message: "two different"),
        Broken(rule: "version 1", replace: "version: 1", with: "version: 2", path: "version"),
        Broken(
            rule: "an ordering names programs of the scenario", replace: "frontier: 3",
            with: ordering("name: first, credence: 0.2, levels: {interpretability-oversite: 4}"),
            path: "orderings[0].levels.interpretability-oversite", message: "did you mean 'interpretability-oversight'"),
        Broken(
            rule: "an ordering moves techniques only", replace: "frontier: 3",
            with: ordering("name: first, credence: 0.2, levels: {misuse-governance: 4}"),
            path: "orderings[0].levels.misuse-governance", message: "ordering 'first'"),
        Broken(
            rule: "an ordering's levels are on the scale", replace: "frontier: 3",
            with: ordering("name: first, credence: 0.2, levels: {rlhf: 11}"), path: "orderings[0].levels.rlhf",
            message: "from 1 to 10"),
        Broken(
            rule: "no technique at an impossible level in an ordering", replace: "frontier: 3",
            with: ordering("name: first, credence: 0.2, levels: {rlhf: 10}"), path: "orderings[0].levels.rlhf",
            message: "impossible"),
        Broken(
            rule: "'main' is reserved", replace: "frontier: 3", with: ordering("name: main, credence: 0.2, levels: {rlhf: 3}"),
            path: "orderings[0].name", message: "other than 'main'"),
        Broken(
            rule: "ordering names are slugs", replace: "frontier: 3",
            with: ordering("name: Interp First, credence: 0.2, levels: {rlhf: 3}"), path: "orderings[0].name", message: "slug"),
        Broken(
            rule: "ordering names are unique", replace: "frontier: 3",
            with: "frontier: 3\norderings:\n  - {\(interpretabilityFirst)}\n  - {\(interpretabilityFirst)}",
            path: "orderings[1].name", message: "already used by orderings[0]"),
        Broken(
            rule: "credences sum to at most 1", replace: "frontier: 3",
            with:
                "frontier: 3\norderings:\n  - {name: a, credence: 0.6, levels: {rlhf: 3}}\n  - {name: b, credence: 0.5, levels: {rlhf: 4}}",
            path: "orderings", message: "at most 1"),
        Broken(
            rule: "a credence is in [0, 1]", replace: "frontier: 3",
            with: ordering("name: first, credence: 1.5, levels: {rlhf: 3}"),
            path: "orderings[0].credence", message: "ordering 'first'"),
        Broken(
            rule: "an ordering's beliefs have one value per level", replace: "frontier: 3",
            with: ordering("name: first, credence: 0.2, levels: {rlhf: 3}, beliefs: [0.5, 0.5]"),
            path: "orderings[0].beliefs", message: "one belief per level"),
        Broken(
            rule: "an ordering's beliefs sum to 1", replace: "frontier: 3",
            with: ordering("name: first, credence: 0.2, levels: {rlhf: 3}, beliefs: [0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0]"),
            path: "orderings[0].beliefs", message: "summing to 1"),
        Broken(
            rule: "an ordering's beliefs are not negative", replace: "frontier: 3",
            with: ordering("name: first, credence: 0.2, levels: {rlhf: 3}, beliefs: [1.5, -0.5, 0, 0, 0, 0, 0, 0, 0, 0]"),
            path: "orderings[0].beliefs[1]", message: "≥ 0"),
        Broken(
            rule: "a technique once per ordering", replace: "frontier: 3",
            with: "frontier: 3\norderings:\n  - name: first\n    credence: 0.2\n    levels: [{rlhf: 3}]",
            path: "orderings[0].levels", message: "a mapping"),
        Broken(
            rule: "an ordering has a name", replace: "frontier: 3", with: ordering("credence: 0.2, levels: {rlhf: 3}"),
            path: "orderings[0].name", message: "missing"),
        Broken(
            rule: "ordering keys are known", replace: "frontier: 3",
            with: ordering("name: first, credense: 0.2, levels: {rlhf: 3}"), path: "orderings[0].credense",
            message: "did you mean 'credence'"),
        Broken(rule: "a number is not a scale", replace: "scale: builtin", with: "scale: 5", path: "scale", message: "builtin"),
        Broken(
            rule: "a missing scale file is named at the scale field", replace: "scale: builtin", with: "scale: nowhere.yaml",
            path: "scale", message: "no such file"),
        Broken(
            rule: "ids are at most 100 characters", replace: "- id: rlhf", with: "- id: " + String(repeating: "r", count: 101),
            path: "programs[0].id", message: "at most 100"),
        Broken(
            rule: "transformative AI within a thousand years", replace: "frontier: 3",
            with: "frontier: 3\ntimeline: {tai_years: 1e20}",
            path: "timeline.tai_years", message: "at most 1000"),
        Broken(
            rule: "a tai_years distribution within a thousand years at its 99th percentile", replace: "frontier: 3",
            with: "frontier: 3\ntimeline: {tai_years: 3 to 1e12}", path: "timeline.tai_years", message: "99th percentile"),
        Broken(
            rule: "requirements with too many combinations", replace: "    evidence: 0.5\n\n",
            with: "    evidence: 0.5\n    requires: [" + (0..<10).map { "g\($0)" }.joined(separator: ", ") + "]\n"
                + (0..<10).map { "  - {id: g\($0), kind: governance, baseline: 0.5, scale: 10}\n" }.joined() + "\n",
            path: "programs", message: "combinations"),
        Broken(rule: "missing required key", replace: "budget: 100", with: "", path: "budget", message: "missing"),
    ]

    @Test("a malformed scenario names the file, line, field and problem", arguments: broken)
    func validation(_ broken: Broken) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let text = Scenario.defaultYAMLAtMedians.replacingOccurrences(of: broken.replace, with: broken.with)
        #expect(text != Scenario.defaultYAMLAtMedians, "the test's replacement did not apply")
        let path = folder.write("bad.yaml", text)
        do {
            _ = try Scenario.load(contentsOf: path)
            Issue.record("\(broken.rule): loaded without error")
        } catch let error as InputError {
            let message = error.description
            #expect(error.path.description == broken.path, "\(message)")
            #expect(message.hasPrefix(path + ":"), "\(message)")
            #expect(error.location?.line != nil, "no line in \(message)")
            #expect(message.contains("expected") && message.contains("found"))
            #expect(broken.message.isEmpty || message.contains(broken.message), "\(message)")
            // Where the bad value itself is on a line of its own, the error points at that line.
            if !broken.with.isEmpty, !broken.with.contains("\n"), text.components(separatedBy: broken.with).count == 2,
                let line = text.components(separatedBy: "\n").firstIndex(where: { $0.contains(broken.with) })
            {
                #expect(error.location?.line == line + 1, "\(message)")
            }
        }
    }

    struct Garbage: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let found: String
        var testDescription: String { name }
    }

    static let garbage: [Garbage] = [
        Garbage(name: "empty file", bytes: [], found: "empty"),
        Garbage(name: "only comments", bytes: Array("# nothing here\n\n".utf8), found: "no content"),
        Garbage(name: "binary", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF], found: ":1:1: expected text"),
        Garbage(
            name: "a NUL byte", bytes: Array("budget: 1\nname: a".utf8) + [0] + Array("b\n".utf8), found: ":2:8: expected text"),
        Garbage(
            name: "a control character", bytes: Array("budget: 1\nname: \"a\u{1}b\"\n".utf8),
            found: ":2:9: expected text without control"),
        Garbage(
            name: "a C1 control character", bytes: Array("name: é".utf8) + [0xC2, 0x9B] + Array("2J\n".utf8),
            found: ":1:8: expected text without control characters, found the control character U+009B"),
        Garbage(
            name: "invalid UTF-8 on a later line", bytes: Array("budget: 1\nname: é".utf8) + [0xE9, 0x41] + Array("\n".utf8),
            found: ":2:8: expected UTF-8 text"),
        Garbage(name: "an overlong UTF-8 form", bytes: Array("name: ".utf8) + [0xC0, 0xAF], found: ":1:7: expected UTF-8"),
        Garbage(
            name: "a UTF-16 surrogate in UTF-8", bytes: Array("name: ".utf8) + [0xED, 0xA0, 0x80], found: ":1:7: expected UTF-8"),
        Garbage(
            name: "a JSON number too large for a double", bytes: Array("{\"version\": 1,\n \"budget\": 1e309}".utf8),
            found: ":2:12: expected a number whose size a double can hold"),
        Garbage(
            name: "a JSON trailing comma", bytes: Array("{\"version\": 1,\n \"budget\": 10,, }".utf8),
            found: ":2:15: expected well-formed JSON, found something that is not a JSON value"),
        Garbage(name: "not UTF-8", bytes: [0x62, 0x75, 0x64, 0x67, 0x65, 0x74, 0x3A, 0x20, 0xC3, 0x28], found: "UTF-8"),
        Garbage(name: "YAML syntax error", bytes: Array("budget: 100\nprograms: [\n  {id: a\nbeliefs: ]\n".utf8), found: ""),
        Garbage(name: "JSON syntax error", bytes: Array("{\"budget\": 100,\n \"beliefs\": [0.5 0.5]}\n".utf8), found: ""),
        Garbage(name: "a list, not a mapping", bytes: Array("- 1\n- 2\n".utf8), found: "a list"),
        Garbage(name: "a bare number", bytes: Array("42\n".utf8), found: "42"),
        Garbage(name: "repeated key", bytes: Array("budget: 1\nbudget: 2\n".utf8), found: "repeated"),
    ]

    @Test("unusable files get a clear error, never a crash", arguments: garbage)
    func garbageFiles(_ garbage: Garbage) {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.write("garbage.yaml", Data(garbage.bytes))
        do {
            _ = try Scenario.load(contentsOf: path)
            Issue.record("\(garbage.name) loaded")
        } catch let error as InputError {
            #expect(error.description.hasPrefix(path), "\(error)")
            #expect(garbage.found.isEmpty || error.description.contains(garbage.found), "\(error)")
            #expect(!error.description.contains("swift") && !error.description.contains("Swift"), "\(error)")
            if garbage.name.contains("syntax") {
                #expect(error.category == .syntax)
                #expect(error.location?.line != nil && error.location?.column != nil, "\(error)")
            }
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    /// Distributions in both syntaxes load, with medians in the exact fields and correlations kept.
    @Test func uncertainParametersLoad() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let text = Scenario.defaultYAMLAtMedians
            .replacingOccurrences(of: "scale: 20", with: "scale: 10 to 40")
            .replacingOccurrences(of: "backfire: 0.3", with: "backfire: {beta: [3, 7]}")
            .replacingOccurrences(
                of: "stop_baseline: 0.2",
                with:
                    "stop_baseline: {uniform: [0.1, 0.3]}\ncorrelations:\n  - {between: [programs.rlhf.scale, stop_baseline], rank: -0.5}"
            )
        let scenario = try Scenario.load(contentsOf: folder.write("u.yaml", text))
        #expect(
            scenario.uncertainty.parameters.map(\.name) == ["programs.rlhf.scale", "programs.rlhf.backfire", "stop_baseline"])
        #expect(abs(scenario.programs[0].scale - 20) < 1e-12)  // the median of "10 to 40"
        #expect(abs(scenario.programs[0].backfire - Distribution.beta(alpha: 3, beta: 7).median) < 1e-15)
        #expect(abs(scenario.stopBaseline - 0.2) < 1e-15)
        #expect(scenario.uncertainty.correlations.first?.rank == -0.5)
        #expect(scenario.isUncertain)
    }

    /// Beliefs so large that their sum overflows still normalise to the right shares (and without
    /// `normalize` they are refused, not turned into a safety of 0).
    @Test func normalizeDoesNotOverflow() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let huge = "beliefs: [1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308]"
        let written = Scenario.defaultYAML.replacingOccurrences(
            of: "beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]", with: huge)
        let scenario = try Scenario.load(
            contentsOf: folder.write(
                "n.yaml", written.replacingOccurrences(of: "budget: 100", with: "normalize: true\nbudget: 100")))
        #expect(scenario.beliefs.allSatisfy { abs($0 - 0.1) < 1e-15 }, "\(scenario.beliefs)")
        let safety = Evaluation(scenario: scenario).safety
        let uniform = try Scenario.load(
            contentsOf: folder.write(
                "u.yaml",
                Scenario.defaultYAML.replacingOccurrences(
                    of: "beliefs: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05]",
                    with: "beliefs: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]")))
        #expect(abs(safety - Evaluation(scenario: uniform).safety) < 1e-14)
        #expect(throws: InputError.self) { try Scenario.load(contentsOf: folder.write("o.yaml", written)) }
    }

    /// The example ordering that `init` writes (commented out) loads once uncommented, and a
    /// scenario with orderings round-trips through its JSON.
    @Test func orderingsLoadAndRoundTrip() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let commented = Scenario.defaultYAML.components(separatedBy: "\n")
        let start = try #require(commented.firstIndex(of: "# orderings:"))
        var lines = commented
        for i in start..<(start + 7) { lines[i] = String(lines[i].dropFirst(2)) }
        let scenario = try Scenario.load(contentsOf: folder.write("o.yaml", lines.joined(separator: "\n")))
        #expect(scenario.orderings.count == 1)
        let ordering = scenario.orderings[0]
        #expect(ordering.name == "interpretability-first" && ordering.credence == 0.25 && ordering.beliefs == nil)
        #expect(ordering.levels.map(\.id) == ["interpretability-oversight", "scalable-oversight", "ai-assisted-oversight"])
        #expect(ordering.levels.map(\.level) == [4, 5, nil])
        #expect(scenario.worlds.orderings.map(\.credence) == [0.75, 0.25])
        let json = folder.write("o.json", scenario.json.rendered())
        #expect(try Scenario.load(contentsOf: json) == scenario)
        // Without the example, the default scenario is unchanged.
        #expect(try Scenario.load(contentsOf: folder.write("d.yaml", Scenario.defaultYAML)).orderings.isEmpty)
    }

    /// A value echoed in an error is cut short and its control characters escaped.
    @Test func echoedValuesAreShortAndInert() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let long = String(repeating: "x", count: 100_000)
        let path = folder.write(
            "s.yaml", Scenario.defaultYAML.replacingOccurrences(of: "budget: 100", with: "budget: 100\n\(long): 1"))
        do {
            _ = try Scenario.load(contentsOf: path)
            Issue.record("an unknown key loaded")
        } catch let error as InputError {
            #expect(error.description.count < 2_000, "\(error.description.count) characters")
        }
        let escape = folder.write(
            "e.yaml", Scenario.defaultYAML.replacingOccurrences(of: "requires: [rlhf]", with: "requires: [\"\\e[2Jrlhf\"]"))
        do {
            _ = try Scenario.load(contentsOf: escape)
            Issue.record("an unknown required id loaded")
        } catch let error as InputError {
            #expect(!error.description.contains("\u{1B}") && error.description.contains("\\u{1B}[2J"), "\(error)")
        }
    }

    @Test func missingFileAndDirectory() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        #expect { try Scenario.load(contentsOf: folder.path + "/nope.yaml") } throws: {
            ($0 as? InputError)?.found == "no such file"
        }
        #expect { try Scenario.load(contentsOf: folder.path) } throws: { ($0 as? InputError)?.found == "a directory" }
    }
}
