import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleServer
import AlignmentScaleStore
import ArgumentParser
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web explorer, the survey and the JSON API.",
        discussion: """
            Pages: / (the explorer), /survey, /results. The API (GET /openapi.json describes every \
            endpoint and parameter; the analyses take a scenario as JSON and answer the same JSON as the \
            command line's --format json, and charts=svg adds the charts):

            \(Explorer.routeList.joined(separator: "\n"))

            Posts must send Content-Type: application/json and come from the server's own pages \
            (--public-origin), a script or an --allowed-origin; every request must carry exactly one Host \
            header.

            The survey's individual responses are listed by GET /api/responses only with \
            Authorization: Bearer $ALIGNSCALE_ADMIN_TOKEN; without that variable the listing answers 404. \
            Public responses cannot set their weight; the administrator can (the same header on POST \
            /api/responses, or `alignscale responses add --weight`). Public answers are limited per client \
            address (--survey-rate a minute after a burst of --survey-burst; 429 with Retry-After beyond); \
            behind a reverse proxy, give --trust-proxy so that the address is read from X-Forwarded-For. \
            The public summary (GET /api/responses/summary, the /results page) pools every stored answer, \
            but changes only once --publish-every new answers have arrived since it last changed, and \
            stays hidden until the first such batch: no single answer can be read from two summaries.

            Light work and heavy work run on separate bounded pools, so a quick request never waits behind \
            a long one: a request is heavy when it draws samples (Monte Carlo, the race, sensitivity, the \
            study, reports) or when its exact analysis is large (many programs, orderings or `requires`), \
            and so is reading a body over 64 KiB. A full queue answers 503 with Retry-After; every \
            computation stops at --time-limit, or within a second when its client disconnects. Stops \
            cleanly on SIGINT or SIGTERM.

            Several instances can serve one survey: give each the same PostgreSQL URL (--db or \
            $ALIGNSCALE_DATABASE_URL) and put them behind a load balancer. Each logs one line per \
            request at --log-level info (method, path, status, duration, instance; never bodies), and \
            GET /metrics gives Prometheus's text format (to the administrator's token, or to anyone \
            with --metrics-public). If the database goes away, survey posts answer 503 (nothing \
            stored) until it is back; /healthz says whether the store is reachable.
            """)

    @Argument(
        help: ArgumentHelp(
            "Scenario files (YAML or JSON) to offer in the explorer beside the built-in default.",
            discussion:
                "Each is read and checked at start, listed by its name at GET /api/scenarios and opened by /?scenario=NAME (its name as a slug: lowercase letters, digits and -)."
        ))
    var scenarioFiles: [String] = []

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, parsing: .unconditional, help: "Port to listen on.")
    var port = 8080

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The response store: an SQLite file (created if missing) or postgres://USER@HOST:PORT/DATABASE, which several instances can share. Default: $ALIGNSCALE_DATABASE_URL, else alignscale.sqlite.",
            valueName: "file-or-url"))
    var db: String?

    @Option(
        name: .customLong("store-timeout"), parsing: .unconditional,
        help: "Seconds a request waits for PostgreSQL before it is answered 503 (the answer is not acknowledged).")
    var storeTimeout = 5.0

    @Option(
        name: .customLong("store-connections"),
        help:
            "Connections this instance may open to PostgreSQL at once (keep instances × this under the server's max_connections)."
    )
    var storeConnections = 10

    @Option(
        name: .customLong("log-level"),
        help: "How much the server logs; info writes a line per request (default: info, or $LOG_LEVEL).")
    var logLevel: LogLevel?

    @Option(name: .customLong("instance-name"), help: "This instance's name in the access log (default: HOST:PORT).")
    var instanceName: String?

    @Flag(
        name: .customLong("metrics-public"),
        help: "Answer GET /metrics to anyone (by default only with the administrator's token).")
    var metricsPublic = false

    @Option(
        name: .customLong("max-samples"), parsing: .unconditional,
        help: "The most Monte Carlo samples or race trajectories one request may ask for.")
    var maxSamples = Limits.server.samples

    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: "Seconds before a request is answered with 503 and its computation stopped.")
    var timeLimit = 30.0

    @Option(
        name: .customLong("heavy-workers"), parsing: .unconditional,
        help: ArgumentHelp(
            "Heavy jobs (Monte Carlo, race, sensitivity, study, report) run at once (default: the number of cores).",
            valueName: "heavy-workers"))
    var heavyWorkerCount: Int?

    /// `--heavy-workers`, or one per core.
    var heavyWorkers: Int { heavyWorkerCount ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(
        name: .customLong("allowed-origin"),
        help: "An origin besides the server's own whose pages may post (repeatable), e.g. https://survey.example.org.")
    var allowedOrigins: [String] = []

    @Option(
        name: .customLong("public-origin"),
        help: ArgumentHelp(
            "The origin people open the explorer at (repeatable), e.g. https://alignscale.example.org. Default: http://HOST:PORT, http://localhost:PORT and http://127.0.0.1:PORT.",
            valueName: "origin"))
    var publicOrigins: [String] = []

    @Option(
        name: .customLong("publish-every"), parsing: .unconditional,
        help: "The public survey summary changes only after this many new answers (and is hidden until the first batch).")
    var publishEvery = 10

    @Option(
        name: .customLong("survey-rate"), parsing: .unconditional,
        help: "Survey answers one client address may post per minute after its burst (0: no limit).")
    var surveyRate = 6.0

    @Option(
        name: .customLong("survey-burst"), parsing: .unconditional,
        help: "Survey answers one client address may post at once before --survey-rate applies.")
    var surveyBurst = 10

    @Option(
        name: .customLong("read-timeout"), parsing: .unconditional,
        help: "Seconds a client has to send a whole request, from its first byte (or from connecting).")
    var readTimeout = 10.0

    @Option(
        name: .customLong("idle-timeout"), parsing: .unconditional,
        help: "Seconds a kept-alive connection may stay idle between requests.")
    var idleTimeout = 30.0

    @Flag(
        name: .customLong("trust-proxy"),
        help: "Take the client's address from the last X-Forwarded-For entry (only behind a proxy that sets it).")
    var trustProxy = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535 (found \(port))") }
        guard maxSamples >= 1 else { throw ValidationError("--max-samples must be at least 1 (found \(maxSamples))") }
        guard timeLimit > 0 && timeLimit <= 3600 else {
            throw ValidationError("--time-limit must be in (0, 3600] seconds (found \(timeLimit))")
        }
        guard storeTimeout > 0 && storeTimeout <= 300 else {
            throw ValidationError("--store-timeout must be in (0, 300] seconds (found \(storeTimeout))")
        }
        guard (1...1000).contains(storeConnections) else {
            throw ValidationError("--store-connections must be between 1 and 1000 (found \(storeConnections))")
        }
        guard readTimeout > 0 && readTimeout <= 3600, idleTimeout > 0 && idleTimeout <= 3600 else {
            throw ValidationError(
                "--read-timeout and --idle-timeout must be in (0, 3600] seconds (found \(readTimeout) and \(idleTimeout))")
        }
        guard (1...1_000_000).contains(publishEvery) else {
            throw ValidationError("--publish-every must be between 1 and 1000000 (found \(publishEvery))")
        }
        guard surveyRate >= 0 && surveyRate <= 1e6 else {
            throw ValidationError("--survey-rate must be between 0 (no limit) and 1000000 a minute (found \(surveyRate))")
        }
        guard (1...1_000_000).contains(surveyBurst) else {
            throw ValidationError("--survey-burst must be between 1 and 1000000 (found \(surveyBurst))")
        }
        for origin in publicOrigins + allowedOrigins {
            guard let url = URL(string: origin), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil,
                url.path.isEmpty, url.query == nil, !origin.hasSuffix("/")
            else {
                throw ValidationError(
                    "an origin is a scheme, a host and an optional port, such as https://survey.example.org:8443 (found '\(origin.prefix(80))')"
                )
            }
        }
        guard (1...256).contains(heavyWorkers) else {
            throw ValidationError("--heavy-workers must be between 1 and 256 (found \(heavyWorkers))")
        }
    }

    /// The scenarios to offer: each file read and checked as the server checks a posted scenario,
    /// with unique names other than `default`.
    /// - Throws: the file's ``InputError``, or a ``ValidationError`` for a repeated name.
    static func offer(_ files: [String], limits: Limits) throws -> [OpenedScenario] {
        guard files.count <= 100 else { throw ValidationError("at most 100 scenario files (found \(files.count))") }
        var offered: [OpenedScenario] = []
        for file in files {
            let read = try ScenarioFile(contentsOf: file)
            try limits.check(read)
            let scenario = read.scenario
            let fallback = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let entry = OpenedScenario(scenario: scenario, fallbackName: fallback)
            if entry.name == OpenedScenario.defaultName || entry.name.isEmpty {
                throw ValidationError(
                    "\(file): its name '\(entry.name)' is taken by the built-in scenario: give it another `name`")
            }
            if let earlier = offered.first(where: { $0.name == entry.name }) {
                throw ValidationError(
                    "\(file): its name '\(entry.name)' is also the name of '\(earlier.title)': give each scenario its own `name`")
            }
            offered.append(entry)
        }
        return offered
    }

    func run() async throws {
        var logger = Logger(label: "alignscale")
        logger.logLevel =
            logLevel?.level ?? ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let location = DatabaseOption.location(db)
        var limits = Limits.server
        limits.samples = maxSamples
        limits.storedSamples = min(limits.storedSamples, maxSamples)
        let offered = try Self.offer(scenarioFiles, limits: limits)
        var storeLogger = logger
        storeLogger.logLevel = max(logger.logLevel, .notice)
        let explorer = try await DatabaseOption.opening(db) {
            try await Explorer.open(
                configuration: ExplorerConfiguration(
                    host: host, port: port, database: location,
                    adminToken: ProcessInfo.processInfo.environment["ALIGNSCALE_ADMIN_TOKEN"], limits: limits,
                    timeLimit: timeLimit, heavyWorkers: heavyWorkers, idleTimeout: idleTimeout, readTimeout: readTimeout,
                    allowedOrigins: allowedOrigins, instanceName: instanceName,
                    metricsPublic: metricsPublic, publishEvery: publishEvery, publicOrigins: publicOrigins,
                    surveyPerMinute: surveyRate, surveyBurst: surveyBurst, trustProxy: trustProxy,
                    // ALIGNSCALE_PARSE_CACHE=0 turns the cache of parsed bodies off (for measuring).
                    parseCacheSize: ProcessInfo.processInfo.environment["ALIGNSCALE_PARSE_CACHE"] == "0" ? 0 : 64,
                    scenarios: offered),
                logger: storeLogger,
                storeOptions: .init(
                    maximumConnections: storeConnections, timeout: .milliseconds(Int64(storeTimeout * 1000))))
        }
        logger.notice("serving the explorer on http://\(host):\(port) with responses in \(DatabaseURL.mask(location))")
        try await explorer.application(logger: logger).runService()
    }
}

/// `--log-level`: one of the logger's level names; a wrong one is refused with the list of names.
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}
