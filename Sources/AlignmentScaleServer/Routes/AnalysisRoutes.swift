import AlignmentScale
import AlignmentScaleIO
import Foundation
import Hummingbird

/// The analyses the API answers, each `POST /api/NAME` with a scenario as the body: JSON, except
/// `report`, which answers the HTML page of `alignscale report`.
enum AnalysisEndpoint: String, CaseIterable, Sendable {
    case evaluate, optimize, margins, voi, race, sensitivity, study, report
}

extension Explorer {
    func addAnalysisRoutes(to router: Router<ExplorerRequestContext>) {
        for endpoint in AnalysisEndpoint.allCases {
            router.post("/api/\(endpoint.rawValue)") { request, context in try await self.analyse(endpoint, request, context) }
        }
        // The posted scenario as a YAML file to download (checked first: only a valid scenario is written).
        router.post("/api/yaml") { request, _ in
            var request = request
            let scenario = try await self.scenario(&request)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/yaml; charset=utf-8", .contentDisposition: "attachment; filename=\"scenario.yaml\"",
                ],
                body: .init(
                    byteBuffer: ByteBuffer(string: scenario.yamlFile(origin: "Scenario from the AlignmentScale explorer"))))
        }
    }

    /// Reads the request body as a scenario, as the CLI reads a file (its errors name "request
    /// body"; `scale:` may be `builtin` or inline, never a path), within the server's limits.
    func scenario(_ request: inout Request) async throws -> Scenario {
        try await scenarioAndText(&request).scenario
    }

    /// The scenario and the body's text as the client wrote it (a report embeds it).
    func scenarioAndText(_ request: inout Request) async throws -> (scenario: Scenario, text: String) {
        let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        let data = Data(buffer.readableBytesView)
        if let scenario = parsed[data] { return (scenario, String(decoding: data, as: UTF8.self)) }
        let scenario = try Scenario(document: Document(data: data, file: "request body"), scaleFiles: .refused)
        try configuration.limits.check(scenario)
        parsed[data] = scenario
        return (scenario, String(decoding: data, as: UTF8.self))
    }

    /// Runs `work` on the light or heavy pool with the server's deadline; the work's cancellation
    /// flag is also set when the client's connection closes.
    func compute(
        heavy isHeavy: Bool, context: ExplorerRequestContext, _ work: @escaping @Sendable (Cancellation) throws -> String
    ) async throws -> String {
        let cancellation = Cancellation()
        context.channel?.closeFuture.whenComplete { _ in cancellation.cancel() }
        let pool = isHeavy ? heavy : light
        return try await pool.run(timeout: configuration.timeLimit, cancellation: cancellation) { try work(cancellation) }
    }

    func analyse(_ endpoint: AnalysisEndpoint, _ request: Request, _ context: ExplorerRequestContext) async throws -> Response {
        var request = request
        let query = try AnalysisQuery(
            request.uri.queryParameters.map { (String($0.key), String($0.value)) }, limits: configuration.limits)
        let (scenario, text) = try await scenarioAndText(&request)
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
            body = try await compute(heavy: query.samples != nil, context: context) { c in
                Analyses.evaluate(
                    scenario, allocation: allocation, sampling: query.samples.map { options($0, c) }, format: .json,
                    charts: charts)
            }
        case .optimize:
            if let samples = query.samples {
                try Limits.check(samples, atMost: limits.storedSamples, name: "samples", what: "samples for this analysis")
            }
            body = try await compute(heavy: query.samples != nil, context: context) { c in
                Analyses.optimize(
                    scenario, sampling: query.samples.map { options($0, c) }, measure: query.objective, format: .json,
                    charts: charts, isCancelled: { c.isCancelled })
            }
        case .margins:
            body = try await compute(heavy: query.samples != nil, context: context) { c in
                Analyses.margins(
                    scenario, at: query.at, allocation: allocation, sampling: query.samples.map { options($0, c) },
                    format: .json, charts: charts, isCancelled: { c.isCancelled })
            }
        case .voi:
            body = try await compute(heavy: false, context: context) { c in
                Analyses.voi(scenario, format: .json, charts: charts, isCancelled: { c.isCancelled })
            }
        case .race:
            let trajectories = query.trajectories ?? Defaults.trajectories
            body = try await compute(heavy: true, context: context) { c in
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
            body = try await compute(heavy: true, context: context) { c in
                let result = try Sensitivity(
                    scenario: scenario, allocation: allocation, options: options(base, c), bootstrap: Defaults.bootstrap)
                return SensitivityReport(result, scenario: scenario).rendered(.json, charts: charts)
            }
        case .study:
            let cases = query.cases ?? min(Defaults.studyCases, limits.studyCases)
            body = try await compute(heavy: true, context: context) { c in
                let study = Study(
                    scenario: scenario,
                    options: Study.Options(
                        cases: cases, seed: query.seed,
                        beliefs: query.uniformBeliefs ? .uniform : .concentrated(query.concentration ?? Defaults.concentration),
                        threads: 1, isCancelled: { c.isCancelled }))
                return StudyReport(study, scenario: scenario).rendered(.json, charts: charts)
            }
        case .report:
            let file = text.drop { $0.isWhitespace }.first == "{" ? "scenario.json" : "scenario.yaml"
            let html = try await compute(heavy: true, context: context) { c in
                try ScenarioReport(scenario: scenario, source: text, file: file).html(
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
