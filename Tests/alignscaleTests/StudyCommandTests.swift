import AlignmentScale
import Foundation
import TestSupport
import Testing

@Suite("alignscale study")
struct StudyCommandTests {
    /// The JSON has the shape of AlignmentScale.docc/TheStudy.md, and the same seed gives the same bytes for any
    /// number of threads.
    @Test func jsonShapeAndReproducibility() async throws {
        let arguments = ["study", "--cases", "60", "--seed", "4", "--format", "json"]
        let one = try await CLI.run(arguments + ["--threads", "1"])
        let two = try await CLI.run(arguments + ["--threads", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == two.stdout)
        let json = one.json
        #expect(
            Set(json.keys).isSuperset(of: ["cases", "concentration", "heuristics", "margin_claim", "programs", "by_difficulty"]))
        #expect(json["cases"] as? Int == 60 && json["concentration"] as? Double == 2)
        let heuristics = try #require(json["heuristics"] as? [[String: Any]])
        #expect(heuristics.map { $0["name"] as? String } == Heuristic.allCases.map(\.rawValue))
        for h in heuristics {
            for key in ["mean_regret", "median_regret", "p95_regret", "within_1pp", "best"] {
                #expect(h[key] is Double, "\(key)")
            }
        }
        let claim = try #require(json["margin_claim"] as? [String: Any])
        #expect(claim["status_quo"] is Double && claim["optimum"] is Double)
        #expect((claim["net_negative_at_status_quo"] as? [String: Double])?.count == 6)
        let bins = try #require(json["by_difficulty"] as? [String: Any])
        #expect((bins["bin_edges"] as? [Double])?.count == 11 && (bins["cases"] as? [Int])?.reduce(0, +) == 60)
        let uniform = try await CLI.run(["study", "--cases", "20", "--beliefs", "uniform", "--format", "json"])
        #expect(uniform.status == 0 && uniform.json["concentration"] is NSNull)
    }

    /// --export writes the header of AlignmentScale.docc/TheStudy.md and one row per case; --svg two charts.
    /// Without --concentration, a scenario's own belief_concentration is the study's κ (the same
    /// answer, to the byte, as giving it), and the text says which κ it used.
    @Test func theScenariosConcentrationByDefault() async throws {
        let scenario = repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json"
        let base = ["study", scenario, "--cases", "40", "--format", "json", "--quiet"]
        let own = try await CLI.run(base)
        let given = try await CLI.run(base + ["--concentration", "20"])
        let other = try await CLI.run(base + ["--concentration", "2"])
        #expect(own.status == 0 && own.json["concentration"] as? Double == 20, "\(own.stderr)")
        #expect(own.stdout == given.stdout && own.stdout != other.stdout)
        let text = try await CLI.run(["study", scenario, "--cases", "10", "--quiet"])
        #expect(text.stdout.contains("κ = 20, the scenario's belief_concentration"), "\(text.stdout)")
        // The default scenario has none: κ = 2.
        let plain = try await CLI.run(["study", "--cases", "10", "--quiet"])
        #expect(plain.stdout.contains("κ = 2)"), "\(plain.stdout)")
    }

