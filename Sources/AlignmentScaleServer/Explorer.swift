import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Foundation
import Hummingbird
import Logging

/// How `alignscale serve` runs.
public struct ExplorerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The response store (created if missing).
    public var database: String
    /// Required as `Authorization: Bearer TOKEN` for `GET /api/responses`; `nil` disables that endpoint.
    public var adminToken: String?
    public var maximumBodyBytes: Int
    /// Samples or trajectories above this are refused with 422.
    public var maximumSamples: Int
    /// Seconds before a request is answered with 503.
    public var timeLimit: Double
    /// Threads for one Monte Carlo request.
    public var threads: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: String = "alignscale.sqlite", adminToken: String? = nil,
        maximumBodyBytes: Int = 1 << 20, maximumSamples: Int = 1_000_000, timeLimit: Double = 30,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.adminToken = adminToken
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumSamples = maximumSamples
        self.timeLimit = timeLimit
        self.threads = threads
    }
}

/// The web explorer: pages, the JSON API of the CLI's analyses, and the survey (MODEL.md §10).
public struct Explorer: Sendable {
    public let configuration: ExplorerConfiguration
    let store: ResponseStore
    let summaries = SummaryCache()
    /// The explorer page sends the same scenario to several endpoints per edit; parsing it once
    /// saves most of a request's work. `ALIGNSCALE_PARSE_CACHE=0` turns it off (for measuring).
    let parsed = ParseCache(capacity: ProcessInfo.processInfo.environment["ALIGNSCALE_PARSE_CACHE"] == "0" ? 0 : 64)

    /// - Throws: ``InputError`` when the response store cannot be opened.
    public init(configuration: ExplorerConfiguration) throws {
        self.configuration = configuration
        store = try ResponseStore(path: configuration.database)
    }

