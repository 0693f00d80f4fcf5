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
            Pages: / (the explorer), /survey, /results. API: POST \
            /api/evaluate|optimize|margins|voi|race|sensitivity|study with a scenario as JSON (the same JSON \
            as the CLI's --format json comes back; charts=svg adds the charts), POST /api/report (the page of \
            `alignscale report`), POST /api/yaml (the scenario as a YAML file), GET /api/scale, \
            GET /api/scenarios/default, GET /api/presets, POST /api/responses, GET /api/responses/summary, \
            GET /healthz, GET /openapi.json (every endpoint and parameter). Posts must send Content-Type: \
            application/json and come from the server's own pages, a script or an --allowed-origin.

            The survey's individual responses are listed by GET /api/responses only with \
            Authorization: Bearer $ALIGNSCALE_ADMIN_TOKEN; without that variable the listing answers 404. \
            Public responses cannot set their weight; the administrator can (the same header on POST \
            /api/responses, or `alignscale responses add --weight`).

            Exact analyses and heavy ones (Monte Carlo, the race, sensitivity, the study, reports) run on \
            separate bounded pools, so a quick request never waits behind a long one; a full queue answers \
            503 with Retry-After, and every computation stops at --time-limit. Stops cleanly on SIGINT or \
            SIGTERM.

            Several instances can serve one survey: give each the same PostgreSQL URL (--db or \
            $ALIGNSCALE_DATABASE_URL) and put them behind a load balancer. Each logs one line per \
            request at --log-level info (method, path, status, duration, instance; never bodies), and \
            GET /metrics gives Prometheus's text format (to the administrator's token, or to anyone \
            with --metrics-public). If the database goes away, survey posts answer 503 (nothing \
            stored) until it is back; /healthz says whether the store is reachable.
            """)

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
        help: "trace, debug, info (a line per request), notice, warning, error or critical (default: info, or $LOG_LEVEL).")
    var logLevel: String?

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
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "--log-level must be trace, debug, info, notice, warning, error or critical (found '\(logLevel.prefix(40))')")
        }
        guard (1...256).contains(heavyWorkers) else {
            throw ValidationError("--heavy-workers must be between 1 and 256 (found \(heavyWorkers))")
        }
    }

    func run() async throws {
        var logger = Logger(label: "alignscale")
        logger.logLevel =
            (logLevel ?? ProcessInfo.processInfo.environment["LOG_LEVEL"]).flatMap { Logger.Level(rawValue: $0) } ?? .info
        let location = DatabaseOption.location(db)
        var limits = Limits.server
        limits.samples = maxSamples
        limits.storedSamples = min(limits.storedSamples, maxSamples)
        var storeLogger = logger
        storeLogger.logLevel = max(logger.logLevel, .notice)
        let explorer = try await Explorer.open(
            configuration: ExplorerConfiguration(
                host: host, port: port, database: location,
                adminToken: ProcessInfo.processInfo.environment["ALIGNSCALE_ADMIN_TOKEN"], limits: limits,
                timeLimit: timeLimit, heavyWorkers: heavyWorkers, allowedOrigins: allowedOrigins, instanceName: instanceName,
                metricsPublic: metricsPublic),
            logger: storeLogger,
            storeOptions: .init(
                maximumConnections: storeConnections, timeout: .milliseconds(Int64(storeTimeout * 1000))))
        logger.notice("serving the explorer on http://\(host):\(port) with responses in \(DatabaseURL.mask(location))")
        try await explorer.application(logger: logger).runService()
    }
}
