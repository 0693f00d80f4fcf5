import AlignmentScale
import AlignmentScaleIO
import Foundation
import TestSupport
import Testing

let uncertainBenchmark = repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json"

@Suite("Monte Carlo on the command line (AlignmentScale.docc/UncertainParameters.md)")
struct UncertaintyCommandTests {
    /// Output is byte-identical across thread counts, and carries the stable JSON fields.
    @Test func evaluateSamplesAreReproducible() async throws {
        let arguments = ["evaluate", uncertainBenchmark, "--samples", "9000", "--seed", "4", "--format", "json"]
        let one = try await CLI.run(arguments + ["--threads", "1"])
        let three = try await CLI.run(arguments + ["--threads", "3"])
        #expect(one.status == 0)
        #expect(one.stdout == three.stdout)
        let json = one.json
        for key in ["safety", "risk", "levels", "programs", "samples", "mean", "stderr", "percentiles"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect((json["percentiles"] as? [String: Double])?.keys.sorted() == ["25", "5", "50", "75", "95"])
        #expect(one.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(one.stderr)")
        let other = try await CLI.run(["evaluate", uncertainBenchmark, "--samples", "9000", "--seed", "5", "--format", "json"])
        #expect(other.json["mean"] as? Double != json["mean"] as? Double)
    }

    /// --export-samples writes a header and one row per sample whose safety column averages to the
    /// reported mean; a file that cannot be written is an error that leaves nothing behind.
    @Test func exportSamples() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let csv = folder.path + "/samples.csv"
        let result = try await CLI.run([
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

        let blocked = try await CLI.run(["evaluate", uncertainBenchmark, "--samples", "10", "--export-samples", folder.path])
        #expect(blocked.status != 0)
        #expect(blocked.stdout.isEmpty && blocked.stderr.contains("--export-samples"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
        let without = try await CLI.run(["evaluate", "--export-samples", csv])
        #expect(without.status == 2 && without.stderr.contains("--samples"))
    }

    @Test func marginsOptimizeAndSensitivity() async throws {
        let margins = try await CLI.run(["margins", uncertainBenchmark, "--samples", "2000", "--format", "json"])
        #expect(margins.status == 0)
        let rows = margins.json["programs"] as? [[String: Any]] ?? []
        #expect(
            rows.count == 10 && rows.allSatisfy { ($0["probability_negative"] as? Double).map { (0...1).contains($0) } == true })

        let optimize = try await CLI.run([
            "optimize", uncertainBenchmark, "--samples", "400", "--objective", "cvar:0.25", "--stability-draws", "5", "--format",
            "json",
        ])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        #expect(optimize.json["objective"] as? String == "cvar:0.25")
        #expect((optimize.json["out_of_sample"] as? [String: Any])?["mean"] is Double)
        let total = (optimize.json["allocation"] as? [String: Double])?.values.reduce(0, +) ?? 0
        #expect(total <= 100 + 1e-9)

        for bad in ["cvar:0", "cvar:1.5", "median", "cvar:x"] {
            let refused = try await CLI.run(["optimize", uncertainBenchmark, "--samples", "10", "--objective", bad])
            #expect(refused.status == 2 && refused.stderr.contains("--objective"), "\(bad)")
        }
        let noSamples = try await CLI.run(["optimize", "--objective", "cvar:0.1"])
        #expect(noSamples.status == 2)

        let sensitivity = try await CLI.run([
            "sensitivity", uncertainBenchmark, "--samples", "256", "--bootstrap", "20", "--format", "json",
        ])
        #expect(sensitivity.status == 0)
        #expect((sensitivity.json["tornado"] as? [Any])?.count == 43)
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let fixed = try await CLI.run(["sensitivity", folder.write("fixed.yaml", Scenario.defaultYAMLAtMedians)])
        #expect(fixed.status == 2 && fixed.stderr.contains("uncertain parameters"))
        #expect(fixed.stdout.isEmpty)
        // The built-in default is honestly uncertain: its tornado covers every program's numbers,
        // the coordinated pause's included, not only what a user thought to mark.
        let builtin = try await CLI.run(["sensitivity", "--samples", "256", "--bootstrap", "20", "--format", "json"])
        #expect(builtin.status == 0, "\(builtin.stderr)")
        let bars = (builtin.json["tornado"] as? [[String: Any]] ?? []).compactMap { $0["parameter"] as? String }
        #expect(Set(bars) == Set(Scenario.builtinDefault.uncertainty.parameters.map(\.name)))
        #expect(bars.contains("programs.coordinated-pause.evidence") && bars.count == 31)
    }

    /// A progress bar on a terminal for a run over a second (through `script`, which gives the
    /// command a pseudo-terminal), none with --quiet; the JSON on stdout is the same either way.
    /// Two million draws on one thread take about two seconds in a release build.
    @Test func progressBarOnlyOnATerminal() async throws {
        let command = "\(CLI.executable) evaluate \(uncertainBenchmark) --samples 2000000 --threads 1 --format json"
        let shown = (try await Subprocess.shell("script -qec '\(command)' /dev/null").stdout)
        #expect(shown.contains("evaluate ") && shown.contains("%"), "\(shown.prefix(300))")
        let quiet = (try await Subprocess.shell("script -qec '\(command) --quiet' /dev/null").stdout)
        #expect(!quiet.contains("%"))
        #expect(quiet.contains("\"mean\""))
    }

    @Test func samplingFlagsAreValidated() async throws {
        for arguments in [["--samples", "0"], ["--samples", "-3"], ["--samples", "10", "--threads", "0"]] {
            let result = try await CLI.run(["evaluate"] + arguments)
            #expect(result.status == 2, "\(arguments)")
        }
    }

    /// The Monte Carlo mean against the NumPy reference (Benchmarks/reference_montecarlo.py, written
    /// from the model's documentation with NumPy's own samplers): within 4 combined standard errors.
    @Test func meanAgreesWithNumPyReference() async throws {
        let swift = try await CLI.run(["evaluate", uncertainBenchmark, "--samples", "60000", "--format", "json"])
        let python = try await Subprocess.run(
            "/usr/bin/env", ["python3", repositoryRoot + "/Benchmarks/reference_montecarlo.py", uncertainBenchmark, "60000", "3"])
        #expect(python.status == 0, "\(python.output)")
        let reference = try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String: Double] ?? [:]
        let a = swift.json["mean"] as! Double
        let b = reference["mean"]!
        let se =
            ((swift.json["stderr"] as! Double) * (swift.json["stderr"] as! Double) + reference["stderr"]! * reference["stderr"]!)
            .squareRoot()
        #expect(abs(a - b) <= 4 * se, "Swift \(a) vs NumPy \(b), combined SE \(se)")
    }