    /// Every route, with error and security-header middleware.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.get("/healthz") { _, _ in Explorer.json("{\"status\": \"ok\"}\n") }
        router.get("/api/scale") { _, _ in Explorer.json(Scale.builtin.report(.json)) }
        router.get("/api/scenarios/default") { _, _ in Explorer.json(Scenario.builtinDefault.json.rendered()) }
        router.get("/openapi.json") { _, _ in try Pages.response("openapi.json") }
        for name in Endpoint.allCases {
            router.post("/api/\(name.rawValue)") { request, context in try await self.analyse(name, request, context) }
        }
        router.post("/api/responses") { request, context in try await self.addResponse(request, context) }
        router.get("/api/responses/summary") { _, _ in try await self.summary() }
        router.get("/api/responses") { request, _ in try self.listResponses(request) }
        router.get("/") { _, _ in try Pages.response("index.html") }
        router.get("/survey") { _, _ in try Pages.response("survey.html") }
        router.get("/results") { _, _ in try Pages.response("results.html") }
        router.get("/static/{file}") { _, context in
            guard let file = context.parameters.get("file"), Pages.assets.contains(file) else {
                throw APIError(.notFound, "no such file")
            }
            return try Pages.response(file)
        }
        return router
    }

    /// The application, ready for `runService()` (which shuts down gracefully on SIGINT and SIGTERM).
    public func application(logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "alignscale"),
            logger: logger)
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Analyses

    enum Endpoint: String, CaseIterable {
        case evaluate, optimize, margins, voi, race, sensitivity
    }

    /// Reads the request body as a scenario, as the CLI reads a file (its errors name "request body").
    func scenario(_ request: inout Request) async throws -> Scenario {
        let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        let data = Data(buffer.readableBytesView)
        if let scenario = parsed[data] { return scenario }
        let scenario = try Scenario(document: Document(data: data, file: "request body"))
        parsed[data] = scenario
        return scenario
    }

    /// A positive whole-number query parameter, at most the configured cap (422 above it).
    func count(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let value = Int(text), value >= 1 else {
            throw APIError(.badRequest, "\(name): expected a whole number ≥ 1, found '\(text)'", path: name)
        }
        guard value <= configuration.maximumSamples else {
            throw APIError(
                .unprocessableContent, "\(name): at most \(configuration.maximumSamples) on this server, found \(value)",
                path: name)
        }
        return value
    }

    /// Optimisation and Sobol keep every draw in memory: a tighter cap than streaming Monte Carlo.
    func storedLimit(_ value: Int?, name: String) throws {
        let limit = min(configuration.maximumSamples, 100_000)
        if let value, value > limit {
            throw APIError(
                .unprocessableContent, "\(name): at most \(limit) for this analysis on this server, found \(value)", path: name)
        }
    }

    func analyse(_ endpoint: Endpoint, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        var request = request
        let scenario = try await self.scenario(&request)
        let query = request.uri.queryParameters
        func text(_ name: String) -> String? { query[Substring(name)].map(String.init) }
        let samples = try count(request, "samples")
        let seed =
            try text("seed").map { value -> UInt64 in
                guard let seed = UInt64(value) else {
                    throw APIError(.badRequest, "seed: expected a whole number ≥ 0, found '\(value)'", path: "seed")
                }
                return seed
            } ?? 1
        let allocation = try text("allocation").map { try Analyses.allocation($0, for: scenario, path: "allocation") }
        let threads = configuration.threads
        @Sendable func options(_ n: Int, _ cancellation: Blocking.Cancellation) -> MonteCarloOptions {
            MonteCarloOptions(samples: n, seed: seed, threads: threads, isCancelled: { cancellation.isCancelled })
        }
        let body: String
        switch endpoint {
        case .evaluate:
            body = try await Blocking.run(timeout: configuration.timeLimit) { c in
                Analyses.evaluate(scenario, allocation: allocation, sampling: samples.map { options($0, c) }, format: .json)
            }
        case .optimize:
            try storedLimit(samples, name: "samples")
            let measure = try Analyses.measure(text("objective") ?? "mean", path: "objective")
            body = try await Blocking.run(timeout: configuration.timeLimit) { c in
                Analyses.optimize(scenario, sampling: samples.map { options($0, c) }, measure: measure, format: .json)
            }
        case .margins:
            guard let at = MarginPoint(rawValue: text("at") ?? "status-quo") else {
                throw APIError(
                    .badRequest, "at: expected status-quo, optimal or scenario, found '\(text("at") ?? "")'", path: "at")
            }
            body = try await Blocking.run(timeout: configuration.timeLimit) { c in
                Analyses.margins(
                    scenario, at: at, allocation: allocation, sampling: samples.map { options($0, c) }, format: .json)
            }
        case .voi:
            body = try await Blocking.run(timeout: configuration.timeLimit) { _ in Analyses.voi(scenario, format: .json) }
        case .race:
            let trajectories = try count(request, "trajectories") ?? 20_000
            let horizon =
                try text("horizon").map { value -> Double in
                    guard let h = Double(value), h > 0, h <= 500 else {
                        throw APIError(.badRequest, "horizon: expected years in (0, 500], found '\(value)'", path: "horizon")
                    }
                    return h
                } ?? 30
            let svg = text("format") == "svg"
            body = try await Blocking.run(timeout: configuration.timeLimit) { c in
                let result = try Analyses.race(
                    scenario, allocation: allocation, options: options(trajectories, c), horizon: horizon)
                return svg ? result.chart(scenario: scenario).svg() : result.report(.json, scenario: scenario)
            }
            if svg {
                return Response(
                    status: .ok, headers: [.contentType: "image/svg+xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        case .sensitivity:
            try storedLimit(samples, name: "samples")
            let base = samples ?? 1024
            body = try await Blocking.run(timeout: configuration.timeLimit) { c in
                try Sensitivity(scenario: scenario, allocation: allocation, options: options(base, c), bootstrap: 100)
                    .report(.json, scenario: scenario)
            }
        }
        return Explorer.json(body)
    }

    // MARK: - Survey

    func addResponse(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        let document = try Document(data: Data(buffer.readableBytesView), file: "request body")
        let levels = Scale.builtin.levelCount
        let m = try document.root.mapping(known: ["id", "weight", "beliefs", "comment"])
        let beliefs = try m.required("beliefs", expected: "one belief per level").sequence().map { try $0.number() }
        var comment = try m["comment"].flatMap { $0.isNull ? nil : try $0.string() }
        if let text = comment {
            guard text.count <= 2000 else { throw APIError(.badRequest, "comment: at most 2000 characters", path: "comment") }
            comment = text.isEmpty ? nil : text
        }
        let id = try m["id"]?.string() ?? "r-" + UUID().uuidString.lowercased()
        guard !id.isEmpty, id.count <= 100 else { throw APIError(.badRequest, "id: expected 1 to 100 characters", path: "id") }
        do {
            let respondent = try Respondent(
                id: id, weight: try m["weight"]?.number() ?? 1, beliefs: beliefs, levelCount: levels)
            try store.add(StoredResponse(respondent: respondent, comment: comment))
        } catch let error as InputError {
            throw document.locate(error)
        }
        return Explorer.json(JSONValue.object([("id", .string(id))]).rendered(), status: .created)
    }

    func summary() async throws -> Response {
        let responses = try store.all().map(\.respondent)
        return Explorer.json(await summaries.summary(for: responses))
    }

    func listResponses(_ request: Request) throws -> Response {
        guard let token = configuration.adminToken, !token.isEmpty else {
            throw APIError(.notFound, "listing responses is disabled: set ALIGNSCALE_ADMIN_TOKEN to enable it")
        }
        guard let header = request.headers[.authorization], header == "Bearer \(token)" else {
            throw APIError(.unauthorized, "this endpoint needs Authorization: Bearer <admin token>")
        }
        let rows = try store.all().map { ($0.respondent, $0.comment, $0.createdAt) }
        return Explorer.json(ResponseTable.render(rows.map { (respondent: $0.0, comment: $0.1, createdAt: $0.2) }, format: .json))
    }
}

/// The pooled summary of the survey, recomputed only when the responses change.
actor SummaryCache {
    private var key: [String] = []
    private var text = ""

    /// Pools and disagreement, and consensus allocations on the default scenario (up to 200
    /// responses); never individual rows.
    func summary(for responses: [Respondent]) -> String {
        let ids = responses.map(\.id)
        if ids == key && !text.isEmpty { return text }
        var fields: [(String, JSONValue)] = [("responses", .integer(responses.count))]
        if !responses.isEmpty {
            let pools = BeliefPools(responses)
            fields += [
                ("linear", .numbers(pools.linear)), ("logarithmic", .numbers(pools.logarithmic)),
                ("epsilon", .number(BeliefPools.epsilon)), ("mean_jensen_shannon", .number(pools.meanJensenShannon)),
                ("mean_entropy", .number(pools.entropies.reduce(0, +) / Double(pools.entropies.count))),
            ]
            if responses.count <= 200 {
                let scenario = Scenario.builtinDefault
                let aggregation = Aggregation(scenario: scenario, respondents: responses)
                fields.append(
                    (
                        "consensus",
                        .array(
                            aggregation.consensus.map {
                                .object([
                                    ("name", .string($0.name)), ("allocation", $0.allocation.json(scenario)),
                                    ("max_regret", .number($0.maximumRegret)), ("mean_regret", .number($0.meanRegret)),
                                ])
                            })
                    ))
            }
        }
        key = ids
        text = JSONValue.object(fields).rendered()
        return text
    }
}

extension Array where Element == Double {
    func json(_ scenario: Scenario) -> JSONValue { .object(zip(scenario.programs, self).map { ($0.id, .number($1)) }) }
}

/// The most recently parsed request bodies and their scenarios (least recently used dropped).
final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var entries: [Data: Scenario] = [:]
    private var order: [Data] = []

    init(capacity: Int) { self.capacity = capacity }

    subscript(body: Data) -> Scenario? {
        get {
            lock.withLock {
                guard let scenario = entries[body] else { return nil }
                if let index = order.firstIndex(of: body) { order.remove(at: index) }
                order.append(body)
                return scenario
            }
        }
        set {
            guard capacity > 0, let newValue else { return }
            lock.withLock {
                if entries.updateValue(newValue, forKey: body) == nil { order.append(body) }
                while order.count > capacity { entries[order.removeFirst()] = nil }
            }
        }
    }
}
