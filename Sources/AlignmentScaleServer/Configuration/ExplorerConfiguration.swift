import AlignmentScaleIO
import Foundation

/// How `alignscale serve` runs.
public struct ExplorerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The response store: an SQLite file (created if missing) or a `postgres://` URL.
    public var database: String
    /// Required as `Authorization: Bearer TOKEN` for `GET /api/responses` and for weighted survey
    /// posts; `nil` disables both.
    public var adminToken: String?
    public var maximumBodyBytes: Int
    /// How much one request may ask for (samples, cases, programs, orderings, …).
    public var limits: Limits
    /// Seconds before a request is answered with 503; its work is told to stop then.
    public var timeLimit: Double
    /// Heavy jobs (Monte Carlo, the race, sensitivity, the study) running at once; others queue.
    public var heavyWorkers: Int
    /// Heavy jobs that may wait; beyond that a request is answered 503 with `Retry-After`.
    public var heavyQueue: Int
    /// Threads for exact analyses (evaluate, optimize, margins, voi), which never wait behind heavy jobs.
    public var lightWorkers: Int
    public var lightQueue: Int
    /// Seconds a connection may stay idle between requests.
    public var idleTimeout: Double
    /// Seconds a client has to send a whole request once it starts (slow clients are cut off).
    public var readTimeout: Double
    /// Origins, besides the server's own, allowed to post (such as `https://survey.example.org`).
    public var allowedOrigins: [String]
    /// The origins under which people reach this server (`--public-origin`, such as
    /// `https://alignscale.example.org`); empty: the listen address, and `localhost` and
    /// `127.0.0.1` on the listen port.
    public var publicOrigins: [String]
    /// Survey posts each client address may make per minute (0: no limit), after a burst of
    /// ``surveyBurst``. The administrator's posts are not limited.
    public var surveyPerMinute: Double
    public var surveyBurst: Int
    /// Whether the client's address is taken from the last `X-Forwarded-For` entry (set only behind
    /// a proxy that writes that header; otherwise any client could pick its own address).
    public var trustProxy: Bool
    /// This instance's name in the access log (default `host:port`).
    public var instanceName: String?
    /// Whether `GET /metrics` answers anyone; otherwise only the administrator's token.
    public var metricsPublic: Bool
    /// The public survey summary changes only once at least this many answers have arrived
    /// since it last changed (and stays hidden until then).
    public var publishEvery: Int
    /// How many parsed request bodies to keep (0: none), so that a scenario posted again skips
    /// its parsing.
    public var parseCacheSize: Int
    /// Scenarios offered beside the built-in default, by name (names unique, none `default`).
    public var scenarios: [OpenedScenario]

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: String = "alignscale.sqlite", adminToken: String? = nil,
        maximumBodyBytes: Int = 1 << 20, limits: Limits = .server, timeLimit: Double = 30,
        heavyWorkers: Int = ProcessInfo.processInfo.activeProcessorCount, heavyQueue: Int = 16,
        lightWorkers: Int = 2 * ProcessInfo.processInfo.activeProcessorCount, lightQueue: Int = 256,
        idleTimeout: Double = 30, readTimeout: Double = 10, allowedOrigins: [String] = [], instanceName: String? = nil,
        metricsPublic: Bool = false, publishEvery: Int = 10, publicOrigins: [String] = [], surveyPerMinute: Double = 6,
        surveyBurst: Int = 10, trustProxy: Bool = false, parseCacheSize: Int = 64, scenarios: [OpenedScenario] = []
    ) {
        self.scenarios = scenarios
        self.parseCacheSize = parseCacheSize
        self.publicOrigins = publicOrigins
        self.surveyPerMinute = surveyPerMinute
        self.surveyBurst = surveyBurst
        self.trustProxy = trustProxy
        self.publishEvery = publishEvery
        self.instanceName = instanceName
        self.metricsPublic = metricsPublic
        self.host = host
        self.port = port
        self.database = database
        self.adminToken = adminToken
        self.maximumBodyBytes = maximumBodyBytes
        self.limits = limits
        self.timeLimit = timeLimit
        self.heavyWorkers = heavyWorkers
        self.heavyQueue = heavyQueue
        self.lightWorkers = lightWorkers
        self.lightQueue = lightQueue
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.allowedOrigins = allowedOrigins
    }

    /// Every origin whose pages may post: ``publicOrigins`` (or the listen address, `localhost`
    /// and `127.0.0.1` on the listen port) and ``allowedOrigins``.
    public var acceptedOrigins: Set<String> {
        var origins = Set(allowedOrigins)
        if publicOrigins.isEmpty {
            let hostname = host.contains(":") ? "[\(host)]" : host
            for name in [hostname, "localhost", "127.0.0.1"] { origins.insert("http://\(name):\(port)") }
        } else {
            origins.formUnion(publicOrigins)
        }
        return origins
    }
}
