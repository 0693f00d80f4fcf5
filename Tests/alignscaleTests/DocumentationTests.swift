import AlignmentScale
import Foundation
import TestSupport
import Testing

/// The documentation stands alone in the repository and says what the program does.
@Suite("Documentation")
struct DocumentationTests {
    static let catalog = repositoryRoot + "/Sources/AlignmentScale/AlignmentScale.docc"

    /// Every file under `folder` (relative to the repository) whose name ends in one of `extensions`.
    static func files(under folder: String, extensions: [String]) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: repositoryRoot + "/" + folder) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { path in extensions.contains { path.hasSuffix($0) } }
            .map { folder + "/" + $0 }
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: repositoryRoot + "/" + path, encoding: .utf8)) ?? ""
    }

    /// The README's output of `optimize` on the orderings example is what the command prints,
    /// line for line (from the allocation's first line to its program table's last).
    @Test func readmeOrderingsExamplePrintsWhatTheToolPrints() async throws {
        let printed = try await CLI.run(["optimize", repositoryRoot + "/Benchmarks/scenarios/orderings.yaml"])
        #expect(printed.status == 0)
        let lines = printed.stdout.components(separatedBy: "\n")
        let first = try #require(lines.firstIndex { $0.hasPrefix("Best allocation of a budget") })
        let last = try #require(lines.firstIndex { $0.hasPrefix("coordinated-pause") })
        let block = lines[first...last].joined(separator: "\n")
        #expect(Self.read("README.md").contains("```\n" + block + "\n```"), "README lacks:\n\(block)")
    }

    /// Nothing a user or a reader of the code sees points outside the repository: no reference to
    /// the specification the project was written from, or to a folder beside the clone.
    @Test func noReferenceLeavesTheRepository() {
        // Spelled in pieces so that this file does not match itself.
        let needles = ["MODEL" + ".md", "../" + "shared", "shared" + "/MODEL"]
        var paths = ["README.md"]
        for folder in ["Sources", "Documentation", "Benchmarks", "scripts", "Fuzz/Corpus", "Plugins", "Tests"] {
            paths += Self.files(
                under: folder, extensions: [".swift", ".md", ".js", ".html", ".css", ".json", ".py", ".yaml", ".sh"])
        }
        paths += ["scripts/test", "scripts/docs", "scripts/fuzz", "Benchmarks/bench", "Benchmarks/bench-uncertainty"]
        #expect(paths.count > 100)
        for path in paths {
            let text = Self.read(path)
            for needle in needles {
                #expect(!text.contains(needle), "\(path) refers to \(needle)")
            }
        }
    }

    /// Every relative link in the README, the documentation pages and the catalog's articles leads
    /// to a file or folder in the repository.
    @Test func linksResolveInsideTheRepository() throws {
        let pages =
            ["README.md"] + Self.files(under: "Documentation", extensions: [".md"])
            + Self.files(under: "Sources/AlignmentScale/AlignmentScale.docc", extensions: [".md"])
        let link = try Regex(#"\]\(([^)\s]+)\)"#)
        var checked = 0
        for page in pages {
            let folder = (page as NSString).deletingLastPathComponent
            for match in Self.read(page).matches(of: link) {
                let target = String(match.output[1].substring ?? "")
                if target.hasPrefix("http") || target.hasPrefix("#") || target.hasPrefix("doc:") { continue }
                #expect(!target.hasPrefix("http"), "\(page) links outside: \(target)")
                let path = target.split(separator: "#").first.map(String.init) ?? target
                let resolved = (repositoryRoot + "/" + (folder.isEmpty ? "" : folder + "/") + path as NSString).standardizingPath
                #expect(resolved.hasPrefix(repositoryRoot), "\(page): \(target) leaves the repository")
                #expect(FileManager.default.fileExists(atPath: resolved), "\(page): \(target) does not exist")
                checked += 1
            }
        }
        #expect(checked >= 20, "only \(checked) links found")
    }

    /// Every `<doc:Article>` in the core's sources names an article of the catalog (DocC checks
    /// this too, in scripts/docs).
    @Test func articleLinksInTheCodeResolve() throws {
        let link = try Regex(#"<doc:([A-Za-z]+)>"#)
        var names: Set<String> = []
        for path in Self.files(under: "Sources/AlignmentScale", extensions: [".swift", ".md"]) {
            for match in Self.read(path).matches(of: link) { names.insert(String(match.output[1].substring ?? "")) }
        }
        #expect(names.count >= 8)
        for name in names {
            #expect(FileManager.default.fileExists(atPath: Self.catalog + "/\(name).md"), "no article \(name)")
        }
    }

    /// The scenario file reference names every key the parser knows (from the generated schema),
    /// and its complete example loads and uses every top-level key.
    @Test func scenarioReferenceCoversEveryKey() async throws {
        let article = Self.read("Sources/AlignmentScale/AlignmentScale.docc/ScenarioFileReference.md")
        let schema = try await CLI.run(["schema", "scenario"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: Any])
        var keys: Set<String> = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let properties = object["properties"] as? [String: Any] { keys.formUnion(properties.keys) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(root)
        let scaleKeys: Set<String> = [
            "levels", "thresholds", "failure_modes", "technique", "band", "summary", "risks",
            "impossible", "after", "meaning", "first_addressed_at", "covered_by",
        ]
        #expect(keys.count > 40)
        for key in keys.subtracting(scaleKeys) {
            #expect(article.contains("`\(key)`"), "the scenario file reference does not name `\(key)`")
        }

        let example = try #require(article.components(separatedBy: "```yaml\n").last?.components(separatedBy: "```").first)
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = folder.write("example.yaml", example)
        let loaded = try await CLI.run(["evaluate", file])
        #expect(loaded.status == 0, "the complete example does not load: \(loaded.stderr)")
        let topLevel = try #require(root["properties"] as? [String: Any]).keys
        for key in topLevel {
            #expect(example.contains("\n\(key):") || example.hasPrefix("\(key):"), "the complete example lacks \(key)")
        }
    }

    /// The JSON outputs article names every field every command prints.
    @Test func jsonOutputsCoverEveryField() async throws {
        let article = Self.read("Sources/AlignmentScale/AlignmentScale.docc/JSONOutputs.md")
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let people = folder.write(
            "people.csv",
            "id,p1,p2,p3,p4,p5,p6,p7,p8,p9,p10\na,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1\nb,0.3,0.2,0.1,0.1,0.1,0.05,0.05,0.05,0.03,0.02\n"
        )
        let orderings = repositoryRoot + "/Benchmarks/scenarios/orderings.yaml"
        let uncertain = repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json"
        let commands: [[String]] = [
            ["scale"], ["evaluate", orderings], ["evaluate", "--samples", "200"], ["optimize"],
            ["optimize", uncertain, "--samples", "200", "--stability-draws", "3"], ["margins"],
            ["margins", uncertain, "--samples", "200"], ["voi", orderings], ["race", "--trajectories", "200"],
            ["sensitivity", uncertain, "--samples", "64", "--bootstrap", "5"], ["aggregate", people], ["study", "--cases", "10"],
        ]
        let programIDs = Set(Scenario.builtinDefault.programs.map(\.id)).union(
            try Scenario.load(contentsOf: uncertain).programs.map(\.id))
        for command in commands {
            let result = try await CLI.run(command + ["--format", "json"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            var fields: Set<String> = []
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    // Maps keyed by program id or by percentile are data, not fields.
                    let isData = object.keys.allSatisfy { programIDs.contains($0) || Int($0) != nil }
                    if !isData { fields.formUnion(object.keys) }
                    object.values.forEach(collect)
                } else if let array = value as? [Any] {
                    array.forEach(collect)
                }
            }
            collect(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)))
            for field in fields {
                #expect(article.contains("\"\(field)\""), "JSONOutputs.md does not describe \"\(field)\" of \(command[0])")
            }
        }
    }
}
