import AlignmentScale
import AlignmentScaleServer
import ArgumentParser
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web explorer, the survey and the JSON API.",
        discussion: """
            Pages: / (the explorer), /survey, /results. API: POST /api/evaluate|optimize|margins|voi|race|sensitivity \
            with a scenario as JSON (the same JSON as the CLI's --format json comes back), GET /api/scale, \
            GET /api/scenarios/default, POST /api/responses, GET /api/responses/summary, GET /healthz, \
            GET /openapi.json. GET /api/responses lists individual responses only with \
            Authorization: Bearer $ALIGNSCALE_ADMIN_TOKEN (disabled when it is unset). Stops cleanly on \
            SIGINT or SIGTERM.
            """)

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, parsing: .unconditional, help: "Port to listen on.")
    var port = 8080

    @Option(name: .long, help: "The response store, an SQLite file (created if missing).")
    var db = "alignscale.sqlite"

    @Option(
        name: .customLong("max-samples"), parsing: .unconditional,
        help: "The most samples or trajectories one request may ask for.")
    var maxSamples = 1_000_000

    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Seconds before a request is answered with 503.")
    var timeLimit = 30.0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535 (found \(port))") }
        guard maxSamples >= 1 else { throw ValidationError("--max-samples must be at least 1") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be > 0 seconds") }
    }

    func run() async throws {
        var logger = Logger(label: "alignscale")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let explorer = try Explorer(
            configuration: ExplorerConfiguration(
                host: host, port: port, database: db, adminToken: ProcessInfo.processInfo.environment["ALIGNSCALE_ADMIN_TOKEN"],
                maximumSamples: maxSamples, timeLimit: timeLimit))
        logger.info("serving the explorer on http://\(host):\(port) with responses in \(db)")
        try await explorer.application(logger: logger).runService()
    }
}
