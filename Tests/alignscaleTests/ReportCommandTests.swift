import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("alignscale report")
struct ReportCommandTests {
    /// A scenario with every optional section: disputed orderings, an uncertain parameter and a
    /// timeline. Its text carries markup in a comment, which the report must show as text.
    static func everySection(in folder: TemporaryFolder) throws -> String {
        let orderings = try String(contentsOfFile: repositoryRoot + "/Benchmarks/scenarios/orderings.yaml", encoding: .utf8)
        return folder.write(
            "every section.yaml",
            "# </pre><script>alert(1)</script> & <b>not bold</b>\n"
                + orderings.replacingOccurrences(of: "stop_baseline: 0.2", with: "stop_baseline: {uniform: [0.1, 0.3]}")
                + "timeline:\n  tai_years: 4 to 25\n  automation: {level: 5, factor: 3}\n")
    }

    /// The report of a scenario with every section renders in headless Chromium, prints to a
    /// sensible number of whole A4 pages (Tests/Browser/report_test.py) and keeps its screenshot
    /// and PDF under test-artifacts/; its numbers are the CLI's; the scenario comes back byte for
    /// byte.
    @Test func everySectionInABrowser() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = try Self.everySection(in: folder)
        let report = folder.path + "/report.html"
        let result = try await CLI.run([
            "report", scenario, "-o", report, "--samples", "3000", "--trajectories", "3000", "--study", "40",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.contains("wrote \(report)"))
        let html = try String(contentsOfFile: report, encoding: .utf8)

        let headings = Self.headings(html)
        for heading in [
            "The scale and your beliefs", "The best allocation", "Which programs help at the margin, and for whom",
            "What learning first would be worth", "Disputed orderings of the techniques", "Under uncertainty",
            "The race over time", "Across 40 belief profiles near these", "The scenario",
        ] {
            #expect(headings.contains(heading), "no section \(heading) in \(headings)")
        }
        for command in ["alignscale optimize", "alignscale margins", "alignscale voi", "alignscale race", "alignscale study"] {
            #expect(html.contains(command), "no command \(command)")
        }
        #expect(!html.contains("<script>alert") && !html.contains("<b>not bold</b>"))

        // The safety of the optimum, as `optimize --format json` computes it.
        let optimum = try await CLI.run(["optimize", scenario, "--format", "json"])
        let safety = try #require(optimum.json["safety"] as? Double)
        #expect(html.contains(String(format: "%.2f%%", 100 * safety)), "the report's optimum differs from the CLI's")

        let extracted = try await CLI.run(["report", "--extract-scenario", report])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(extracted.stdout == (try String(contentsOfFile: scenario, encoding: .utf8)))

        let browser = try await Browser.chromium()
        #expect(browser != nil, "headless Chromium is not installed (scripts/test installs it)")
        guard browser != nil else { return }
        let check = try await Subprocess.run(
            "/usr/bin/env",
            ["python3", repositoryRoot + "/Tests/Browser/report_test.py", report, repositoryRoot + "/test-artifacts", "report"])
        #expect(check.status == 0, "\(check.output)")
    }

    /// The default scenario's report stands alone and is small.
    @Test func defaultScenarioStandsAlone() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let report = folder.path + "/default.html"
        let result = try await CLI.run(["report", "-o", report])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.utf8.count < 2 * 1024 * 1024)
        let outside = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!html.contains("<script") && !outside.contains("http://") && !outside.contains("https://"))
        #expect(
            Self.headings(html) == [
                "What to do", "The scale and your beliefs", "The best allocation",
                "Which programs help at the margin, and for whom",
                "What learning first would be worth", "Under uncertainty", "How firm is this advice?", "The scenario",
            ])
        let extracted = try await CLI.run(["report", "--extract-scenario", report])
        #expect(extracted.stdout == Scenario.defaultYAML)
        // It opens with what to do, in numbers the separate commands print: the optimum's safety,
        // the smallest break-even chance π* at the optimum, and the near-optimal ranges of robust.
        let advice = try #require(
            html.components(separatedBy: "What to do</h2>").dropFirst().first?
                .components(separatedBy: "<h2>").first)
        let optimum = try await CLI.run(["optimize", "--format", "json"]).json
        #expect(advice.contains("safety \(String(format: "%.2f%%", 100 * (optimum["safety"] as? Double ?? .nan)))"))
        let margins = try await CLI.run(["margins", "--at", "optimal", "--format", "json"]).json
        let critical = (margins["programs"] as? [[String: Any]] ?? []).compactMap { $0["critical_probability"] as? Double }
        #expect(advice.contains("more than \(String(format: "%.1f%%", 100 * (critical.min() ?? .nan)))"), "\(advice)")
        let robust = try await CLI.run(["robust", "--draws", "200", "--format", "json", "--quiet"]).json
        let interpretability = try #require(
            (robust["ranges"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "interpretability-oversight" })
        let low = interpretability["low"] as? Double ?? .nan
        #expect(advice.contains("Interpretability-based oversight \(String(format: "%.2f", low)) to"), "\(advice)")
        // Its margins and Monte Carlo are at the best allocation, with the status quo beside: the
        // sampled means are those `evaluate` prints at each point on the same seed.
        #expect(html.contains("These margins are at the best allocation"))
        for at in ["optimal", "status-quo"] {
            let sampled = try await CLI.run(["evaluate", "--at", at, "--samples", "20000", "--seed", "1", "--format", "json"])
                .json
            let mean = try #require(sampled["mean"] as? Double)
            #expect(html.contains(String(format: "%.2f%%", 100 * mean)), "the report lacks the mean at \(at)")
        }
    }

    /// The texts of the report's section headings, in order.
    static func headings(_ html: String) -> [String] {
        html.components(separatedBy: "<h2>").dropFirst().compactMap { $0.components(separatedBy: "</h2>").first }
    }

    /// Bad input: an exit of 1 or 64 with the reason, and no report written.
    @Test func refusals() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let report = folder.path + "/r.html"
        let broken = folder.write("broken.yaml", "version: 1\nbeliefs: [1, 2\n")
        let cases: [([String], String)] = [
            (["report"], "-o report.html"),
            (["report", broken, "-o", report], "broken.yaml:"),
            (["report", "-o", report, "--samples", "0"], "--samples must be a whole number ≥ 1 (found 0)"),
            (["report", "-o", report, "--study", "-3"], "--study must be a whole number ≥ 1 (found -3)"),
            (["report", "--extract-scenario", broken], "broken.yaml"),
            (["report", "--extract-scenario", folder.path + "/missing.html"], "missing.html"),
        ]
        for (arguments, message) in cases {
            let result = try await CLI.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: report), "\(arguments) wrote a report")
        }
    }
}
