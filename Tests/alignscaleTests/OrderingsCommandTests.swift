import AlignmentScale
import Foundation
import TestSupport
import Testing

/// Disputed orderings on the command line: every analysis reports them, in every format.
@Suite("Orderings on the command line (AlignmentScale.docc/DisputedOrderings.md)")
struct OrderingsCommandTests {
    static let example = repositoryRoot + "/Benchmarks/scenarios/orderings.yaml"

    /// evaluate lists each ordering with its credence and conditional safety in all four formats,
    /// and the JSON's safety is the credence-weighted mean of the orderings' safeties.
    @Test func evaluateListsTheOrderings() async throws {
        let json = try await CLI.run(["evaluate", Self.example, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let orderings = try #require(json.json["orderings"] as? [[String: Any]])
        #expect(orderings.map { $0["name"] as? String } == ["main", "interpretability-first"])
        #expect(orderings.map { $0["credence"] as? Double } == [0.75, 0.25])
        let mixed = orderings.reduce(0.0) { $0 + ($1["credence"] as! Double) * ($1["safety"] as! Double) }
        #expect(abs(mixed - (json.json["safety"] as! Double)) < 1e-12)
        // Levels keep their meaning: the belief-weighted mean of their rows is the safety.
        let levels = try #require(json.json["levels"] as? [[String: Any]])
        let weighted = levels.reduce(0.0) { $0 + ($1["belief"] as! Double) * ($1["safety"] as! Double) }
        #expect(abs(weighted - (json.json["safety"] as! Double)) < 1e-12)
        let table = try await CLI.run(["evaluate", Self.example])
        #expect(table.stdout.contains("interpretability-first") && table.stdout.contains("P(safe | ordering)"))
        let markdown = try await CLI.run(["evaluate", Self.example, "--format", "markdown"])
        #expect(markdown.stdout.contains("| interpretability-first |"))
        let csv = try await CLI.run(["evaluate", Self.example, "--format", "csv"])
        #expect(csv.stdout.contains("\n\nordering,credence,safety\nmain,0.75,"))
        // Without orderings, no ordering section and no new JSON field.
        let plain = try await CLI.run(["evaluate", "--format", "json"])
        #expect(plain.json["orderings"] == nil)
        #expect(!(try await CLI.run(["evaluate"])).stdout.contains("ordering"))
    }

    @Test func marginsAndVoi() async throws {
        let margins = try await CLI.run(["margins", Self.example])
        #expect(margins.stdout.contains("P(falls short)"))
        let json = try await CLI.run(["margins", Self.example, "--format", "json"]).json
        let programs = try #require(json["programs"] as? [[String: Any]])
        let assisted = try #require(programs.first { $0["id"] as? String == "ai-assisted-oversight" })
        // A dead end in a quarter of the credence: it falls short in every world of that ordering
        // that needs a technique, besides the harder worlds of the main ordering.
        #expect((assisted["harder_probability"] as! Double) > 0.25 * 0.95)
        let voi = try await CLI.run(["voi", Self.example, "--format", "json"]).json
        let ordering = try #require(voi["ordering"] as? Double)
        #expect(ordering >= 0 && ordering <= (voi["evpi"] as! Double))
        #expect((voi["ordering_signals"] as? [Any])?.count == 2)
        #expect((try await CLI.run(["voi", "--format", "json"])).json["ordering"] == nil)
        let table = try await CLI.run(["voi", Self.example])
        #expect(table.stdout.contains("which ordering of the techniques is right"))
    }

    /// optimize, race and Monte Carlo run on a scenario with orderings and agree with each other.
    @Test func optimizeRaceAndMonteCarlo() async throws {
        let optimum = try await CLI.run(["optimize", Self.example, "--format", "json"]).json
        let allocation = try #require(optimum["allocation"] as? [String: Double])
        let safety = try #require(optimum["safety"] as? Double)
        let pairs = allocation.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let race = try await CLI.run([
            "race", Self.example, "--allocation", pairs, "--trajectories", "100000", "--seed", "3", "--format", "json",
        ]).json
        let raced = try #require(race["safety"] as? Double)
        let error = try #require(race["stderr"] as? Double)
        #expect(abs(raced - safety) <= 4 * error + 1e-9, "race \(raced) ± \(error) vs exact \(safety)")
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let uncertain = folder.write(
            "u.yaml", try String(contentsOfFile: Self.example, encoding: .utf8) + "belief_concentration: 8\n")
        let one = try await CLI.run(["evaluate", uncertain, "--samples", "5000", "--threads", "1", "--format", "json"])
        let two = try await CLI.run(["evaluate", uncertain, "--samples", "5000", "--threads", "2", "--format", "json"])
        #expect(one.status == 0 && one.stdout == two.stdout)
    }

    /// aggregate: respondents' beliefs replace the scenario's in orderings without their own.
    @Test func aggregateOverOrderings() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let people = folder.write(
            "people.csv",
            "id,p1,p2,p3,p4,p5,p6,p7,p8,p9,p10\na,0.3,0.3,0.2,0.1,0.05,0.05,0,0,0,0\nb,0,0,0.05,0.05,0.1,0.2,0.2,0.2,0.1,0.1\n")
        let result = try await CLI.run(["aggregate", people, "--scenario", Self.example, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json["respondents"] as? Int == 2)
    }
}
