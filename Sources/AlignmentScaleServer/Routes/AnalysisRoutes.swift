import AlignmentScale
import AlignmentScaleIO
import Foundation
import Hummingbird

/// The analyses the API answers, each `POST /api/NAME` with a scenario as the body: JSON, except
/// `report`, which answers the HTML page of `alignscale report`.
typealias AnalysisEndpoint = AnalysisKind

extension Explorer {
    /// Bodies larger than this are read on the heavy pool, so that a few large posts cannot hold
    /// up small requests (a scenario of a few dozen programs is a few kilobytes).
    static let lightBodyBytes = 64 << 10

    func addAnalysisRoutes(to router: Router<ExplorerRequestContext>) {
        for endpoint in AnalysisEndpoint.allCases {
            router.post("/api/\(endpoint.rawValue)") { request, context in try await self.analyse(endpoint, request, context) }
        }
        // The posted scenario as a YAML file to download (checked first: only a valid scenario is written).
        router.post("/api/yaml") { request, context in
            var request = request
            let budget = self.budget(for: context)
            let (scenario, _) = try await self.scenario(&request, budget: budget)
            let yaml = try await self.light.run(budget) {
                scenario.yamlFile(origin: "Scenario from the AlignmentScale explorer")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/yaml; charset=utf-8", .contentDisposition: "attachment; filename=\"scenario.yaml\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
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
    func scenario(_ request: inout Request, budget: RequestBudget) async throws -> (scenario: Scenario, body: Data) {
        let data = try await body(&request)
        if let scenario = parsed[data] { return (scenario, data) }
        let limits = configuration.limits
        let scenario = try await read(data, budget: budget) { data in
            let scenario = try Scenario(
                document: Document(data: data, file: "request body"), scaleFiles: .refused, limits: limits)
            try limits.check(scenario)
            return scenario
        }
        parsed[data] = scenario
        return (scenario, data)
    }

    /// Runs `work` on the light or heavy pool within `budget`.
    func compute(
        heavy isHeavy: Bool, budget: RequestBudget, _ work: @escaping @Sendable (Cancellation) throws -> String
    ) async throws -> String {
        let cancellation = budget.cancellation
        return try await (isHeavy ? heavy : light).run(budget) { try work(cancellation) }
    }

    func analyse(_ endpoint: AnalysisEndpoint, _ request: Request, _ context: ExplorerRequestContext) async throws -> Response {
        var request = request
        let query = try AnalysisQuery(
            request.uri.queryParameters.map { (String($0.key), String($0.value)) }, limits: configuration.limits)
        let budget = budget(for: context)
        let (scenario, data) = try await scenario(&request, budget: budget)
        // Light or heavy by what the request asks of this scenario, not by its endpoint.
        let isHeavy = AnalysisCost.isHeavy(endpoint, scenario: scenario, samples: query.samples)
        let charts = query.charts
        let allocation = try query.allocation.map { try Analyses.allocation($0, for: scenario, path: "allocation") }
        let limits = configuration.limits
        @Sendable func options(_ n: Int, _ cancellation: Cancellation) -> MonteCarloOptions {
            // One thread per heavy job: the pool runs as many jobs as there are cores, and the
            // same seed gives the same numbers whatever the thread count.
            MonteCarloOptions(samples: n, seed: query.seed, threads: 1, isCancelled: { cancellation.isCancelled })
        }
        let body: String
        switch endpoint {
        case .evaluate:
            body = try await compute(heavy: isHeavy, budget: budget) { c in
                Analyses.evaluate(
                    scenario, allocation: allocation, sampling: query.samples.map { options($0, c) }, format: .json,
                    charts: charts)
            }
        case .optimize:
            if let samples = query.samples {
                try Limits.check(samples, atMost: limits.storedSamples, name: "samples", what: "samples for this analysis")
            }
            body = try await compute(heavy: isHeavy, budget: budget) { c in
                Analyses.optimize(
                    scenario, sampling: query.samples.map { options($0, c) }, measure: query.objective, format: .json,
                    charts: charts, isCancelled: { c.isCancelled })
            }
        case .margins:
            body = try await compute(heavy: isHeavy, budget: budget) { c in
                Analyses.margins(
                    scenario, at: query.at, allocation: allocation, sampling: query.samples.map { options($0, c) },
                    format: .json, charts: charts, isCancelled: { c.isCancelled })
            }
        case .voi:
            body = try await compute(heavy: isHeavy, budget: budget) { c in
                Analyses.voi(scenario, format: .json, charts: charts, isCancelled: { c.isCancelled })
            }
        case .race:
            let trajectories = query.trajectories ?? Defaults.trajectories
            body = try await compute(heavy: isHeavy, budget: budget) { c in
                let result = try Analyses.race(
                    scenario, allocation: allocation, options: options(trajectories, c),
                    horizon: query.horizon ?? scenario.timeline.chartHorizon, limits: limits)
                return query.svg
                    ? result.chart(scenario: scenario).svg()
                    : RaceReport(result, scenario: scenario).rendered(.json, charts: charts)
            }
            if query.svg {
                return Response(
                    status: .ok, headers: [.contentType: "image/svg+xml"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        case .sensitivity:
            let base = query.samples ?? Defaults.sensitivitySamples
            try Limits.check(base, atMost: limits.storedSamples, name: "samples", what: "samples for this analysis")
            body = try await compute(heavy: isHeavy, budget: budget) { c in
                let result = try Sensitivity(
                    scenario: scenario, allocation: allocation, options: options(base, c), bootstrap: Defaults.bootstrap)
                return SensitivityReport(result, scenario: scenario).rendered(.json, charts: charts)
            }
        case .study:
            let cases = query.cases ?? min(Defaults.studyCases, limits.studyCases)
            body = try await compute(heavy: isHeavy, budget: budget) { c in
                let study = Study(
                    scenario: scenario,
                    options: Study.Options(
                        cases: cases, seed: query.seed,
                        beliefs: query.uniformBeliefs ? .uniform : .concentrated(query.concentration ?? Defaults.concentration),
                        threads: 1, isCancelled: { c.isCancelled }))
                return StudyReport(study, scenario: scenario).rendered(.json, charts: charts)
            }
        case .report:
            let html = try await compute(heavy: isHeavy, budget: budget) { c in
                let text = String(decoding: data, as: UTF8.self)
                let file = text.drop { $0.isWhitespace }.first == "{" ? "scenario.json" : "scenario.yaml"
                return try ScenarioReport(scenario: scenario, source: text, file: file).html(
                    options: ScenarioReport.Options(
                        samples: query.samples, trajectories: query.trajectories, studyCases: query.cases, seed: query.seed,
                        threads: 1, isCancelled: { c.isCancelled }, limits: limits))
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"alignscale-report.html\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        return Explorer.json(body)
    }
}
