import AlignmentScale
import HTTPTypes
import Hummingbird

/// What any request must be before a route sees it:
/// - exactly one `Host` header (400 otherwise, as HTTP/1.1 requires);
/// - a declared `Content-Length` within the body limit (413 at once, before any byte is read);
/// - a method the path answers (405 with `Allow` otherwise; `TRACE` and friends anywhere);
/// - a `POST` with a JSON body (`Content-Type: application/json`, 415 otherwise), so that a plain
///   form or `text/plain` post from another site's page cannot reach the API;
/// - a `POST` either without an `Origin` header (a script or the command line) or from one of
///   the server's own origins (403 otherwise), so that another site cannot fill the survey from
///   its visitors' browsers. The accepted origins are a fixed list (``ExplorerConfiguration/
///   acceptedOrigins``), never read from the request's own `Host`: a page on a name that was
///   made to resolve to this server (DNS rebinding) sends a matching `Host` and `Origin`, and is
///   refused all the same.
struct RequestPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path → methods it answers; a key ending in `/` matches every path under it.
    let methods: [String: Set<HTTPRequest.Method>]
    static var hostField: HTTPField.Name { HTTPField.Name("Host")! }

    /// The origins that may post.
    let acceptedOrigins: Set<String>
    /// The largest body accepted, in bytes.
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        // The first Host header is the request's authority; any other stays among the fields.
        let extraHosts = request.headers[values: RequestPolicyMiddleware.hostField].count
        guard request.head.authority != nil, extraHosts == 0 else {
            throw APIError(
                .badRequest,
                request.head.authority == nil
                    ? "a request must name the server in one Host header (none found)"
                    : "a request must have exactly one Host header (found \(extraHosts + 1))")
        }
        if let declared = request.headers[.contentLength] {
            // Digits only: anything else is the HTTP parser's to refuse.
            if !declared.isEmpty, declared.utf8.allSatisfy({ (48...57).contains($0) }),
                declared.count > 18 || Int(declared) ?? .max > maximumBodyBytes
            {
                throw APIError(
                    .contentTooLarge,
                    "the request body is larger than the limit of \(maximumBodyBytes) bytes (Content-Length \(declared.prefix(30)))"
                )
            }
        }
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
            if let origin = request.headers[.origin], !acceptedOrigins.contains(origin) {
                throw APIError(
                    .forbidden,
                    "posts from another site's pages are refused (Origin '\(TerminalText.escaped(String(origin.prefix(100))))')")
            }
        }
        return try await next(request, context)
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
