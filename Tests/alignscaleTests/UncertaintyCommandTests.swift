import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

/// The repository's root, for scenario files and cross-check scripts.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
let uncertainBenchmark = repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json"

/// Runs a command and returns its status and output.
func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("Monte Carlo on the command line (MODEL.md §7)")
struct UncertaintyCommandTests {
    /// Output is byte-identical across thread counts, and carries the stable JSON fields.
    @Test func evaluateSamplesAreReproducible() throws {
        let arguments = ["evaluate", uncertainBenchmark, "--samples", "9000", "--seed", "4", "--format", "json"]
        let one = try CLI.run(arguments + ["--threads", "1"])
        let three = try CLI.run(arguments + ["--threads", "3"])
        #expect(one.status == 0)
        #expect(one.stdout == three.stdout)
        let json = one.json
        for key in ["safety", "risk", "levels", "programs", "samples", "mean", "stderr", "percentiles"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect((json["percentiles"] as? [String: Double])?.keys.sorted() == ["25", "5", "50", "75", "95"])
        #expect(one.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(one.stderr)")
        let other = try CLI.run(["evaluate", uncertainBenchmark, "--samples", "9000", "--seed", "5", "--format", "json"])
        #expect(other.json["mean"] as? Double != json["mean"] as? Double)
    }

    /// --export-samples writes a header and one row per sample whose safety column averages to the
    /// reported mean; a file that cannot be written is an error that leaves nothing behind.
    @Test func exportSamples() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let csv = folder.path + "/samples.csv"
        let result = try CLI.run([
            "evaluate", uncertainBenchmark, "--samples", "500", "--export-samples", csv, "--format", "json",
        ])
        #expect(result.status == 0)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 501)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.first == "sample" && header.last == "safety")
        #expect(header.contains("programs.rlhf.backfire") && header.contains("beliefs.10"))
        let safety = lines.dropFirst().map { Double($0.split(separator: ",").last!)! }
        #expect(abs(safety.reduce(0, +) / 500 - (result.json["mean"] as! Double)) < 1e-12)

        let blocked = try CLI.run(["evaluate", uncertainBenchmark, "--samples", "10", "--export-samples", folder.path])
        #expect(blocked.status != 0)
        #expect(blocked.stdout.isEmpty && blocked.stderr.contains("--export-samples"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
        let without = try CLI.run(["evaluate", "--export-samples", csv])
        #expect(without.status == 2 && without.stderr.contains("--samples"))
    }

    @Test func marginsOptimizeAndSensitivity() throws {
        let margins = try CLI.run(["margins", uncertainBenchmark, "--samples", "2000", "--format", "json"])
        #expect(margins.status == 0)
        let rows = margins.json["programs"] as? [[String: Any]] ?? []
        #expect(
            rows.count == 10 && rows.allSatisfy { ($0["probability_negative"] as? Double).map { (0...1).contains($0) } == true })

        let optimize = try CLI.run([
            "optimize", uncertainBenchmark, "--samples", "400", "--objective", "cvar:0.25", "--stability-draws", "5", "--format",
            "json",
        ])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        #expect(optimize.json["objective"] as? String == "cvar:0.25")
        #expect((optimize.json["out_of_sample"] as? [String: Any])?["mean"] is Double)
        let total = (optimize.json["allocation"] as? [String: Double])?.values.reduce(0, +) ?? 0
        #expect(total <= 100 + 1e-9)

        for bad in ["cvar:0", "cvar:1.5", "median", "cvar:x"] {
            let refused = try CLI.run(["optimize", uncertainBenchmark, "--samples", "10", "--objective", bad])
            #expect(refused.status == 2 && refused.stderr.contains("--objective"), "\(bad)")
        }
        let noSamples = try CLI.run(["optimize", "--objective", "cvar:0.1"])
        #expect(noSamples.status == 2)

        let sensitivity = try CLI.run([
            "sensitivity", uncertainBenchmark, "--samples", "256", "--bootstrap", "20", "--format", "json",
        ])
        #expect(sensitivity.status == 0)
        #expect((sensitivity.json["tornado"] as? [Any])?.count == 43)
        let fixed = try CLI.run(["sensitivity"])
        #expect(fixed.status == 2 && fixed.stderr.contains("uncertain parameters"))
        #expect(fixed.stdout.isEmpty)
    }

    /// A progress bar on a terminal for a run over a second (through `script`, which gives the
    /// command a pseudo-terminal), none with --quiet; the JSON on stdout is the same either way.
    @Test func progressBarOnlyOnATerminal() throws {
        let command = "\(CLI.executable) evaluate \(uncertainBenchmark) --samples 80000 --threads 1 --format json"
        let shown = try shell("script -qec '\(command)' /dev/null")
        #expect(shown.contains("evaluate ") && shown.contains("%"), "\(shown.prefix(300))")
        let quiet = try shell("script -qec '\(command) --quiet' /dev/null")
        #expect(!quiet.contains("%"))
        #expect(quiet.contains("\"mean\""))
    }

    @Test func samplingFlagsAreValidated() throws {
        for arguments in [["--samples", "0"], ["--samples", "-3"], ["--samples", "10", "--threads", "0"]] {
            let result = try CLI.run(["evaluate"] + arguments)
            #expect(result.status == 2, "\(arguments)")
        }
    }

    /// The Monte Carlo mean against the NumPy reference (Benchmarks/reference_montecarlo.py, written
    /// from MODEL.md with NumPy's own samplers): within 4 combined standard errors.
    @Test func meanAgreesWithNumPyReference() throws {
        let swift = try CLI.run(["evaluate", uncertainBenchmark, "--samples", "60000", "--format", "json"])
        let (status, output) = try runTool(
            "/usr/bin/env", ["python3", repositoryRoot + "/Benchmarks/reference_montecarlo.py", uncertainBenchmark, "60000", "3"])
        #expect(status == 0, "\(output)")
        let reference = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Double] ?? [:]
        let a = swift.json["mean"] as! Double
        let b = reference["mean"]!
        let se =
            ((swift.json["stderr"] as! Double) * (swift.json["stderr"] as! Double) + reference["stderr"]! * reference["stderr"]!)
            .squareRoot()
        #expect(abs(a - b) <= 4 * se, "Swift \(a) vs NumPy \(b), combined SE \(se)")
    }

    /// Sobol indices against SALib's own sampling and estimators on the NumPy reference model.
    @Test func sobolAgreesWithSALib() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = repositoryRoot + "/Tests/CrossChecks/salib-scenario.json"
        let swift = try CLI.run(["sensitivity", scenario, "--samples", "16384", "--format", "json"])
        #expect(swift.status == 0)
        let output = folder.write("swift.json", swift.stdout)
        let (status, report) = try runTool(
            "/usr/bin/env", ["python3", repositoryRoot + "/Tests/CrossChecks/sobol_salib.py", scenario, output])
        #expect(status == 0, "\(report)")
    }
}
