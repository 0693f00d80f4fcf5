import AlignmentScale
import AlignmentScaleIO
import Foundation
import HTTPTypes
import Hummingbird

/// An error a client caused or may see, answered as `{"error": ..., "path": ...}` with a status.
/// Internal failures become a plain 500 without detail.
public struct APIError: HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    public let path: String?

    public init(_ status: HTTPResponse.Status, _ message: String, path: String? = nil) {
        self.status = status
        self.message = message
        self.path = path
    }

    /// The CLI's message for bad input, with the field path; 400.
    public init(_ error: InputError) {
        self.init(.badRequest, error.description, path: error.path.isEmpty ? nil : error.path)
    }

    public var headers: HTTPFields { [.contentType: "application/json; charset=utf-8"] }
    public var description: String { "\(status.code) \(message)" }

    /// `{"error": ..., "path": ...}`, written by the same JSON writer as every other response.
    public var body: String {
        var fields: [(String, JSONValue)] = [("error", .string(message))]
        if let path { fields.append(("path", .string(path))) }
        return JSONValue.object(fields).rendered()
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Turns every error a handler throws into a JSON response: input errors and API errors keep
/// their message; anything else is logged and answered with a bare 500, so no internal detail
/// reaches a client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as InputError {
            return try APIError(error).response(from: request, context: context)
        } catch let error as HTTPResponseError {
            let message: String
            switch error.status {
            case .contentTooLarge: message = "the request body is larger than the limit"
            case .notFound: message = "no such page or endpoint"
            case .methodNotAllowed: message = "method not allowed here"
            default: message = error.status.reasonPhrase
            }
            return try APIError(error.status, message).response(from: request, context: context)
        } catch {
            context.logger.error("internal error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return try APIError(.internalServerError, "internal error").response(from: request, context: context)
        }
    }
}

/// Security headers on every response: a Content-Security-Policy that allows scripts and styles
/// only from this server (no inline script), no sniffing, no framing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }

    static var policy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[SecurityHeadersMiddleware.frameOptions] = "DENY"
        response.headers[SecurityHeadersMiddleware.referrerPolicy] = "no-referrer"
        return response
    }
}
