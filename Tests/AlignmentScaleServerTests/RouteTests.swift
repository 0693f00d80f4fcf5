import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Every route through Hummingbird's router test framework, with a fresh database per test.
@Suite("The explorer's routes")
struct RouteTests {
    func withExplorer(
        adminToken: String? = nil, maximumSamples: Int = 1_000_000, timeLimit: Double = 30,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let explorer = try Explorer(
            configuration: ExplorerConfiguration(
                database: folder.path + "/test.sqlite", adminToken: adminToken, maximumSamples: maximumSamples,
                timeLimit: timeLimit,
                threads: 2))
        let app = Application(router: explorer.router())
        try await app.test(.router) { client in try await body(client) }
    }

    static var defaultScenario: ByteBuffer { ByteBuffer(string: Scenario.builtinDefault.json.rendered()) }

    static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func healthScaleAndDefaultScenario() async throws {
        try await withExplorer { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/scale", method: .get) { response in
                #expect(RouteTests.text(response) == Scale.builtin.report(.json))
            }
            try await client.execute(uri: "/api/scenarios/default", method: .get) { response in
                // The default scenario's JSON loads back to the built-in default.
                let document = try Document(data: Data(response.body.readableBytesView), file: "response")
                #expect(try Scenario(document: document) == Scenario.builtinDefault)
            }
        }
    }

    /// Each analysis answers with exactly the CLI's JSON for the same scenario.
    @Test func analysesMatchTheCommandLine() async throws {
        let scenario = Scenario.builtinDefault
        let expected: [(String, String)] = [
            ("/api/evaluate", Analyses.evaluate(scenario, allocation: nil, sampling: nil, format: .json)),
            ("/api/optimize", Analyses.optimize(scenario, sampling: nil, format: .json)),
            ("/api/margins?at=optimal", Analyses.margins(scenario, at: .optimal, allocation: nil, sampling: nil, format: .json)),
            ("/api/voi", Analyses.voi(scenario, format: .json)),
            (
                "/api/evaluate?samples=2000&seed=3",
                Analyses.evaluate(scenario, allocation: nil, sampling: MonteCarloOptions(samples: 2000, seed: 3), format: .json)
            ),
        ]
        try await withExplorer { client in
            for (uri, json) in expected {
                try await client.execute(uri: uri, method: .post, body: RouteTests.defaultScenario) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(RouteTests.text(response) == json, "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                }
            }
            try await client.execute(uri: "/api/race?trajectories=2000", method: .post, body: RouteTests.defaultScenario) {
                response in
                #expect(response.status == .ok && RouteTests.json(response)["no_gap"] is Double)
            }
            try await client.execute(
                uri: "/api/race?trajectories=500&format=svg", method: .post, body: RouteTests.defaultScenario
            ) {
                #expect($0.status == .ok && RouteTests.text($0).hasPrefix("<svg"))
            }
            let uncertain = ByteBuffer(
                data: try Data(
                    contentsOf: URL(fileURLWithPath: repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json")))
            try await client.execute(uri: "/api/sensitivity?samples=64", method: .post, body: uncertain) { response in
                #expect(response.status == .ok && RouteTests.json(response)["tornado"] is [Any])
            }
        }
    }

    /// Bad requests: the CLI's message and the field path with 400; 413, 422, 503, 404.
    @Test func errorStatuses() async throws {
        try await withExplorer { client in
            // Optimisation keeps every draw in memory, so its cap is tighter than the streaming one.
            try await client.execute(uri: "/api/optimize?samples=200000", method: .post, body: RouteTests.defaultScenario) {
                #expect($0.status == .unprocessableContent)
            }
        }
        try await withExplorer(maximumSamples: 5000, timeLimit: 0.002) { client in
            let bad = ByteBuffer(string: #"{"beliefs": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], "budget": -5, "programs": []}"#)
            try await client.execute(uri: "/api/evaluate", method: .post, body: bad) { response in
                #expect(response.status == .badRequest)
                let json = RouteTests.json(response)
                #expect(json["path"] as? String == "budget")
                #expect((json["error"] as? String)?.contains("request body:1:") == true)
            }
            try await client.execute(uri: "/api/evaluate", method: .post, body: ByteBuffer(string: "{not json")) {
                #expect($0.status == .badRequest && (RouteTests.json($0)["error"] as? String)?.contains("JSON") == true)
            }
            let huge = ByteBuffer(string: "[" + String(repeating: "0,", count: 600_000) + "0]")
            try await client.execute(uri: "/api/evaluate", method: .post, body: huge) { response in
                #expect(response.status == .contentTooLarge)
                #expect(RouteTests.json(response)["error"] is String)
            }
            try await client.execute(uri: "/api/evaluate?samples=5001", method: .post, body: RouteTests.defaultScenario) {
                #expect($0.status == .unprocessableContent && RouteTests.json($0)["path"] as? String == "samples")
            }
            try await client.execute(uri: "/api/evaluate?samples=abc", method: .post, body: RouteTests.defaultScenario) {
                #expect($0.status == .badRequest)
            }
            // 5000 race trajectories take far longer than 2 ms (about 0.3 s in a debug build).
            try await client.execute(uri: "/api/race?trajectories=5000", method: .post, body: RouteTests.defaultScenario) {
                response in
                #expect(response.status == .serviceUnavailable)
                let text = RouteTests.text(response)
                #expect(text.contains("limit") && !text.contains("Swift") && !text.contains("0x"))
            }
            try await client.execute(uri: "/nope", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/static/../Package.swift", method: .get) { #expect($0.status == .notFound) }
        }
    }

    /// The survey: responses stored and pooled; rows only for the admin token; disabled without one.
    @Test func responsesAndSummary() async throws {
        try await withExplorer(adminToken: "s3cret") { client in
            let ana = ByteBuffer(
                string: #"{"id": "ana", "beliefs": [0.3,0.3,0.2,0.1,0.05,0.05,0,0,0,0], "comment": "<script>alert(1)</script>"}"#)
            try await client.execute(uri: "/api/responses", method: .post, body: ana) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/responses", method: .post, body: ana) { response in
                #expect(response.status == .badRequest && RouteTests.text(response).contains("already"))
            }
            let bo = ByteBuffer(string: #"{"beliefs": [0,0,0,0.05,0.05,0.1,0.2,0.2,0.2,0.2]}"#)
            try await client.execute(uri: "/api/responses", method: .post, body: bo) { #expect($0.status == .created) }
            let wrong = ByteBuffer(string: #"{"beliefs": [0.5, 0.6]}"#)
            try await client.execute(uri: "/api/responses", method: .post, body: wrong) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/responses/summary", method: .get) { response in
                let json = RouteTests.json(response)
                #expect(json["responses"] as? Int == 2)
                let linear = json["linear"] as? [Double] ?? []
                #expect(abs(linear[0] - 0.15) < 1e-12)
                #expect(!RouteTests.text(response).contains("ana"))
                #expect((json["consensus"] as? [Any])?.count == 3)
            }
            try await client.execute(uri: "/api/responses", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/responses", method: .get, headers: [.authorization: "Bearer nope"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/responses", method: .get, headers: [.authorization: "Bearer s3cret"]) {
                response in
                #expect(response.status == .ok)
                let rows =
                    (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [[String: Any]] ?? []
                #expect(rows.count == 2 && rows[0]["comment"] as? String == "<script>alert(1)</script>")
            }
        }
        try await withExplorer(adminToken: nil) { client in
            try await client.execute(uri: "/api/responses", method: .get, headers: [.authorization: "Bearer "]) {
                #expect($0.status == .notFound)
            }
        }
    }

    /// Pages and assets come from the package, with a policy that forbids inline script.
    @Test func pagesAndPolicy() async throws {
        try await withExplorer { client in
            for page in ["/", "/survey", "/results"] {
                try await client.execute(uri: page, method: .get) { response in
                    #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/html") == true)
                    let html = RouteTests.text(response)
                    #expect(html.contains("<script src=\"/static/") && !html.contains("<script>"), "\(page) has inline script")
                    #expect(!html.contains("http://") && !html.contains("https://"), "\(page) loads something from elsewhere")
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                }
            }
            for asset in ["app.js", "survey.js", "results.js", "common.js", "style.css"] {
                try await client.execute(uri: "/static/\(asset)", method: .get) { #expect($0.status == .ok) }
            }
        }
    }

    /// The hand-kept OpenAPI document lists exactly the routes the server answers, and each
    /// documented GET route answers without 404.
    @Test func openAPIMatchesRoutes() async throws {
        try await withExplorer { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { RouteTests.json($0) }
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
            let served: Set<String> = [
                "GET /healthz", "GET /api/scale", "GET /api/scenarios/default", "GET /openapi.json", "POST /api/evaluate",
                "POST /api/optimize", "POST /api/margins", "POST /api/voi", "POST /api/race", "POST /api/sensitivity",
                "POST /api/responses", "GET /api/responses", "GET /api/responses/summary",
            ]
            #expect(documented == served)
            for route in served where route.hasPrefix("GET") {
                let path = String(route.dropFirst(4))
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status != .notFound || path == "/api/responses", "\(path)")
                }
            }
            for route in served where route.hasPrefix("POST /api/") && !route.contains("responses") {
                let path = String(route.dropFirst(5))
                try await client.execute(uri: path, method: .post, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .badRequest, "\(path) should read a scenario")
                }
            }
        }
    }
}
