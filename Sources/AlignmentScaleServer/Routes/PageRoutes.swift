import AlignmentScale
import AlignmentScaleIO
import AlignmentScaleStore
import Hummingbird

extension Explorer {
    /// `GET /healthz`: whether the store answers, and whether it takes writes.
    func health() async -> Response {
        let reachable = (try? await store.count()) != nil
        let writeFailure = writes.lastFailure
        let healthy = reachable && writeFailure == nil
        var fields: [(String, JSONValue)] = [
            ("status", .string(healthy ? "ok" : "degraded")), ("store", .string(reachable ? "reachable" : "unreachable")),
            ("backend", .string(store.backend)),
        ]
        // A store can answer reads while it refuses writes (a full disk).
        if let writeFailure { fields.append(("writes", .string("failing: \(writeFailure)"))) }
        return Explorer.json(JSONValue.object(fields).rendered(), status: healthy ? .ok : .serviceUnavailable)
    }

    /// `GET /metrics`: Prometheus's text format; the administrator's only unless the metrics are public.
    func metricsText(_ request: Request) throws -> Response {
        if !configuration.metricsPublic {
            try admin.require(request, what: "the metrics (this server does not make them public)")
        }
        let load = computeLoad
        let text = metrics.exposition(
            heavyRunning: load.heavy.running, heavyWaiting: load.heavy.waiting, lightRunning: load.light.running,
            lightWaiting: load.light.waiting)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
