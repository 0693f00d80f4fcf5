import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import Foundation
import Hummingbird

extension Explorer {
    /// Bodies larger than this are read on the heavy pool, so that a few large posts cannot hold
    /// up small requests (a scenario of a few dozen programs is a few kilobytes).
    static let lightBodyBytes = 64 << 10

    /// `POST /api/yaml`: the posted scenario as a YAML file to download (checked first: only a
    /// valid scenario is written).
    func yaml(_ request: Request, _ context: ExplorerRequestContext) async throws -> Response {
        var request = request
        let budget = budget(for: context)
        let scenario = try await scenario(&request, budget: budget).file.scenario
        let yaml = try await light.run(budget) {
            scenario.yamlFile(origin: "Scenario from the AlignmentScale explorer")
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/yaml; charset=utf-8", .contentDisposition: "attachment; filename=\"scenario.yaml\""],
            body: .init(byteBuffer: ByteBuffer(string: yaml)))
    }

    /// The compute allowance of one request: the server's time limit from now, cancelled when
    /// the client's connection closes.
    func budget(for context: ExplorerRequestContext) -> RequestBudget {
        RequestBudget(
            seconds: configuration.timeLimit, cancellation: Cancellation(parent: context.channel.map(connections.flag)))
    }

    /// The request's body, at most the server's limit.
    func body(_ request: inout Request) async throws -> Data {
        Data(try await request.collectBody(upTo: configuration.maximumBodyBytes).readableBytesView)
    }

    /// Runs `read` on a pool chosen by the size of `data` (the heavy one past ``lightBodyBytes``),
    /// within `budget`.
    func read<T: Sendable>(_ data: Data, budget: RequestBudget, _ read: @escaping @Sendable (Data) throws -> T) async throws -> T
    {
        try await (data.count > Explorer.lightBodyBytes ? heavy : light).run(budget) { try read(data) }
    }

    /// Reads the request body as a scenario, as the CLI reads a file (its errors name "request
    /// body"; `scale:` may be `builtin` or inline, never a path), within the server's limits,
    /// on a compute pool; answers the body too (a report embeds it).
    func scenario(_ request: inout Request, budget: RequestBudget) async throws -> (file: ScenarioFile, body: Data) {
        let data = try await body(&request)
        if let file = parsed[data] { return (file, data) }
        let limits = configuration.limits
        let file = try await read(data, budget: budget) { data in
            try Explorer.checkedScenario(data, file: "request body", limits: limits)
        }
        parsed[data] = file
        return (file, data)
    }

    /// A scenario read from text as the command line reads a file named `file` (never opening a
    /// scale file it names), within `limits`, with the positions of its fields.
    static func checkedScenario(_ data: Data, file: String, limits: Limits) throws -> ScenarioFile {
        let read = try ScenarioFile(document: Document(data: data, file: file), scaleFiles: .refused, limits: limits)
        try limits.check(read)
        return read
    }

    /// Runs `work` on the light or heavy pool within `budget`.
    func compute<T: Sendable>(
        heavy isHeavy: Bool, budget: RequestBudget, _ work: @escaping @Sendable (Cancellation) throws -> T
    ) async throws -> T {
        let cancellation = budget.cancellation
        return try await (isHeavy ? heavy : light).run(budget) { try work(cancellation) }
    }

    /// `POST /api/NAME`: an analysis of the posted scenario, as JSON (the report as its HTML page).
    func analyse(_ endpoint: AnalysisKind, _ request: Request, _ context: ExplorerRequestContext) async throws -> Response {
        var request = request
        let query = try AnalysisQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        let budget = budget(for: context)
        let (file, data) = try await scenario(&request, budget: budget)
        let scenario = file.scenario
        let analysis = try query.request(endpoint, for: scenario, source: String(decoding: data, as: UTF8.self))
        let limits = configuration.limits
        try analysis.validate(limits: limits)
        // Light or heavy by what the request asks of this scenario, not by its endpoint; rendered
        // on the pool too.
        return try await compute(heavy: analysis.isHeavy(on: scenario), budget: budget) { cancellation in
            // One thread per job: the pool runs as many jobs as there are cores, and the same
            // seed gives the same numbers whatever the thread count.
            let output = try file.locating {
                try AnalysisRunner.run(
                    analysis, on: scenario, limits: limits,
                    context: RunContext(threads: 1, isCancelled: { cancellation.isCancelled }))
            }
            switch output {
            case .page(let html):
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "text/html; charset=utf-8",
                        .contentDisposition: "attachment; filename=\"alignscale-report.html\"",
                    ],
                    body: .init(byteBuffer: ByteBuffer(string: html)))
            case .report(let report as RaceReport) where query.svg:
                return Response(
                    status: .ok, headers: [.contentType: "image/svg+xml"],
                    body: .init(byteBuffer: ByteBuffer(string: report.result.chart(scenario: scenario).svg())))
            case .report(let report): return Explorer.json(report.rendered(.json, charts: query.charts))
            }
        }
    }
}
