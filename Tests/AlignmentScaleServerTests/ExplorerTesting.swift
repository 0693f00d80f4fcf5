import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

/// A fresh explorer (and database) per test, driven through Hummingbird's router test client.
enum ExplorerTesting {
    /// What a test changes from the defaults.
    struct Settings {
        var adminToken: String? = nil
        var heavyWorkers = 2
        var heavyQueue = 16
        var timeLimit = 30.0
        var allowedOrigins: [String] = []
        var metricsPublic = false
        /// Every answer published at once unless a test is about batches.
        var publishEvery = 1
        /// No rate limit unless a test is about it (the router test client has no address).
        var surveyPerMinute = 0.0
        var surveyBurst = 10
        var trustProxy = false
        /// Scenarios offered beside the default.
        var scenarios: [OpenedScenario] = []
    }

    static func with(_ settings: Settings = Settings(), _ body: @Sendable (any TestClientProtocol) async throws -> Void)
        async throws
    {
        try await with(settings) { client, _ in try await body(client) }
    }

    /// The same, with the explorer itself at hand (to look at its load).
    static func with(
        _ settings: Settings = Settings(), _ body: @Sendable (any TestClientProtocol, Explorer) async throws -> Void
    ) async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let configuration = ExplorerConfiguration(
            database: folder.path + "/test.sqlite", adminToken: settings.adminToken, timeLimit: settings.timeLimit,
            heavyWorkers: settings.heavyWorkers, heavyQueue: settings.heavyQueue, lightWorkers: 2,
            allowedOrigins: settings.allowedOrigins, metricsPublic: settings.metricsPublic,
            publishEvery: settings.publishEvery, surveyPerMinute: settings.surveyPerMinute, surveyBurst: settings.surveyBurst,
            trustProxy: settings.trustProxy, scenarios: settings.scenarios)
        // Warnings only: an access-log line per request would bury the test results.
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let explorer = try await Explorer.open(configuration: configuration, logger: logger)
        let app = Application(router: explorer.router(), logger: logger)
        try await app.test(.router) { client in try await body(client, explorer) }
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    static var defaultScenario: ByteBuffer { ByteBuffer(string: Scenario.builtinDefault.json.rendered()) }

    /// The default with every number at its median: nothing uncertain.
    static var fixedScenario: ByteBuffer { ByteBuffer(string: Scenario.builtinDefault.atMedians.json.rendered()) }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The body as a JSON object (empty when it is not one).
    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    /// The body decoded as `T`, or `nil` when it is not one.
    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }
}

/// `{"error", "path"}`, the body of every error response.
struct ErrorBody: Decodable {
    let error: String
    let path: String?
}

/// The parts of `alignscale evaluate --format json` the tests read.
struct EvaluationBody: Decodable {
    struct Level: Decodable {
        let level: Int
        let belief: Double
        let safety: Double
    }
    let safety: Double
    let risk: Double
    let levels: [Level]
}

extension TestClientProtocol {
    /// The status of a POST with a JSON body.
    func postStatus(_ uri: String, _ body: ByteBuffer) async throws -> HTTPResponse.Status {
        try await execute(uri: uri, method: .post, headers: ExplorerTesting.json, body: body) { $0.status }
    }

    /// The response's body to a POST with a JSON body.
    func postBody(_ uri: String, _ body: ByteBuffer) async throws -> ByteBuffer {
        try await execute(uri: uri, method: .post, headers: ExplorerTesting.json, body: body) { $0.body }
    }

    /// A POST with a JSON body, as the explorer's pages send it.
    func post(
        _ uri: String, _ body: ByteBuffer, headers: HTTPFields = [:], test: @escaping @Sendable (TestResponse) throws -> Void
    )
        async throws
    {
        var all = ExplorerTesting.json
        all.append(contentsOf: headers)
        try await execute(uri: uri, method: .post, headers: all, body: body) { try test($0) }
    }
}
