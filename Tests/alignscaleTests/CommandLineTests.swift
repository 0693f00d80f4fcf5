import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

@Suite("alignscale scale")
struct ScaleCommandTests {
    @Test func jsonMatchesTheModelAndRoundTrips() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let printed = try await CLI.run(["scale", "--format", "json"])
        #expect(printed.status == 0)
        let levels = printed.json["levels"] as? [[String: Any]] ?? []
        #expect(levels.count == 10)
        #expect(
            levels.map { $0["band"] as? String } == [
                "green", "green", "green", "orange", "orange", "red", "red", "black", "black", "black",
            ])
        let file = folder.write("mine.json", printed.stdout)
        let again = try await CLI.run(["scale", "--format", "json", "--scale", file])
        #expect(again.status == 0)
        #expect(again.stdout == printed.stdout)
    }

    @Test func tableShowsThresholdsBetweenLevels() async throws {
        let result = try await CLI.run(["scale"])
        let lines = result.stdout.components(separatedBy: "\n")
        let first = try #require(lines.firstIndex { $0.contains("threshold: behavioural safety is insufficient") })
        func level(_ line: String) -> String { String(line.drop { $0 == " " }.prefix { $0 != " " }) }
        #expect(level(lines[first - 1]) == "3" && level(lines[first + 1]) == "4")
        let second = try #require(lines.firstIndex { $0.contains("threshold: sharp left turn") })
        #expect(level(lines[second - 1]) == "7" && level(lines[second + 1]) == "8")
        #expect(!result.stdout.contains("\u{1B}["), "colour when stdout is not a terminal")
    }

    @Test func markdownAndCSV() async throws {
        let markdown = try await CLI.run(["scale", "--format", "markdown"]).stdout
        #expect(markdown.contains("|---:|"))
        #expect(markdown.contains("*threshold: sharp left turn*"))
        let csv = try await CLI.run(["scale", "--format", "csv"]).stdout
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 11)
        #expect(rows[0] == "level,name,band,technique,impossible,summary,risks")
        #expect(rows[10].hasPrefix("10,Impossible,black,"))
    }

    @Test func oneLevelInFull() async throws {
        let result = try await CLI.run(["scale", "--level", "6"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(Scale.builtin.level(6).summary))
        #expect(result.stdout.contains("deception that survives perfect behavioural feedback"))
        let json = try await CLI.run(["scale", "--level", "4", "--format", "json"]).json
        #expect((json["failure_modes_first_addressed"] as? [String])?.count == 1)
        #expect((json["failure_modes_covered"] as? [String])?.count == 3)
        let bad = try await CLI.run(["scale", "--level", "11"])
        #expect(bad.status == 2 && bad.stdout.isEmpty && bad.stderr.contains("--level"))
    }

    @Test func failureModeMatrix() async throws {
        let csv = try await CLI.run(["scale", "--failure-modes", "--format", "csv"]).stdout
        let rows = csv.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 11)
        // Monotone: in every row, once covered ("x"), covered at every higher level.
        for row in rows.dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).suffix(10)
            let first = cells.firstIndex(of: "x") ?? cells.endIndex
            #expect(cells[first...].allSatisfy { $0 == "x" })
        }
    }

    /// Colour on a terminal (through `script`, which gives the command a pseudo-terminal), none with NO_COLOR.
    @Test func colourOnlyOnATerminal() async throws {
        let colour = (try await Subprocess.shell("unset NO_COLOR; script -qec '\(CLI.executable) scale' /dev/null").stdout)
        #expect(colour.contains("\u{1B}[32m"))
        let plain = (try await Subprocess.shell("NO_COLOR=1 script -qec '\(CLI.executable) scale' /dev/null").stdout)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("Alignment by default"))
    }

    @Test func helpTeaches() async throws {
        let root = try await CLI.run(["--help"])
        #expect(root.status == 0)
        #expect(root.stdout.contains("ten-level scale"))
        let scale = try await CLI.run(["scale", "--help"])
        #expect(scale.stdout.contains("least one that suffices"))
        // Each default is said once, in words that hold on any machine.
        let optimize = try await CLI.run(["optimize", "--help"])
        #expect(optimize.stdout.contains("Worker threads (default: the number of cores)."))
        #expect(!optimize.stdout.contains("(default: \(ProcessInfo.processInfo.activeProcessorCount))"))
        #expect(optimize.stdout.components(separatedBy: "(default: 1)").count == 2, "\(optimize.stdout)")
    }

}

@Suite("alignscale evaluate, optimize, margins, voi, init")
struct AnalysisCommandTests {
    @Test func evaluateJSON() async throws {
        let json = try await CLI.run(["evaluate", "--format", "json"]).json
        let levels = json["levels"] as? [[String: Any]] ?? []
        #expect(levels.count == 10)
        let safety = json["safety"] as? Double ?? -1
        // V is the belief-weighted mean of the per-level values printed beside it.
        let weighted = levels.reduce(0.0) { $0 + ($1["belief"] as! Double) * ($1["safety"] as! Double) }
        #expect(abs(safety - weighted) < 1e-12)
        #expect(abs((json["risk"] as? Double ?? 0) - (1 - safety)) < 1e-12)
        #expect((json["programs"] as? [[String: Any]])?.count == 10)
    }

