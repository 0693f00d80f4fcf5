import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("alignscale robust on the command line")
struct RobustCommandTests {
    /// A small scenario with two uncertain numbers and Dirichlet beliefs.
    static let scenario = """
        name: robust test
        scale: builtin
        beliefs: [0.05, 0.1, 0.15, 0.15, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04]
        belief_concentration: 20
        budget: 50
        frontier: 3
        stop_baseline: 0.3
        misuse_baseline: 0.1
        programs:
          - {id: rlhf, kind: technique, level: 2, baseline: 0.6, scale: 10 to 40, backfire: {beta: [3, 7]}}
          - {id: oversight, kind: technique, level: 4, baseline: 0.2, scale: 30, backfire: 0.1}
          - {id: interpretability, kind: technique, level: 6, baseline: 0.1, scale: 60, backfire: 0.05}
        """

    /// The test scenario written into a fresh folder: (folder, the file's path).
    static func written() throws -> (TemporaryFolder, String) {
        let folder = TemporaryFolder()
        let file = folder.path + "/s.yaml"
        try Self.scenario.write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    /// The export's columns recompute every regret statistic of the JSON; the same seed gives the
    /// same bytes on 1 and 3 threads; the discovery's event column counts the events.
    @Test func exportRecomputesTheTable() async throws {
        let (folder, file) = try Self.written()
        defer { folder.remove() }
        let csv = folder.path + "/draws.csv"
        let arguments = ["robust", file, "--draws", "60", "--seed", "5", "--discover", "funded:oversight", "--format", "json"]
        let one = try await CLI.run(arguments + ["--threads", "1", "--export", csv])
        let three = try await CLI.run(arguments + ["--threads", "3"])
        #expect(one.status == 0 && one.stdout == three.stdout)
        let json = one.json
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",").map(String.init)
        }
        let header = lines[0]
        #expect(
            header.prefix(3) == ["draw", "programs.rlhf.scale", "programs.rlhf.backfire"] && header.contains("p10")
                && header.last == "event")
        let rows = lines.dropFirst().map { $0.map { Double($0)! } }
        #expect(rows.count == 60)
        let optimum = header.firstIndex(of: "optimum")!
        for candidate in json["candidates"] as? [[String: Any]] ?? [] {
            let name = candidate["name"] as! String
            let column = header.firstIndex(of: name)!
            let regrets = rows.map { $0[optimum] - $0[column] }.sorted()
            #expect(abs(regrets.reduce(0, +) / 60 - (candidate["mean_regret"] as! Double)) < 1e-12, "\(name)")
            #expect(abs(regrets.last! - (candidate["max_regret"] as! Double)) < 1e-12, "\(name)")
            // NumPy's linear quantile: position 0.95·59 = 56.05.
            let p95 = regrets[56] + 0.05 * (regrets[57] - regrets[56])
            #expect(abs(p95 - (candidate["p95_regret"] as! Double)) < 1e-12, "\(name)")
            let median = 0.5 * (regrets[29] + regrets[30])
            #expect(abs(median - (candidate["median_regret"] as! Double)) < 1e-12, "\(name)")
            let within = Double(regrets.filter { $0 <= 0.01 }.count) / 60
            #expect(abs(within - (candidate["within"] as! Double)) < 1e-12, "\(name)")
        }
        let discovery = json["discovery"] as? [String: Any] ?? [:]
        #expect(discovery["events"] as? Double == rows.reduce(0) { $0 + $1.last! })
        #expect((json["ranges"] as? [[String: Any]])?.count == 3)
    }

    /// Each bad option is refused before any work, naming the option; nothing is written.
    @Test func badInput() async throws {
        let (folder, file) = try Self.written()
        defer { folder.remove() }
        let csv = folder.path + "/out.csv"
        for (arguments, words) in [
            (["--draws", "0"], "--draws"), (["--within", "0"], "--within"), (["--within", "-0.1"], "--within"),
            (["--discover", "funded:pause"], "--discover"),
            (["--discover", "funded:pause"], "rlhf, oversight, interpretability"),
            (["--discover", "funded:oversigt"], "did you mean 'oversight'?"),
            (["--discover", "famous:rlhf"], "net-negative:ID"), (["--discover", "regret:equal>lots"], "--discover"),
            (["--discover", "regret:nobody>0.01"], "minimax-regret"),
            (["--discover", "funded:rlhf", "--threshold", "1.5"], "--threshold"),
            (["--discover", "funded:rlhf", "--threshold", "0"], "--threshold"),
        ] {
            let result = try await CLI.run(["robust", file, "--draws", "5", "--export", csv] + arguments)
            #expect(result.status != 0 && result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: csv), "\(arguments) wrote the export")
        }
        let fixed = folder.write("fixed.yaml", Scenario.defaultYAMLAtMedians)
        let certain = try await CLI.run(["robust", fixed])
        #expect(certain.status != 0 && certain.stderr.contains("belief_concentration") && certain.stderr.contains("a to b"))
    }
}
