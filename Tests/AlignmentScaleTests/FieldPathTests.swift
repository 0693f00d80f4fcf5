import AlignmentScale
import Testing

/// Field paths are structure (keys and positions), shown as `programs[2].baseline`.
@Suite("Field paths")
struct FieldPathTests {
    @Test func literalsReadDotsAndBrackets() {
        let path: FieldPath = "programs[2].requires[0]"
        #expect(path.components == [.key("programs"), .index(2), .key("requires"), .index(0)])
        #expect(path.description == "programs[2].requires[0]")
        #expect(FieldPath.root.description == "" && FieldPath.root.isEmpty)
    }

    @Test func appendingBuildsTheSamePathAsTheLiteral() {
        let built = FieldPath.root.appending("programs")[2].appending("requires").appending(index: 0)
        #expect(built == "programs[2].requires[0]")
        #expect(FieldPath("experiments[1]") + ".outcomes[0].likelihood" == "experiments[1].outcomes[0].likelihood")
    }

    /// A key the user wrote is one component whatever it holds, and still reads as written.
    @Test func aUserKeyIsAppendedWhole() {
        let path = FieldPath("allocation").appending("a.b[3]")
        #expect(path.components == [.key("allocation"), .key("a.b[3]")])
        #expect(path.description == "allocation.a.b[3]")
        #expect(path.parent == "allocation")
        #expect(FieldPath(key: "row 3 (id 'x.y')").components == [.key("row 3 (id 'x.y')")])
    }

    @Test func parentsWalkUpToTheRoot() {
        var path: FieldPath? = "orderings[1].levels.rlhf"
        var seen: [String] = []
        while let here = path {
            seen.append(here.description)
            path = here.parent
        }
        #expect(seen == ["orderings[1].levels.rlhf", "orderings[1].levels", "orderings[1]", "orderings", ""])
    }

    /// An error found after parsing takes the position of its field, or of the nearest enclosing
    /// field that has one, or the file's.
    @Test func sourceMapsLocateTheNearestRecordedField() {
        let map = SourceMap(
            file: "s.yaml",
            locations: [
                "programs[1]": SourceLocation(file: "s.yaml", line: 7, column: 3),
                "programs[1].scale": SourceLocation(file: "s.yaml", line: 9, column: 12),
            ])
        func place(_ path: FieldPath) -> String {
            map.locate(InputError(path: path, expected: "x", found: "y")).location!.description
        }
        #expect(place("programs[1].scale") == "s.yaml:9:12")
        #expect(place("programs[1].requires[0]") == "s.yaml:7:3")
        #expect(place("budget") == "s.yaml")
        // Whether an error is about this input at all: a flag, or a field never written, is not.
        #expect(map.records("programs[1].requires[0]"))
        #expect(!map.records("--experiment") && !map.records("budget") && !map.records(.root))
    }
}