    @Test func evaluateWithAllocationFlag() async throws {
        let result = try await CLI.run([
            "evaluate", "--allocation", "scalable-oversight=40,interpretability-oversight=60", "--format", "json",
        ])
        let programs = result.json["programs"] as? [[String: Any]] ?? []
        #expect(programs.first { $0["id"] as? String == "scalable-oversight" }?["allocation"] as? Double == 40)
        var x = [Double](repeating: 0, count: 10)
        x[2] = 40
        x[4] = 60
        let expected = SafetyModel(scenario: .builtinDefault).safety(of: x, weights: Scenario.builtinDefault.beliefs)
        #expect(abs((result.json["safety"] as? Double ?? 0) - expected) < 1e-12)
        let bad = try await CLI.run(["evaluate", "--allocation", "scalable-oversight=80,new-paradigm=80"])
        #expect(bad.status == 2 && bad.stdout.isEmpty && bad.stderr.contains("budget"))
    }

    /// The reported optimum is a real allocation whose safety the core confirms, and no heuristic beats it.
    @Test func optimizeJSON() async throws {
        let json = try await CLI.run(["optimize", "--format", "json"]).json
        let allocation = json["allocation"] as? [String: Double] ?? [:]
        let x = Scenario.builtinDefault.programs.map { allocation[$0.id] ?? -1 }
        #expect(x.allSatisfy { $0 >= 0 } && x.reduce(0, +) <= 100 + 1e-9)
        let v = SafetyModel(scenario: .builtinDefault).safety(of: x, weights: Scenario.builtinDefault.beliefs)
        #expect(abs((json["safety"] as? Double ?? 0) - v) < 1e-12)
        let heuristics = json["heuristics"] as? [[String: Any]] ?? []
        #expect(heuristics.map { $0["name"] as? String } == Heuristic.allCases.map(\.rawValue))
        #expect(heuristics.allSatisfy { ($0["regret"] as? Double ?? -1) >= 0 })
        #expect((json["multiplier"] as? Double ?? -1) >= 0)
    }

