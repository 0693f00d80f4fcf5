import HTTPTypes
import Hummingbird

extension ContentSecurityPolicy {
    /// Scripts, styles and connections only from this server (no inline script), images from here
    /// or data URLs, never framed.
    static var explorer: ContentSecurityPolicy {
        [
            .defaultSrc(.self), .scriptSrc(.self), .styleSrc(.self), .imgSrc(.self, "data:"), .connectSrc(.self),
            .frameAncestors(.none), .baseURI(.none), .formAction(.self),
        ]
    }
}

/// The headers Hummingbird's content-security middleware does not set: no framing, no referrer.
struct FramingAndReferrerMiddleware<Context: RequestContext>: RouterMiddleware {
    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}
