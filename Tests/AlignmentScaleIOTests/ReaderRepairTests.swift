import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

/// Readers and the schema agree, and every refusal says where: the repairs an outside check of
/// mutated scenarios asked for. Each position is computed here from the text, not taken from the
/// reader.
@Suite struct ReaderRepairTests {
    /// The 1-based line and column (in characters) where `needle` starts in `text`.
    func position(of needle: String, in text: String) throws -> (line: Int, column: Int) {
        let range = try #require(text.range(of: needle))
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column =
            before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        return (line, column)
    }

    func refusal(_ file: String, _ text: String) throws -> InputError {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.write(file, text)
        do {
            _ = try Scenario.load(contentsOf: path)
        } catch let error as InputError {
            return error
        }
        Issue.record("\(file) loaded")
        return InputError(path: "", expected: "", found: "")
    }

    /// A JSON file that stops early is refused at its end, naming the bracket left open.
    @Test func truncatedJSONSaysWhere() throws {
        let text = #"{"budget": 100, "beliefs": [0.5, 0.5], "programs": [{"id": "a", "level": 2"#
        let error = try refusal("t.json", text)
        #expect(error.location?.line == 1)
        #expect(error.location?.column == text.count + 1)
        let open = try position(of: #"{"id""#, in: text)
        #expect(error.found.contains("line \(open.line), column \(open.column) is never closed"), "\(error)")
    }

    /// A byte that is not UTF-8 in a respondents CSV is refused at its line and column.
    @Test func invalidUTF8InCSVSaysWhere() throws {
        var bytes = Array("id,p1,p2\nfirst,0.5,0.5\nsé".utf8)
        bytes += [0xFF]
        bytes += Array("x,0.5,0.5\n".utf8)
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/r.csv"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        #expect {
            try RespondentFile.load(contentsOf: path, levelCount: 2)
        } throws: {
            let error = $0 as? InputError
            // Line 3; "sé" is two characters, so the bad byte is the third.
            return error?.location?.line == 3 && error?.location?.column == 3 && error?.found.contains("0xFF") == true
        }
    }

    /// Where text is meant, an unquoted number or truth value is refused (as the schema refuses
    /// it); quoted, it is text.
    @Test func numbersAreNotText() throws {
        let yaml = Scenario.defaultYAML
        let name = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("name:") })
        let error = try refusal("n.yaml", yaml.replacingOccurrences(of: String(name), with: "name: 12"))
        #expect(error.path == "name" && error.found == "the number 12", "\(error)")
        let quoted = TemporaryFolder()
        defer { quoted.remove() }
        let scenario = try Scenario.load(
            contentsOf: quoted.write("q.yaml", yaml.replacingOccurrences(of: String(name), with: "name: \"12\"")))
        #expect(scenario.name == "12")
        let truth = try refusal("b.yaml", yaml.replacingOccurrences(of: "  - id: rlhf", with: "  - id: true"))
        #expect(truth.path == "programs[0].id" && truth.found == "the truth value true", "\(truth)")
    }

    /// Two programs with one id and an uncertain field: the id is the problem, and is named.
    @Test func duplicateIdWithUncertaintyNamesTheId() throws {
        let yaml = Scenario.defaultYAMLAtMedians
        let start = try #require(yaml.range(of: "  - id: rlhf"))
        let end = try #require(yaml.range(of: "  - id:", range: start.upperBound..<yaml.endIndex))
        let block = String(yaml[start.lowerBound..<end.lowerBound])
        let uncertain = block.replacingOccurrences(of: "baseline: 0.95", with: "baseline: {beta: [19, 1]}")
        #expect(uncertain != block)
        let error = try refusal(
            "d.yaml", yaml.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: uncertain + uncertain))
        #expect(error.path == "programs[1].id" && error.expected == "a unique id", "\(error)")
    }

    /// A level far out of range is refused for its range, not as "not a whole number".
    @Test func hugeLevelNamesTheRange() throws {
        let yaml = Scenario.defaultYAML
        let level = try #require(yaml.range(of: "    level: 2\n"))
        let error = try refusal("l.yaml", yaml.replacingCharacters(in: level, with: "    level: 1e15\n"))
        #expect(error.path == "programs[0].level" && error.expected.contains("from 1 to 10"), "\(error)")
    }

    /// Without tai_years, a reference_years past the race's range is refused at reference_years,
    /// the key the file has.
    @Test func referenceYearsWithoutTaiYears() throws {
        let text = Scenario.defaultYAML + "timeline:\n  reference_years: 1e9\n"
        let error = try refusal("r.yaml", text)
        #expect(error.path == "timeline.reference_years", "\(error)")
        #expect(error.location?.line == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    }

    /// VOI's JSON names the orderings behind each signal and world, so that two alternatives the
    /// scenario writes alike (merged into one set of worlds) are listed by name, not only in a label.
    @Test func voiNamesMergedOrderings() throws {
        let orderings = [
            "orderings:", "  - name: first-alt", "    credence: 0.2", "    levels: {interpretability-oversight: 4}",
            "  - name: second-alt", "    credence: 0.1", "    levels: {interpretability-oversight: 4}", "",
        ]
        let text = Scenario.defaultYAML + orderings.joined(separator: "\n")
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = try Scenario.load(contentsOf: folder.write("o.yaml", text))
        let report = ValueOfInformationReport(ValueOfInformation(scenario: scenario), scenario: scenario)
        let json = try #require(JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        let signals = try #require(json["ordering_signals"] as? [[String: Any]])
        let names = Set(signals.compactMap { $0["orderings"] as? [String] })
        #expect(names == [["main"], ["first-alt", "second-alt"]], "\(signals.map { $0["name"] ?? "" })")
        let worlds = try #require(json["per_world"] as? [[String: Any]])
        #expect(worlds.allSatisfy { ($0["orderings"] as? [String])?.isEmpty == false })
    }
}