    /// `plan` on the worked example: its JSON re-evaluates through `evaluate` after each outcome's
    /// posterior is applied as evidence, and bad flags name the flag.
    @Test func planJSONAndErrors() async throws {
        let file = repositoryRoot + "/Benchmarks/scenarios/deception-eval.yaml"
        let json = try await CLI.run(["plan", file, "--later-value", "0.9", "--format", "json"]).json
        #expect(json["experiment"] as? String == "deception-eval" && json["later_value"] as? Double == 0.9)
        let plan = json["plan"] as? [String: Any] ?? [:]
        let after = plan["after"] as? [[String: Any]] ?? []
        #expect(after.map { $0["outcome"] as? String } == ["says", "does-not-say"])
        let total = after.reduce(0.0) { $0 + ($1["probability"] as? Double ?? 0) * ($1["value"] as? Double ?? 0) }
        #expect(abs(total - (plan["value"] as? Double ?? -1)) < 1e-12)
        let actNow = (json["act_now"] as? [String: Any])?["value"] as? Double ?? -1
        let optimum = try await CLI.run(["optimize", file, "--format", "json"]).json["safety"] as? Double ?? -2
        #expect(abs(actNow - optimum) < 1e-12)
        #expect(json["worth_running"] as? Bool == ((plan["value"] as? Double ?? 0) >= actNow - 1e-12))

        let unknown = try await CLI.run(["plan", file, "--experiment", "deception-evl"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("--experiment") && unknown.stderr.contains("did you mean 'deception-eval'?"))
        let delta = try await CLI.run(["plan", file, "--later-value", "0"])
        #expect(delta.status == 2 && delta.stderr.contains("--later-value"))
        let none = try await CLI.run(["plan"])
        #expect(none.status == 2 && none.stderr.contains("experiments"))
    }

    /// `--at optimal` evaluates and races at what `optimize` finds; `--allocation` overrides it.
    @Test func evaluateAndRaceAtANamedAllocation() async throws {
        let optimum = try await CLI.run(["optimize", "--format", "json"]).json
        let evaluated = try await CLI.run(["evaluate", "--at", "optimal", "--format", "json"]).json
        #expect(abs((evaluated["safety"] as? Double ?? -1) - (optimum["safety"] as? Double ?? -2)) < 1e-15)
        let text = try await CLI.run(["evaluate", "--at", "optimal"]).stdout
        #expect(text.contains("the optimal allocation"))
        let race = try await CLI.run(["race", "--at", "optimal", "--trajectories", "200", "--format", "json"]).json
        #expect(race["at"] as? String == "optimal")
        let raced = race["allocation"] as? [String: Double] ?? [:]
        let best = optimum["allocation"] as? [String: Double] ?? [:]
        #expect(raced.keys.sorted() == best.keys.sorted() && raced.allSatisfy { abs($0.value - (best[$0.key] ?? -1)) < 1e-12 })
        let given = try await CLI.run(["evaluate", "--at", "optimal", "--allocation", "rlhf=10", "--format", "json"]).json
        let atQuo = try await CLI.run(["evaluate", "--allocation", "rlhf=10", "--format", "json"]).json
        #expect(given["safety"] as? Double == atQuo["safety"] as? Double)
        let bad = try await CLI.run(["race", "--at", "best"])
        #expect(bad.status != 0 && bad.stderr.contains("--at"))
    }

    @Test func marginsAndVoiJSON() async throws {
        let margins = try await CLI.run(["margins", "--at", "optimal", "--format", "json"]).json
        #expect(margins["at"] as? String == "the optimal allocation")
        let programs = margins["programs"] as? [[String: Any]] ?? []
        #expect(programs.count == 10 && programs.allSatisfy { $0.keys.contains("critical_probability") })
        let voi = try await CLI.run(["voi", "--format", "json"]).json
        let evpi = voi["evpi"] as? Double ?? -1
        #expect(evpi >= (voi["band"] as? Double ?? 1) - 1e-14)
        #expect((voi["thresholds"] as? [[String: Any]])?.map { $0["after"] as? Int } == [3, 7])
        #expect((voi["per_level"] as? [[String: Any]])?.count == 10)
    }

    /// Each format has its documented shape: JSON with the stable keys (AlignmentScale.docc/JSONOutputs.md), CSV with
    /// its header row and one row per item, markdown and text with a table.
    @Test(
        "every command prints every format",
        arguments: [
            ("evaluate", ["safety", "risk", "levels", "programs"], "id,allocation,readiness", 10),
            ("optimize", ["safety", "allocation", "multiplier", "heuristics"], "id,optimal,status-quo,equal,", 11),
            ("margins", ["at", "programs"], "id,marginal,net_negative,critical_probability,", 10),
            ("voi", ["evpi", "band", "thresholds", "per_level"], "question,signal,probability,safety,", 16),
            ("scale", ["levels", "thresholds", "failure_modes"], "level,name,band,technique,impossible,summary,risks", 10),
        ])
    func everyFormat(command: String, keys: [String], header: String, rows: Int) async throws {
        for format in OutputFormat.allCases {
            let result = try await CLI.run([command, "--format", format.rawValue])
            #expect(result.status == 0, "\(command) --format \(format): \(result.stderr)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            switch format {
            case .json:
                #expect(Set(result.json.keys).isSuperset(of: keys), "\(command): \(result.json.keys.sorted())")
            case .csv:
                #expect(lines.first?.hasPrefix(header) == true, "\(command): \(lines.first ?? "")")
                let columns = lines.first?.split(separator: ",", omittingEmptySubsequences: false).count ?? 0
                let body = lines.dropFirst().filter { !$0.isEmpty }
                #expect(body.count >= rows, "\(command): \(body.count) rows")
                #expect(body.allSatisfy { CSVRow.fields($0).count == columns }, "\(command): ragged rows")
            case .markdown:
                #expect(lines.contains { $0.hasPrefix("|") && $0.contains("---") }, "\(command): no table rule")
                #expect(lines.filter { $0.hasPrefix("|") }.count >= rows + 2, "\(command): too few table rows")
            case .table:
                #expect(result.stdout.contains("──"), "\(command): no table")
                #expect(!result.stdout.contains("|---"), "\(command): markdown in the text table")
            case .html:
                #expect(result.stdout.hasPrefix("<!doctype html>") && result.stdout.hasSuffix("</html>\n"), "\(command)")
                #expect(result.stdout.components(separatedBy: "<tr>").count >= rows + 1, "\(command): too few table rows")
                #expect(!result.stdout.contains("<script"), "\(command): a script in a report")
            }
        }
    }

    @Test func badInputExitsTwoWithNothingOnStdout() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let bad = folder.write(
            "bad.yaml", Scenario.defaultYAMLAtMedians.replacingOccurrences(of: "baseline: 0.95", with: "baseline: 1.5"))
        for command in ["evaluate", "optimize", "margins", "voi"] {
            let result = try await CLI.run([command, bad])
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("bad.yaml:") && result.stderr.contains("programs[0].baseline"))
        }
        #expect(try await CLI.run(["evaluate", folder.path + "/missing.yaml"]).status == 2)
        #expect(try await CLI.run(["optimize", "--format", "xml"]).status == 2)
    }

    @Test func initWritesTeachesAndRefusesToOverwrite() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let first = try await CLI.run(["init", "s.yaml"], in: folder.path)
        #expect(first.status == 0)
        let path = folder.path + "/s.yaml"
        #expect(try Scenario.load(contentsOf: path) == Scenario.builtinDefault)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("ILLUSTRATIVE"))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
        let second = try await CLI.run(["init", "s.yaml"], in: folder.path)
        #expect(second.status == 1 && second.stderr.contains("--force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
        #expect(try await CLI.run(["init", "s.yaml", "--force"], in: folder.path).status == 0)
        #expect(try Scenario.load(contentsOf: path) == Scenario.builtinDefault)
    }
}