    @Test func exportAndCharts() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let result = try await CLI.run([
            "study", repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json", "--cases", "25", "--export",
            folder.path + "/cases.csv", "--svg", folder.path + "/charts",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: folder.path + "/cases.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 26)
        let header = lines[0].split(separator: ",").map(String.init)
        let scenario = try Scenario.load(contentsOf: repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json")
        let ids = scenario.programs.map(\.id)
        let expected =
            ["case"] + (1...10).map { "p\($0)" } + scenario.uncertainty.parameters.map(\.name)
            + ["optimum", "status-quo", "equal", "favorite-level", "past-the-margin", "greedy-margin"]
            + ids.map { "x.\($0)" } + ids.map { "marginal.\($0)" }
        #expect(header == expected)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",").count == header.count })
        for chart in ["study-regret.svg", "study-shares.svg"] {
            let svg = try String(contentsOfFile: folder.path + "/charts/" + chart, encoding: .utf8)
            #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        }
    }

    @Test func tableAnswersBothQuestions() async throws {
        let table = try await CLI.run(["study", "--cases", "30"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("What modelling the optimal allocation gives"))
        #expect(table.stdout.contains("Whether to promote anything past the present margin"))
        for format in ["markdown", "csv"] {
            let out = try await CLI.run(["study", "--cases", "10", "--format", format])
            #expect(out.status == 0 && !out.stdout.isEmpty)
        }
        let csv = try await CLI.run(["study", "--cases", "10", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("section,name,statistic,value\n"))
    }

    /// Bad input is refused with a reason; a scenario with nothing past the frontier reports the
    /// margin claim as not applicable.
    @Test func badInputAndNotApplicable() async throws {
        for arguments in [
            ["--cases", "0"], ["--concentration", "-1"], ["--concentration", "0"], ["--beliefs", "flat"],
            ["--beliefs", "uniform", "--concentration", "2"],
        ] {
            let result = try await CLI.run(["study"] + arguments)
            #expect(result.status == 2 && result.stdout.isEmpty, "\(arguments): \(result.stderr)")
        }
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.write("s.yaml", Scenario.defaultYAML.replacingOccurrences(of: "frontier: 3", with: "frontier: 9"))
        let json = try await CLI.run(["study", path, "--cases", "5", "--format", "json"]).json
        let claim = try #require(json["margin_claim"] as? [String: Any])
        #expect(claim["status_quo"] is NSNull && claim["optimum"] is NSNull)
        let table = try await CLI.run(["study", path, "--cases", "5"])
        #expect(table.stdout.contains("does not apply") && !table.stdout.contains("100.0% of them"))
    }

    /// `--parameters medians` studies the scenario at its medians: the same bytes as the same study
    /// of the file `init --at-medians` writes, with no parameter columns in the export; drawn (the
    /// default) draws the default's spreads, so its cases differ.
    @Test func parametersAtMediansOrDrawn() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let fixed = folder.write("fixed.yaml", Scenario.defaultYAMLAtMedians)
        let common = ["--cases", "40", "--beliefs", "uniform", "--format", "json"]
        let medians = try await CLI.run(["study", "--parameters", "medians", "--export", folder.path + "/m.csv"] + common)
        let ofFixed = try await CLI.run(["study", fixed, "--export", folder.path + "/f.csv"] + common)
        let drawn = try await CLI.run(["study", "--export", folder.path + "/d.csv"] + common)
        #expect(medians.status == 0 && ofFixed.status == 0 && drawn.status == 0, "\(medians.stderr) \(drawn.stderr)")
        #expect(medians.stdout == ofFixed.stdout)
        #expect(medians.stdout != drawn.stdout)
        let header = { (name: String) in
            try String(contentsOfFile: folder.path + "/" + name, encoding: .utf8).split(separator: "\n")[0]
        }
        #expect(try header("m.csv") == header("f.csv"))
        #expect(try !header("m.csv").contains("programs.rlhf.scale") && header("d.csv").contains("programs.rlhf.scale"))
        let refused = try await CLI.run(["study", "--parameters", "fixed"])
        #expect(refused.status == 2 && refused.stderr.contains("drawn") && refused.stdout.isEmpty)
    }

    /// The quick search (the default): the same cases (beliefs, heuristics, marginal values at the
    /// status quo: everything but the optimum's search) as `--search full`, optima never more than
    /// 1e-9 lower, the same bytes for any number of threads, and the output says how it searched,
    /// in JSON, CSV and text, for either search.
    @Test func quickSearch() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let common = ["study", "--cases", "200", "--seed", "8", "--format", "json"]
        let full = try await CLI.run(common + ["--search", "full", "--export", folder.path + "/full.csv"])
        let quick = try await CLI.run(common + ["--threads", "1", "--export", folder.path + "/quick.csv"])
        let quickTwo = try await CLI.run(common + ["--search", "quick", "--threads", "2"])
        #expect(full.status == 0 && quick.status == 0, "\(quick.stderr)")
        #expect(quick.stdout == quickTwo.stdout)
        let fullSearch = try #require(full.json["search"] as? [String: Any])
        #expect(fullSearch["mode"] as? String == "full" && fullSearch["full_searches"] as? Int == 200)
        let search = try #require(quick.json["search"] as? [String: Any])
        #expect(search["mode"] as? String == "quick")
        let fullSearches = try #require(search["full_searches"] as? Int)
        #expect((0...200).contains(fullSearches))
        let rows = { (name: String) throws -> [[String: Double]] in
            let lines = try String(contentsOfFile: folder.path + "/" + name, encoding: .utf8).split(separator: "\n")
            let header = lines[0].split(separator: ",").map(String.init)
            return lines.dropFirst().map { line in
                Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",").map { Double($0)! }))
            }
        }
        let fullRows = try rows("full.csv")
        let quickRows = try rows("quick.csv")
        #expect(fullRows.count == 200 && quickRows.count == 200)
        for (f, q) in zip(fullRows, quickRows) {
            #expect(q["optimum"]! >= f["optimum"]! - 1e-9, "case \(f["case"]!)")
            for key in f.keys where !key.hasPrefix("x.") && key != "optimum" {
                #expect(q[key] == f[key], "case \(f["case"]!): \(key)")
            }
        }
        let table = try await CLI.run(["study", "--cases", "20"])
        #expect(table.status == 0 && table.stdout.contains("Quick search") && table.stdout.contains("of 20 cases"))
        let fullTable = try await CLI.run(["study", "--cases", "20", "--search", "full"])
        #expect(fullTable.status == 0 && fullTable.stdout.contains("Full search") && !fullTable.stdout.contains("Quick"))
        let csv = try await CLI.run(["study", "--cases", "20", "--format", "csv"])
        #expect(csv.stdout.contains("search,quick,full_searches,"))
        let fullCSV = try await CLI.run(["study", "--cases", "20", "--search", "full", "--format", "csv"])
        #expect(fullCSV.stdout.contains("search,full,full_searches,20\n"))
        let refused = try await CLI.run(["study", "--search", "fast"])
        #expect(refused.status == 2 && refused.stderr.contains("quick") && refused.stdout.isEmpty)
    }

    /// A progress bar on a terminal for a run over a second (through `script`), none with
    /// --quiet; the JSON on stdout is the same either way. 15 000 cases on one thread take about
    /// three seconds in a release build.
    @Test func progressBarOnlyOnATerminal() async throws {
        let command = "\(CLI.executable) study --cases 15000 --threads 1 --format json"
        let shown = try await Subprocess.shell("script -qec '\(command)' /dev/null").stdout
        #expect(shown.contains("study ") && shown.contains("%"), "\(shown.prefix(300))")
        let quiet = try await Subprocess.shell("script -qec '\(command) --quiet' /dev/null").stdout
        #expect(!quiet.contains("study ") && quiet.contains("\"heuristics\""))
        let piped = try await CLI.run(["study", "--cases", "15000", "--threads", "1", "--format", "json"])
        #expect(piped.stderr.isEmpty)
    }
}
