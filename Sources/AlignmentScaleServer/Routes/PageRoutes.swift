import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Hummingbird

extension Explorer {
    /// Pages, assets, the scale, the default scenario, the OpenAPI document and the health check.
    func addPageRoutes(to router: Router<ExplorerRequestContext>) {
        router.get("/healthz") { _, _ in
            let reachable = (try? await self.store.count()) != nil
            let writeFailure = self.writes.lastFailure
            let healthy = reachable && writeFailure == nil
            let backend = self.store.backend
            var fields: [(String, JSONValue)] = [
                ("status", .string(healthy ? "ok" : "degraded")), ("store", .string(reachable ? "reachable" : "unreachable")),
                ("backend", .string(backend)),
            ]
            // A store can answer reads while it refuses writes (a full disk).
            if let writeFailure { fields.append(("writes", .string("failing: \(writeFailure)"))) }
            return Explorer.json(JSONValue.object(fields).rendered(), status: healthy ? .ok : .serviceUnavailable)
        }
        // Prometheus's text format; the administrator's only unless --metrics-public.
        router.get("/metrics") { request, _ in
            if !self.configuration.metricsPublic {
                try self.admin.require(request, what: "the metrics (open them to all with --metrics-public)")
            }
            let load = self.computeLoad
            let text = self.metrics.exposition(
                heavyRunning: load.heavy.running, heavyWaiting: load.heavy.waiting, lightRunning: load.light.running,
                lightWaiting: load.light.waiting)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/api/scale") { _, _ in Explorer.json(Scale.builtin.report(.json)) }
        router.get("/api/scenarios/default") { _, _ in Explorer.json(Scenario.builtinDefault.json.rendered()) }
        router.get("/api/presets") { _, _ in Explorer.json(BeliefPreset.json.rendered()) }
        router.get("/openapi.json") { _, _ in Explorer.json(OpenAPIDocument.text) }
        router.get("/") { _, _ in try Pages.response("index.html") }
        router.get("/survey") { _, _ in try Pages.response("survey.html") }
        router.get("/results") { _, _ in try Pages.response("results.html") }
        router.get("/favicon.ico") { _, _ in try Pages.response("favicon.svg") }
        router.get("/static/{file}") { _, context in
            guard let file = context.parameters.get("file"), Pages.assets.contains(file) else {
                throw APIError(.notFound, "no such file")
            }
            return try Pages.response(file)
        }
    }
}
