import AlignmentScale
import AlignmentScaleIO
import Foundation
import Testing

/// The bound on values once aliases are expanded (alias bombs), checked before any tree is built.
@Suite("Documents: aliases and size bounds")
struct DocumentTests {
    /// The attack found on the server: an inline scale with 1000 aliases of one level whose risk
    /// list holds 1000 aliases of one text (10⁶ values in about 8 KB).
    static func scaleBomb(levels: Int = 1000, risks: Int = 1000) -> String {
        let riskList = Array(repeating: "*r", count: risks - 1).joined(separator: ",")
        let levelList = Array(repeating: "*l", count: levels - 1).joined(separator: ",")
        return """
            version: 1
            name: bomb
            beliefs: [1]
            budget: 1
            programs: []
            scale:
              levels: [&l {level: 1, name: x, band: green, risks: [&r x,\(riskList)]},\(levelList)]

            """
    }

    @Test func theScaleBombIsRefusedForItsExpandedSize() throws {
        let text = Self.scaleBomb()
        let data = Data(text.utf8)
        #expect(data.count < 9000)
        let error = try #require(throws: InputError.self) { try Document(data: data, file: "bomb.yaml") }
        #expect(error.category == .unsupported)
        let limit = Document.valueLimit(forBytes: data.count)
        #expect(error.description.contains("at most \(limit) values once aliases are expanded"))
        #expect(error.description.contains("alias"))
        // Where the count passed the bound: on the scale's line (line 7), within the level list.
        #expect(error.location?.file == "bomb.yaml" && error.location?.line == 7)
    }

    /// A mapping whose keys are aliases of a large list: comparing keys would walk each one.
    @Test func aliasedKeysAreCountedAsWhatTheyRepeat() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x]"]
        for i in 1...12 {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 4).joined(separator: ", ") + "]")
        }
        lines.append("keys: {*a12 : 1, *a11 : 2}")
        let data = Data(lines.joined(separator: "\n").utf8)
        let error = try #require(throws: InputError.self) { try Document(data: data, file: "keys.yaml") }
        #expect(error.category == .unsupported)
    }

    /// The bound at its edge: a list of r aliases of an m-item list holds exactly
    /// 1 (the root) + 2 (the keys) + (1 + m) + (1 + r·(1 + m)) values, counted here by hand; the
    /// reader accepts the document when that is within the limit for its size and refuses it past.
    @Test(arguments: [(40, 10), (40, 400), (100, 100), (8, 2000)])
    func theBoundIsExact(items m: Int, aliases r: Int) throws {
        let text =
            "a: &a [" + Array(repeating: "1", count: m).joined(separator: ",") + "]\nb: ["
            + Array(repeating: "*a", count: r).joined(separator: ",") + "]\n"
        let data = Data(text.utf8)
        let expanded = 1 + 2 + (1 + m) + (1 + r * (1 + m))
        let limit = Document.valueLimit(forBytes: data.count)
        if expanded <= limit {
            let document = try Document(data: data, file: nil)
            #expect(document.countValues(upTo: limit) == expanded)
        } else {
            #expect(throws: InputError.self) { try Document(data: data, file: nil) }
        }
    }

    /// Anchors and aliases used as people use them (one distribution for several programs) read as
    /// if written out.
    @Test func ordinaryAliasesStillWork() throws {
        let text = """
            version: 1
            beliefs: [0.5, 0.5]
            budget: 10
            frontier: 1
            scale: {levels: [{level: 1, name: a, band: green}, {level: 2, name: b, band: black, impossible: true}]}
            programs:
              - {id: p, kind: governance, baseline: &b {uniform: [0.1, 0.3]}, scale: 5}
              - {id: q, kind: governance, baseline: *b, scale: 5}
            """
        let scenario = try Scenario(document: Document(data: Data(text.utf8), file: nil))
        #expect(
            scenario.uncertainty.parameters.map(\.distribution) == [.uniform(low: 0.1, high: 0.3), .uniform(low: 0.1, high: 0.3)])
    }

    /// Lists are counted against the limits before their items are read.
    @Test func listsAreCountedBeforeTheyAreRead() throws {
        var limits = Limits.server
        limits.programs = 3
        let programs = (0..<4).map { "  - {id: p\($0), kind: governance, baseline: 0.1, scale: 5}" }.joined(separator: "\n")
        let text = "version: 1\nbeliefs: [1, 0]\nbudget: 1\nprograms:\n\(programs)\n"
        let error = try #require(throws: InputError.self) {
            try Scenario(document: Document(data: Data(text.utf8), file: "s.yaml"), limits: limits)
        }
        #expect(error.path == "programs" && error.description.contains("at most 3 programs here"))
        #expect(error.location?.line == 5)
    }
}
