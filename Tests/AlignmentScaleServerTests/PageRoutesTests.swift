import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Pages, health and the OpenAPI document")
struct PageRoutesTests {
    static let pages = ["/", "/survey", "/results"]

    /// Pages and assets come from the binary, with a policy that forbids inline script.
    @Test func pagesAndPolicy() async throws {
        try await ExplorerTesting.with { client in
            for page in Self.pages {
                try await client.execute(uri: page, method: .get) { response in
                    #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/html") == true)
                    let html = ExplorerTesting.text(response)
                    #expect(html.contains("<script src=\"/static/") && !html.contains("<script>"), "\(page) has inline script")
                    #expect(!html.contains("http://") && !html.contains("https://"), "\(page) loads something from elsewhere")
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                }
            }
            for asset in ["app.js", "survey.js", "results.js", "common.js", "style.css", "favicon.svg"] {
                try await client.execute(uri: "/static/\(asset)", method: .get) { #expect($0.status == .ok, "\(asset)") }
            }
            try await client.execute(uri: "/favicon.ico", method: .get) {
                #expect($0.status == .ok && $0.headers[.contentType] == "image/svg+xml")
            }
            try await client.execute(uri: "/static/../Package.swift", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/nope", method: .get) { #expect($0.status == .notFound) }
        }
    }

    /// The presets are normalised beliefs over the built-in scale, `default` being the default
    /// scenario's.
    @Test func presets() async throws {
        struct Presets: Decodable {
            struct Preset: Decodable {
                let name: String
                let summary: String
                let beliefs: [Double]
            }
            let presets: [Preset]
        }
        try await ExplorerTesting.with { client in
            try await client.execute(uri: "/api/presets", method: .get) { response in
                let presets = try #require(ExplorerTesting.decode(Presets.self, response)).presets
                #expect(presets.map(\.name) == ["default", "optimist", "pessimist", "uniform"])
                for preset in presets {
                    #expect(preset.beliefs.count == Scale.builtin.levelCount && !preset.summary.isEmpty)
                    #expect(abs(preset.beliefs.reduce(0, +) - 1) < 1e-12, "\(preset.name)")
                }
                #expect(presets[0].beliefs == Scenario.builtinDefault.beliefs)
            }
        }
    }

    /// `POST /api/yaml` answers a YAML file that loads back to the posted scenario, and refuses
    /// an invalid scenario with the field's path.
    @Test func scenarioAsYAML() async throws {
        let source = try String(contentsOfFile: repositoryRoot + "/Benchmarks/scenarios/orderings.yaml", encoding: .utf8)
        let posted = try Scenario(document: Document(data: Data(source.utf8), file: "o.yaml"))
        try await ExplorerTesting.with { client in
            let yaml = String(buffer: try await client.postBody("/api/yaml", ByteBuffer(string: source)))
            #expect(try Scenario(document: Document(data: Data(yaml.utf8), file: "back.yaml")) == posted, "\(yaml)")
            try await client.post("/api/yaml", ByteBuffer(string: source)) { response in
                #expect(response.headers[.contentType] == "text/yaml; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"scenario.yaml\"")
            }
            let bad = source.replacingOccurrences(of: "budget: 100", with: "budget: -1")
            try await client.post("/api/yaml", ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.path == "budget")
            }
        }
    }

    /// `/metrics` is the administrator's unless public: 404 without a token configured, 401
    /// without the right one; it counts requests by route (unknown paths as `other`, so no
    /// request creates a series) and shows the heavy queue.
    @Test func metricsAreClosedUnlessPublic() async throws {
        try await ExplorerTesting.with { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .notFound) }
        }
        try await ExplorerTesting.with(.init(adminToken: "s3cret")) { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer s3cret"]) {
                #expect($0.status == .ok)
            }
        }
        try await ExplorerTesting.with(.init(metricsPublic: true)) { client in
            _ = try await client.postStatus("/api/evaluate", ExplorerTesting.defaultScenario)
            try await client.execute(uri: "/no/such/\u{1B}path", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = ExplorerTesting.text(response)
                #expect(text.contains(#"alignscale_http_requests_total{route="/api/evaluate",method="POST",status="200"} 1"#))
                #expect(text.contains("alignscale_heavy_queue_depth 0"))
                #expect(!text.contains("no/such"), "a request made its own series")
            }
        }
    }

    /// HEAD answers like GET, without a body.
    @Test func headAnswersLikeGet() async throws {
        try await ExplorerTesting.with { client in
            for path in Self.pages + ["/healthz", "/api/scale", "/static/app.js", "/openapi.json"] {
                let get = try await client.execute(uri: path, method: .get) { ($0.status, $0.headers[.contentType]) }
                try await client.execute(uri: path, method: .head) { response in
                    #expect(response.status == get.0 && response.headers[.contentType] == get.1, "\(path)")
                    #expect(response.body.readableBytes == 0, "\(path)")
                }
            }
        }
    }

    @Test func healthReportsTheStore() async throws {
        struct Health: Decodable {
            let status: String
            let store: String
        }
        try await ExplorerTesting.with { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let health = ExplorerTesting.decode(Health.self, response)
                #expect(health?.status == "ok" && health?.store == "reachable")
            }
        }
    }

    /// The OpenAPI document lists exactly the routes the server answers.
    @Test func openAPIMatchesRoutes() async throws {
        struct Document: Decodable {
            let openapi: String
            let paths: [String: [String: AnyDecodable]]
        }
        try await ExplorerTesting.with { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) {
                ExplorerTesting.decode(Document.self, $0)
            }
            let paths = try #require(document?.paths)
            #expect(document?.openapi == "3.1.0")
            let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
            // The route table's list (what `serve --help` prints) is the document's, and holds
            // at least the routes the explorer's pages and scripts rely on.
            let listed = Set(Explorer.routeList.map { String($0.prefix { $0 != ":" }) })
            #expect(documented == listed)
            let relied: Set<String> = [
                "GET /healthz", "GET /api/scale", "GET /api/scenarios", "GET /api/scenarios/{name}", "POST /api/open",
                "GET /openapi.json", "POST /api/evaluate", "POST /api/robust", "POST /api/plan",
                "POST /api/optimize", "POST /api/margins", "POST /api/voi", "POST /api/race", "POST /api/sensitivity",
                "POST /api/responses", "GET /api/responses", "GET /api/responses/summary", "POST /api/study",
                "POST /api/report", "POST /api/yaml", "GET /api/presets", "GET /metrics",
            ]
            #expect(relied.isSubset(of: documented), "\(relied.subtracting(documented))")
            // And each is answered (an empty post is a bad request, not an unknown route); the
            // listing of responses and the metrics are hidden (404) when no administrator token is set.
            for route in documented where route != "GET /api/responses" && route != "GET /metrics" {
                // A path parameter is filled with a name the route answers (the built-in scenario).
                let parts = route.replacingOccurrences(of: "{name}", with: "default").split(separator: " ").map(String.init)
                let method: HTTPRequest.Method = parts[0] == "GET" ? .get : .post
                try await client.execute(uri: parts[1], method: method, headers: ExplorerTesting.json, body: ByteBuffer()) {
                    #expect(![.notFound, .methodNotAllowed].contains($0.status), "\(route): \($0.status)")
                }
            }
        }
    }
}

/// Decodes any JSON value and keeps nothing (for the shape of a document whose leaves the test ignores).
struct AnyDecodable: Decodable {
    init(from decoder: Decoder) throws {}
}
