import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("The analysis API")
struct AnalysisRoutesTests {
    /// Each analysis answers with exactly what the command line prints for the same file: the
    /// built `alignscale` run on the file, the server sent its bytes.
    @Test(
        "every analysis equals the command line's output",
        arguments: [
            ("default.yaml", "/api/evaluate", ["evaluate"]),
            ("default.yaml", "/api/optimize", ["optimize"]),
            ("default.yaml", "/api/margins?at=optimal", ["margins", "--at", "optimal"]),
            ("default.yaml", "/api/voi", ["voi"]),
            ("default.yaml", "/api/evaluate?at=optimal", ["evaluate", "--at", "optimal"]),
            ("default.yaml", "/api/race?trajectories=500&at=optimal", ["race", "--trajectories", "500", "--at", "optimal"]),
            ("default.yaml", "/api/evaluate?samples=2000&seed=3", ["evaluate", "--samples", "2000", "--seed", "3"]),
            ("default.yaml", "/api/race?trajectories=2000&seed=2", ["race", "--trajectories", "2000", "--seed", "2"]),
            ("orderings.yaml", "/api/evaluate", ["evaluate"]),
            ("orderings.yaml", "/api/voi", ["voi"]),
            ("uncertain.json", "/api/sensitivity?samples=64&seed=5", ["sensitivity", "--samples", "64", "--seed", "5"]),
            ("uncertain.json", "/api/optimize?samples=200&seed=6", ["optimize", "--samples", "200", "--seed", "6"]),
            ("default.yaml", "/api/study?cases=30&seed=2", ["study", "--cases", "30", "--seed", "2"]),
            ("orderings.yaml", "/api/study?cases=20&beliefs=uniform", ["study", "--cases", "20", "--beliefs", "uniform"]),
            ("uncertain.json", "/api/study?cases=15&concentration=5", ["study", "--cases", "15", "--concentration", "5"]),
            (
                "concentrated.yaml", "/api/robust?draws=40&seed=4&discover=funded:coordinated-pause&within=0.02",
                ["robust", "--draws", "40", "--seed", "4", "--discover", "funded:coordinated-pause", "--within", "0.02"]
            ),
        ])
    func matchesTheCommandLine(file: String, uri: String, command: [String]) async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let sources = [
            "default.yaml": Data(Scenario.defaultYAML.utf8),
            "concentrated.yaml": Data((Scenario.defaultYAMLAtMedians + "\nbelief_concentration: 20\n").utf8),
            "orderings.yaml": try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Benchmarks/scenarios/orderings.yaml")),
            "uncertain.json": try Data(
                contentsOf: URL(fileURLWithPath: repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json")),
        ]
        let bytes = try #require(sources[file])
        let path = folder.write(file, bytes)
        let cli = try await CLI.run([command[0], path] + command.dropFirst() + ["--format", "json"])
        #expect(cli.status == 0, "\(cli.stderr)")
        try await ExplorerTesting.with { client in
            try await client.post(uri, ByteBuffer(data: bytes)) { response in
                #expect(response.status == .ok, "\(uri): \(ExplorerTesting.text(response))")
                #expect(
                    ExplorerTesting.text(response) == cli.stdout,
                    "\(uri) differs from alignscale \(command.joined(separator: " "))")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
        }
    }

    /// `POST /api/report` answers the page `alignscale report` writes for the same file, as a
    /// download.
    @Test func reportEqualsTheCommandLine() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let body = Scenario.defaultYAML.replacingOccurrences(
            of: "stop_baseline: 0.2", with: "stop_baseline: {uniform: [0.1, 0.3]}")
        _ = folder.write("scenario.yaml", body)
        let cli = try await CLI.run(
            ["report", "scenario.yaml", "-o", "report.html", "--samples", "500", "--study", "12", "--seed", "4"],
            in: folder.path)
        #expect(cli.status == 0, "\(cli.stderr)")
        let expected = try String(contentsOfFile: folder.path + "/report.html", encoding: .utf8)
        try await ExplorerTesting.with { client in
            try await client.post("/api/report?samples=500&cases=12&seed=4", ByteBuffer(string: body)) { response in
                #expect(response.status == .ok, "\(ExplorerTesting.text(response))")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment") == true)
                #expect(ExplorerTesting.text(response) == expected, "the served report differs from the written one")
            }
            try await client.post("/api/report?cases=100000", ByteBuffer(string: body)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.path == "cases")
            }
        }
    }

    /// `charts=svg` adds the analysis's charts as SVG text and changes nothing else; text from the
    /// scenario is escaped inside them.
    @Test(arguments: ["/api/evaluate", "/api/optimize", "/api/margins", "/api/voi", "/api/study?cases=10"])
    func chartsAreAdded(uri: String) async throws {
        let body = Scenario.defaultYAML.replacingOccurrences(
            of: "name: Illustrative default", with: "name: \"<script>alert(1)</script> & co\"")
        try await ExplorerTesting.with { client in
            func object(_ buffer: ByteBuffer) -> [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
            }
            let plain = object(try await client.postBody(uri, ByteBuffer(string: body)))
            let separator = uri.contains("?") ? "&" : "?"
            var json = object(try await client.postBody(uri + separator + "charts=svg", ByteBuffer(string: body)))
            #expect(!plain.isEmpty)
            let charts = try #require(json.removeValue(forKey: "charts") as? [String: String])
            #expect(!charts.isEmpty)
            for (name, svg) in charts {
                #expect(svg.hasPrefix("<svg") && svg.contains("</svg>"), "\(name)")
                #expect(!svg.contains("<script"), "\(name) has unescaped text")
            }
            #expect(NSDictionary(dictionary: json).isEqual(to: plain), "charts=svg changed the rest of \(uri)")
            try await client.post(uri + separator + "charts=png", ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    /// A scenario posted to the server may not make it open a file: an absolute, a relative and a
    /// climbing path are refused alike, and no message quotes anything the client did not send.
    @Test(arguments: ["/etc/passwd", "Package.swift", "../../../../etc/hostname", "no-such-file.yaml", "/proc/self/environ"])
    func noScaleFileIsRead(path: String) async throws {
        let body = Scenario.defaultYAML.replacingOccurrences(of: "scale: builtin", with: "scale: \(path)")
        try await ExplorerTesting.with { client in
            for uri in ["/api/evaluate", "/api/optimize", "/api/race?trajectories=10"] {
                try await client.post(uri, ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest)
                    let error = try #require(ExplorerTesting.decode(ErrorBody.self, response))
                    #expect(error.path == "scale")
                    #expect(error.error.contains("scale files are not read here"), "\(error.error)")
                    for leak in ["root:", "no such file", "a directory", "cannot be read", "PATH="] {
                        #expect(!error.error.contains(leak), "\(error.error)")
                    }
                }
            }
        }
    }

    /// The same scale sent inline is read.
    @Test func anInlineScaleIsRead() async throws {
        let inline = ScaleReport(.builtin).rendered(.json).replacingOccurrences(of: "\n", with: " ")
        let body = Scenario.defaultYAML.replacingOccurrences(of: "scale: builtin", with: "scale: \(inline)")
        try await ExplorerTesting.with { client in
            try await client.post("/api/evaluate", ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(
                    ExplorerTesting.decode(EvaluationBody.self, response)?.safety == Evaluation(scenario: .builtinDefault).safety)
            }
        }
    }

    /// Bad requests: the CLI's message and the field path with 400; too much work 422; too big 413.
    @Test func errorStatuses() async throws {
        try await ExplorerTesting.with { client in
            // Optimisation keeps every draw in memory, so its cap is tighter than the streaming one.
            try await client.post("/api/optimize?samples=200000", ExplorerTesting.defaultScenario) {
                #expect($0.status == .unprocessableContent)
            }
            let bad = ByteBuffer(string: #"{"beliefs": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], "budget": -5, "programs": []}"#)
            try await client.post("/api/evaluate", bad) { response in
                #expect(response.status == .badRequest)
                let error = ExplorerTesting.decode(ErrorBody.self, response)
                #expect(error?.path == "budget" && error?.error.contains("request body:1:") == true)
            }
            try await client.post("/api/evaluate", ByteBuffer(string: "{not json")) {
                #expect($0.status == .badRequest && ExplorerTesting.decode(ErrorBody.self, $0)?.error.contains("JSON") == true)
            }
            let huge = ByteBuffer(string: "[" + String(repeating: "0,", count: 600_000) + "0]")
            try await client.post("/api/evaluate", huge) { #expect($0.status == .contentTooLarge) }
            try await client.post("/api/evaluate?samples=1000001", ExplorerTesting.defaultScenario) {
                #expect($0.status == .unprocessableContent && ExplorerTesting.decode(ErrorBody.self, $0)?.path == "samples")
            }
            // Robust needs something uncertain, and its draws are capped like a study's cases.
            try await client.post("/api/robust?draws=5", ExplorerTesting.fixedScenario) { response in
                #expect(response.status == .badRequest)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.error.contains("belief_concentration") == true)
            }
            try await client.post("/api/robust?draws=100000000", ExplorerTesting.defaultScenario) {
                #expect($0.status == .unprocessableContent && ExplorerTesting.decode(ErrorBody.self, $0)?.path == "draws")
            }
            try await client.post("/api/robust?draws=5&discover=funded:nothing", ExplorerTesting.defaultScenario) {
                #expect($0.status == .badRequest)
            }
            try await client.post("/api/evaluate?samples=abc", ExplorerTesting.defaultScenario) {
                #expect($0.status == .badRequest)
            }
            try await client.post("/api/evaluate?sample=5", ExplorerTesting.defaultScenario) { response in
                #expect(response.status == .badRequest)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.error.contains("did you mean 'samples'") == true)
            }
        }
    }

    /// Scenarios larger than the server takes are refused at once with 422, naming the field.
    @Test func oversizedScenariosAreRefused() async throws {
        let many = try Scenario.builtinDefault.atMedians.changing {
            $0.programs = (0..<61).map { Program(id: "p\($0)", level: 2 + $0 % 8, baseline: 0.1, scale: 10) }
        }
        let orderings = Scenario.defaultYAML.replacingOccurrences(
            of: "frontier: 3",
            with: "frontier: 3\norderings:\n"
                + (0..<9).map { "  - {name: o\($0), credence: 0.1, levels: {rlhf: \(2 + $0 % 7)}}\n" }.joined())
        try await ExplorerTesting.with { client in
            try await client.post("/api/voi", ByteBuffer(string: many.json.rendered())) { response in
                #expect(response.status == .unprocessableContent)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.path == "programs")
            }
            try await client.post("/api/evaluate", ByteBuffer(string: orderings)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.path == "orderings")
            }
        }
    }

    /// Inputs that once crashed the tool (found by fuzzing and by hand) get an answer, and the
    /// server keeps answering afterwards.
    @Test func crashingInputsDoNotStopTheServer() async throws {
        let crashers: [(String, String)] =
            [
                ("/api/race?trajectories=200", Scenario.defaultYAML + "timeline: {tai_years: 1e20}\n"),
                ("/api/race?trajectories=200", Scenario.defaultYAML + "timeline: {tai_years: 3 to 1e12}\n"),
                ("/api/race?trajectories=200&horizon=500", Scenario.defaultYAML + "timeline: {step: 0.0000001}\n"),
                (
                    "/api/evaluate",
                    Scenario.defaultYAML.replacingOccurrences(of: "beliefs: [0.05,", with: "normalize: true\nbeliefs: [1e308,")
                ),
                ("/api/evaluate", "{\"budget\": 1e309}"),
                ("/api/evaluate", "version: 1\nname: \"\u{1B}[2J\"\n"),
            ] + FuzzRegressions.scenarios.map { ("/api/evaluate", $0) }
        try await ExplorerTesting.with { client in
            for (uri, body) in crashers {
                try await client.post(uri, ByteBuffer(string: body)) { response in
                    #expect([.ok, .badRequest, .unprocessableContent].contains(response.status), "\(uri): \(response.status)")
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    /// Heavy work runs on its own bounded pool: a second heavy request finds it full (503 with
    /// Retry-After) while an exact one is answered at once; the first is answered 503 at the time
    /// limit and its computation stops soon after (it used to run on for a minute).
    @Test func heavyWorkIsBoundedAndStopsAtTheDeadline() async throws {
        // The limit is long enough that the rest of the suite holding this test's threads cannot
        // delay the second request past it (stalls of many seconds happen on two cores).
        try await ExplorerTesting.with(.init(heavyWorkers: 1, heavyQueue: 0, timeLimit: 20)) { client, explorer in
            // About a minute of work on one thread (a million trajectories over 300 years), so it
            // cannot finish inside the 20 s limit on any machine this runs on.
            async let long: Void = client.post(
                "/api/race?trajectories=1000000&horizon=300", ExplorerTesting.defaultScenario
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.error.contains("limit") == true)
            }
            while explorer.computeLoad.heavy.running == 0 { try await Task.sleep(for: .milliseconds(10)) }
            try await client.post("/api/race?trajectories=1000", ExplorerTesting.defaultScenario) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
            }
            try await client.post("/api/evaluate", ExplorerTesting.defaultScenario) { #expect($0.status == .ok) }
            try await long
            // Cancelled, the race stops within a few hundred trajectories of the deadline.
            let answered = ContinuousClock.now
            while explorer.computeLoad.heavy.running > 0 && ContinuousClock.now - answered < .seconds(10) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let stopped = ContinuousClock.now - answered
            #expect(explorer.computeLoad.heavy.running == 0, "still computing 10 s after its 503")
            // Within about a second when run alone; the bound leaves room for the rest of the suite
            // holding this test's threads, and is still far below the ~40 s the race would run on.
            #expect(stopped < .seconds(5), "stopped \(stopped) after its 503")
            try await client.post("/api/race?trajectories=500", ExplorerTesting.defaultScenario) { #expect($0.status == .ok) }
        }
    }
}
