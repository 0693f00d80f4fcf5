import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("Respondent files (AlignmentScale.docc/ManyViews.md)")
struct RespondentFileTests {
    static let header = "id,weight,p1,p2,p3"

    @Test func csvAndJSON() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let csv = """
            p3,id,p2,p1,comment
            0.5,ana,0.25,0.25,"likes ""level 2"", a lot"
            1,bo,0,0,

            """
        let read = try RespondentFile.loadEntries(contentsOf: folder.write("r.csv", csv), levelCount: 3)
        #expect(read.map(\.respondent.id) == ["ana", "bo"])
        #expect(read[0].respondent.beliefs == [0.25, 0.25, 0.5] && read[0].respondent.weight == 1)
        #expect(read[0].comment == "likes \"level 2\", a lot" && read[1].comment == nil)
        let json = #"[{"id": "ana", "weight": 2, "beliefs": [0.2, 0.3, 0.5]}, {"id": "bo", "beliefs": [0, 0, 1]}]"#
        let fromJSON = try RespondentFile.load(contentsOf: folder.write("r.json", json), levelCount: 3)
        #expect(fromJSON.map(\.weight) == [2, 1])
        // Beliefs within 1e-6 of summing to 1 are rescaled.
        let near = try RespondentFile.load(
            contentsOf: folder.write("n.csv", "\(Self.header)\nx,1,0.3,0.3,0.4000005\n"), levelCount: 3)
        #expect(abs(near[0].beliefs.reduce(0, +) - 1) < 1e-15)
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        let rule: String
        let text: String
        let path: String
        let line: Int?
        let message: String
        var testDescription: String { rule }
    }

    static let broken: [Broken] = [
        Broken(
            rule: "negative belief", text: "\(header)\na,1,0.5,0.6,-0.1\n", path: "row 1 (id 'a'), column p3", line: 2,
            message: "≥ 0"),
        Broken(
            rule: "sum off 1", text: "\(header)\na,1,0.5,0.5,0.5\n", path: "row 1 (id 'a'), column p1 … p3", line: 2,
            message: "summing to 1"),
        Broken(
            rule: "not a number", text: "\(header)\na,1,0.5,half,0.5\n", path: "row 1 (id 'a'), column p2", line: 2,
            message: "'half'"),
        Broken(
            rule: "bad weight", text: "\(header)\na,1,0.5,0.5,0\nb,-2,0.5,0.5,0\n", path: "row 2 (id 'b'), column weight",
            line: 3, message: "> 0"),
        Broken(rule: "missing column", text: "id,p1,p2\na,0.5,0.5\n", path: "header", line: 1, message: "no column 'p3'"),
        Broken(
            rule: "unknown column", text: "id,wieght,p1,p2,p3\n", path: "header, column 2", line: 1,
            message: "did you mean 'weight'"),
        Broken(
            rule: "duplicate id", text: "\(header)\na,1,1,0,0\na,1,0,1,0\n", path: "row 2 (id 'a'), column id", line: 3,
            message: "row 1"),
        Broken(rule: "short row", text: "\(header)\na,1,1,0\n", path: "row 1", line: 2, message: "5 fields"),
        Broken(rule: "header only", text: "\(header)\n", path: "", line: nil, message: "at least one respondent"),
        Broken(rule: "unterminated quote", text: "\(header)\n\"a,1,1,0,0\n", path: "", line: 2, message: "closing quote"),
        Broken(rule: "empty file", text: "", path: "", line: nil, message: "empty"),
        Broken(
            rule: "JSON belief out of range", text: #"[{"id": "a", "beliefs": [0.5, 1.5, -1]}]"#, path: "[0].beliefs[2]", line: 1,
            message: "≥ 0"),
        Broken(
            rule: "JSON unknown key", text: "[{\"id\": \"a\", \"belief\": [1, 0, 0]}]", path: "[0].belief", line: 1,
            message: "did you mean 'beliefs'"),
    ]

    @Test("a bad respondent file names the row, column and line", arguments: broken)
    func validation(_ broken: Broken) {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let name = broken.rule.hasPrefix("JSON") ? "r.json" : "r.csv"
        let path = folder.write(name, broken.text)
        do {
            _ = try RespondentFile.load(contentsOf: path, levelCount: 3)
            Issue.record("loaded")
        } catch let error as InputError {
            #expect(error.path.description == broken.path, "\(error)")
            #expect(error.location?.file == path, "\(error)")
            #expect(error.location?.line == broken.line, "\(error)")
            #expect(error.description.contains(broken.message), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