    /// The same draws as the tight C loop (Benchmarks/montecarlo_reference.c, the speed anchor,
    /// which draws with the same generator, streams, ziggurat and gammas), for three seeds and 1, 2
    /// and 7 threads: the output is the same to the byte whatever the thread count, and its mean is
    /// the C loop's up to summation order and printing. The mean of n values in [0, 1] summed in
    /// another order moves by at most 2·(n − 1)·u ≈ 1.1e-11 for n = 50 000; the C loop prints 12
    /// decimals (5e-13).
    @Test func sameDrawsAsTheCLoop() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let binary = folder.path + "/montecarlo_reference"
        let built = try await Subprocess.run(
            "/usr/bin/env",
            ["cc", "-O2", "-fopenmp", "-o", binary, repositoryRoot + "/Benchmarks/montecarlo_reference.c", "-lm"])
        try #require(built.status == 0, "the C loop did not build: \(built.output)")
        let samples = 50_000
        var means: [Double] = []
        for seed in [1, 2, 3] {
            let c = try await Subprocess.run(binary, [String(samples), String(seed)], environment: ["OMP_NUM_THREADS": "2"])
            #expect(c.status == 0, "\(c.output)")
            var runs: [ProcessOutput] = []
            for threads in [1, 2, 7] {
                runs.append(
                    try await CLI.run([
                        "evaluate", uncertainBenchmark, "--samples", String(samples), "--seed", String(seed), "--threads",
                        String(threads), "--format", "json", "--quiet",
                    ]))
            }
            for run in runs { #expect(run.status == 0 && run.stdout == runs[0].stdout, "seed \(seed): \(run.output)") }
            let mean = try #require(runs[0].json["mean"] as? Double)
            let reference = try #require(c.json["mean"] as? Double)
            let bound = 2 * Double(samples - 1) * Double.ulpOfOne / 2 + 5e-13
            #expect(abs(mean - reference) <= bound, "seed \(seed): alignscale \(mean) against the C loop's \(reference)")
            means.append(mean)
        }
        // The seed matters.
        #expect(Set(means).count == 3)
    }

    /// Sobol indices against SALib's own sampling and estimators on the NumPy reference model.
    @Test func sobolAgreesWithSALib() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let scenario = repositoryRoot + "/Tests/CrossChecks/salib-scenario.json"
        let swift = try await CLI.run(["sensitivity", scenario, "--samples", "16384", "--format", "json"])
        #expect(swift.status == 0)
        let output = folder.write("swift.json", swift.stdout)
        let check = try await Subprocess.run(
            "/usr/bin/env", ["python3", repositoryRoot + "/Tests/CrossChecks/sobol_salib.py", scenario, output])
        #expect(check.status == 0, "\(check.output)")
    }
}
