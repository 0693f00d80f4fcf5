import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The web explorer: pages, the JSON API of the CLI's analyses (AlignmentScale.docc/JSONOutputs.md),
/// and the survey, whose responses live in any ``ResponseStore``.
///
/// Every route is a row of one table (`Routes/RouteTable.swift`), whose handlers live by concern
/// in `Routes/`; requests pass the policy of `Middleware/`; computations run on the bounded pools
/// of `Compute/`.
public struct Explorer: Sendable {
    public let configuration: ExplorerConfiguration
    let store: any ResponseStore
    let metrics = ExplorerMetrics()
    let summaries = SummaryCache()
    /// The cancellation flag of each open connection (set when it closes).
    let connections = ConnectionFlags()
    /// Survey posts per client address.
    let surveyRate: RateLimiter
    /// Whether the store's last write failed (a full disk): `/healthz` says so until one succeeds.
    let writes = WriteHealth()
    /// The explorer page sends the same scenario to several endpoints per edit; parsing it once
    /// saves most of a request's work; its size is the configuration's ``ExplorerConfiguration/parseCacheSize``.
    let parsed: ParseCache
    /// The compute pools, stopped when the application shuts down or the last copy of this
    /// explorer goes away.
    @_spi(Testing) public let pools: ComputePools
    /// Exact analyses (a millisecond to a second each).
    var light: ComputePool { pools.light }
    /// Monte Carlo, the race, sensitivity, the study: at most one per core at a time.
    var heavy: ComputePool { pools.heavy }
    /// Every route, from ``routeTable(limits:)`` with this server's limits.
    let routes: [Route]
    /// The OpenAPI document of ``routes``.
    let openAPI: String

    /// An explorer whose responses go to `store`.
    public init(configuration: ExplorerConfiguration, store: any ResponseStore) {
        self.configuration = configuration
        self.store = store
        parsed = ParseCache(capacity: configuration.parseCacheSize)
        routes = Explorer.routeTable(limits: configuration.limits)
        openAPI = OpenAPIDocument.text(routes: routes)
        surveyRate = RateLimiter(perMinute: configuration.surveyPerMinute, burst: configuration.surveyBurst)
        pools = ComputePools(
            light: ComputePool(name: "light", workers: configuration.lightWorkers, queueLimit: configuration.lightQueue),
            heavy: ComputePool(name: "heavy", workers: configuration.heavyWorkers, queueLimit: configuration.heavyQueue))
    }

    /// Opens the store `configuration.database` names (an SQLite file or a `postgres://` URL).
    /// - Throws: ``InputError`` when it cannot be opened, ``StoreUnavailable`` when PostgreSQL
    ///   cannot be reached.
    public static func open(
        configuration: ExplorerConfiguration, logger: Logger, storeOptions: PostgresResponseStore.Options = .init()
    ) async throws -> Explorer {
        Explorer(
            configuration: configuration,
            store: try await ResponseStores.open(configuration.database, logger: logger, options: storeOptions))
    }

    /// How busy the compute pools are: jobs running and waiting, light and heavy.
    public var computeLoad: (light: (running: Int, waiting: Int), heavy: (running: Int, waiting: Int)) {
        ((light.busy, light.waiting), (heavy.busy, heavy.waiting))
    }

    /// Every route, behind the request policy, error and security-header middleware.
    public func router() -> Router<ExplorerRequestContext> {
        let router = Router(context: ExplorerRequestContext.self, options: .autoGenerateHeadEndpoints)
        let methods = Explorer.methods(of: routes)
        router.add(
            middleware: AccessLogMiddleware(
                metrics: metrics, instance: configuration.instanceName ?? "\(configuration.host):\(configuration.port)",
                routes: methods))
        router.add(middleware: ContentSecurityMiddleware(contentSecurityPolicy: .explorer))
        router.add(middleware: FramingAndReferrerMiddleware())
        router.add(middleware: ErrorMiddleware(metrics: metrics))
        router.add(
            middleware: RequestPolicyMiddleware(
                methods: methods, acceptedOrigins: configuration.acceptedOrigins,
                maximumBodyBytes: configuration.maximumBodyBytes))
        for route in routes {
            let explorer = self
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await route.handle(explorer, request, context)
            }
        }
        return router
    }

    /// The application, ready for `runService()` (which shuts down gracefully on SIGINT and SIGTERM:
    /// the HTTP server finishes its requests, then the compute pools stop their threads).
    public func application(logger: Logger) -> some ApplicationProtocol {
        let readTimeout = TimeAmount.milliseconds(Int64(configuration.readTimeout * 1000))
        return Application(
            router: router(),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestReadDeadline(timeout: readTimeout)],
                    idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "alignscale"),
            services: [pools],
            logger: logger)
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
