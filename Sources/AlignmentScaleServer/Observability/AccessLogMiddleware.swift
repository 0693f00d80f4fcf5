import AlignmentScale
import Hummingbird
import Logging

/// One log line per request at level info (method, path, status, duration, instance; never a body
/// or survey content, and the path with control characters escaped), and the request's count and
/// latency in ``ExplorerMetrics``.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ExplorerMetrics
    /// This instance's name in every line (several instances share one log pipeline).
    let instance: String
    let routes: [String: Set<HTTPRequest.Method>]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: response.status.code, since: start)
            return response
        } catch let error as HTTPResponseError {
            record(request, context: context, status: error.status.code, since: start)
            throw error
        } catch {
            record(request, context: context, status: 500, since: start)
            throw error
        }
    }

    func record(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let path = request.uri.path
        metrics.record(route: route(of: path), method: request.method.rawValue, status: status, duration: duration)
        let milliseconds = Double(duration.nanoseconds) / 1e6
        context.logger.info(
            "\(request.method.rawValue) \(TerminalText.escaped(String(path.prefix(200)))) \(status)",
            metadata: [
                "status": "\(status)", "duration_ms": "\((milliseconds * 100).rounded() / 100)", "instance": "\(instance)",
            ])
    }

    /// The route a path belongs to, from the server's own table, so labels stay few.
    func route(of path: String) -> String {
        if routes[path] != nil { return path }
        if path.hasPrefix("/static/") { return "/static/" }
        return "other"
    }
}
