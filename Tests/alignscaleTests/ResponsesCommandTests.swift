import AlignmentScale
import AlignmentScaleStore
import Foundation
import TestSupport
import Testing

@Suite("alignscale aggregate and responses")
struct ResponsesCommandTests {
    static let people = """
        id,weight,p1,p2,p3,p4,p5,p6,p7,p8,p9,p10
        optimist,1,0.3,0.3,0.2,0.1,0.05,0.05,0,0,0,0
        middle,2,0.05,0.10,0.15,0.15,0.15,0.12,0.10,0.08,0.05,0.05
        pessimist,1,0,0,0,0.05,0.05,0.1,0.2,0.2,0.2,0.2

        """

    /// A file that is not a response store: exit 2, the file and where its name came from (the
    /// flag, or the environment variable when no flag is given), and nothing written to it.
    @Test func unusableStoreNamesItsSource() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let junk = folder.write("junk.sqlite", "this is not a database, just text that is long enough to have a header")
        let flagged = try await CLI.run(["responses", "list", "--db", junk])
        #expect(flagged.status == 2 && flagged.stdout.isEmpty)
        #expect(
            flagged.stderr.contains("junk.sqlite: --db: expected an alignscale response store (SQLite)"), "\(flagged.stderr)")
        let variable = try await CLI.run(["responses", "list"], environment: ["ALIGNSCALE_DATABASE_URL": junk])
        #expect(
            variable.status == 2 && variable.stderr.contains("junk.sqlite: ALIGNSCALE_DATABASE_URL: expected"),
            "\(variable.stderr)")
        let malformed = try await CLI.run(["responses", "list", "--db", "postgres://ana:secret@h/d?x=1"])
        #expect(malformed.status == 2 && malformed.stderr.contains("--db: expected only ?sslmode"), "\(malformed.stderr)")
        #expect(!malformed.stderr.contains("secret"))
        #expect(try String(contentsOfFile: junk, encoding: .utf8).hasPrefix("this is not a database"))
    }

    @Test func aggregateJSON() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = folder.write("people.csv", Self.people)
        let result = try await CLI.run(["aggregate", file, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = result.json
        #expect(json["respondents"] as? Int == 3)
        let linear = json["linear"] as? [Double] ?? []
        // The weighted mean by hand for level 1: (0.3 + 2·0.05 + 0)/4.
        #expect(abs(linear[0] - 0.1) < 1e-15)
        #expect(json["logarithmic"] is [Double] && json["mean_jensen_shannon"] is Double)
        let matrix = json["cross_regret"] as? [[Double]] ?? []
        #expect(matrix.count == 3 && (0..<3).allSatisfy { matrix[$0][$0] == 0 })
        let consensus = json["consensus"] as? [[String: Any]] ?? []
        #expect(consensus.map { $0["name"] as? String } == ["linear-pool", "logarithmic-pool", "minimax-regret"])
        let worst = consensus.map { $0["max_regret"] as? Double ?? .nan }
        #expect(worst[2] <= worst[0] && worst[2] <= worst[1])

        let broken = folder.write("bad.csv", Self.people.replacingOccurrences(of: "middle,2,0.05", with: "middle,2,0.5"))
        let refused = try await CLI.run(["aggregate", broken])
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("bad.csv:3:") && refused.stderr.contains("row 2 (id 'middle')"), "\(refused.stderr)")
    }

    /// add, import, list, export, remove and aggregate against one store file; export round-trips
    /// through import; a bad import leaves the store as it was.
    @Test func storeLifecycle() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let db = ["--db", folder.path + "/s.sqlite"]
        let file = folder.write("people.csv", Self.people)
        #expect(try await CLI.run(["responses", "import", file] + db).status == 0)
        let added = try await CLI.run(
            ["responses", "add", "--id", "zoe", "--beliefs", "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1", "--comment", "5 <-> 6?"]
                + db)
        #expect(added.status == 0, "\(added.stderr)")
        let again = try await CLI.run(["responses", "import", file] + db)
        #expect(again.status == 2 && again.stderr.contains("row 1 (id 'optimist')"))
        let listed = try await CLI.run(["responses", "list", "--format", "json"] + db)
        #expect((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.count == 4)

        let exported = folder.path + "/out.csv"
        #expect(try await CLI.run(["responses", "export", "--output", exported] + db).status == 0)
        let copy = ["--db", folder.path + "/copy.sqlite"]
        #expect(try await CLI.run(["responses", "import", exported] + copy).status == 0)
        let a = try await CLI.run(["responses", "export", "--format", "json"] + db).stdout
        let b = try await CLI.run(["responses", "export", "--format", "json"] + copy).stdout
        func strip(_ s: String) -> [String] { s.split(separator: "\n").filter { !$0.contains("created_at") }.map(String.init) }
        #expect(strip(a) == strip(b))

        #expect(try await CLI.run(["responses", "remove", "zoe"] + db).status == 0)
        #expect(try await CLI.run(["responses", "remove", "zoe"] + db).status == 2)
        let pooled = try await CLI.run(["responses", "aggregate", "--format", "json"] + db)
        #expect(pooled.json["respondents"] as? Int == 3)
        let bad = try await CLI.run(["responses", "add", "--beliefs", "0.5,0.5"] + db)
        #expect(bad.status == 2 && bad.stderr.contains("10"))
        // The error names the flag once, and the belief by its place in the list.
        #expect(bad.stderr.hasPrefix("error: --beliefs: expected one belief per level"), "\(bad.stderr)")
        let negative = try await CLI.run(["responses", "add", "--beliefs", "0.5,-0.5,1,0,0,0,0,0,0,0"] + db)
        #expect(negative.stderr.hasPrefix("error: --beliefs[1]: expected a probability ≥ 0"), "\(negative.stderr)")
        let weight = try await CLI.run(["responses", "add", "--weight", "0", "--beliefs", "1,0,0,0,0,0,0,0,0,0"] + db)
        #expect(weight.stderr.hasPrefix("error: --weight: expected a weight > 0"), "\(weight.stderr)")
    }

    /// Forty processes adding at once: every acknowledged response is stored, none twice.
    @Test func concurrentProcessesLoseNothing() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let db = ["--db", folder.path + "/c.sqlite"]
        let processes = (0..<40).map { i -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.executable)
            p.arguments = ["responses", "add", "--id", "p\(i)", "--beliefs", "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1"] + db
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle(forWritingAtPath: folder.write("err\(i).txt", "")) ?? FileHandle.nullDevice
            return p
        }
        for p in processes { try p.run() }
        var acknowledged: Set<String> = []
        for (i, p) in processes.enumerated() {
            await Subprocess.wait(for: p)
            if p.terminationStatus == 0 { acknowledged.insert("p\(i)") }
        }
        let stored = try await CLI.run(["responses", "export", "--format", "json"] + db)
        let ids = (try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as? [[String: Any]] ?? []).compactMap {
            $0["id"] as? String
        }
        let failures = (0..<40).filter { !acknowledged.contains("p\($0)") }.map {
            (try? String(contentsOfFile: folder.path + "/err\($0).txt", encoding: .utf8)) ?? ""
        }
        #expect(acknowledged.count == 40, "failed: \(failures)")
        #expect(Set(ids) == acknowledged && ids.count == acknowledged.count)
    }

    /// Text that users typed is shown inert: escape sequences cannot clear the administrator's
    /// screen and a line break cannot split a row of `responses list` (a row stored before input
    /// was checked, written here straight into the store).
    @Test func listingEscapesControlCharacters() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/s.sqlite"
        let store = try await SQLiteResponseStore.open(path: path)
        let beliefs = [Double](repeating: 0.1, count: 10)
        try await store.add(
            StoredResponse(
                respondent: try Respondent(id: "plain", beliefs: beliefs, levelCount: 10),
                comment: "\u{1B}[2J\u{1B}[H wiped\nforged | row"))
        for format in ["table", "markdown"] {
            let listed = try await CLI.run(["responses", "list", "--db", path, "--format", format])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(!listed.stdout.contains("\u{1B}"), "\(format): a raw escape reached the terminal")
            #expect(listed.stdout.contains("\\u{1B}[2J"), "\(format): \(listed.stdout)")
            let rows = listed.stdout.split(separator: "\n").filter { $0.contains("plain") }
            #expect(rows.count == 1 && rows[0].contains("wiped\\u{A}forged"), "\(format): \(listed.stdout)")
        }
        // CSV and JSON keep the text exactly, quoted as their formats say.
        let csv = try await CLI.run(["responses", "export", "--db", path, "--format", "csv"])
        #expect(csv.stdout.contains("\"\u{1B}[2J\u{1B}[H wiped\nforged | row\""))
    }
}
