import Hummingbird

/// What any request must be before a route sees it:
/// - a method the path answers (405 with `Allow` otherwise; `TRACE` and friends anywhere);
/// - a `POST` with a JSON body (`Content-Type: application/json`, 415 otherwise), so that a plain
///   form or `text/plain` post from another site's page cannot reach the API;
/// - a `POST` either without an `Origin` header (a script or the command line) or from this
///   server's own origin or one it allows (403 otherwise), so that another site cannot fill the
///   survey from its visitors' browsers.
struct RequestPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path → methods it answers; a key ending in `/` matches every path under it.
    let methods: [String: Set<HTTPRequest.Method>]
    /// Origins besides the request's own host that may post.
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        let path = request.uri.path
        let known = methods[path] ?? methods.first { $0.key.hasSuffix("/") && path.hasPrefix($0.key) }?.value
        let method = request.method
        if let known, !known.contains(method) && !(method == .head && known.contains(.get)) {
            var allowed = known.map(\.rawValue)
            if known.contains(.get) { allowed.append("HEAD") }
            throw MethodNotAllowed(allow: allowed.sorted().joined(separator: ", "))
        }
        if known == nil && ![.get, .head, .post].contains(method) {
            throw MethodNotAllowed(allow: "GET, HEAD, POST")
        }
        if method == .post {
            let type = request.headers[.contentType].flatMap { MediaType(from: $0) }
            guard let type, type.isType(.applicationJson) else {
                throw APIError(
                    .unsupportedMediaType,
                    "a POST must send JSON with Content-Type: application/json (found \(request.headers[.contentType].map { "'\($0.prefix(60))'" } ?? "none"))"
                )
            }
            if let origin = request.headers[.origin], !isAllowed(origin: origin, host: request.head.authority) {
                throw APIError(.forbidden, "posts from another site's pages are refused (Origin '\(origin.prefix(100))')")
            }
        }
        return try await next(request, context)
    }

    /// The request's own origin (scheme and the Host header) or a configured one.
    func isAllowed(origin: String, host: String?) -> Bool {
        if allowedOrigins.contains(origin) { return true }
        guard let host else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}

/// 405 with the `Allow` header the client needs.
struct MethodNotAllowed: HTTPResponseError {
    let allow: String
    var status: HTTPResponse.Status { .methodNotAllowed }
    var headers: HTTPFields { [.allow: allow, .contentType: "application/json; charset=utf-8"] }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try APIError(.methodNotAllowed, "method not allowed here; this path answers \(allow)")
            .response(from: request, context: context)
        response.headers[.allow] = allow
        return response
    }
}
