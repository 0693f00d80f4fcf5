import AlignmentScale
import AlignmentScaleStore
import Hummingbird
import NIOHTTP1

/// Turns every error a handler throws into a JSON response: input errors and API errors keep
/// their message; anything else is logged and answered with a bare 500, so no internal detail
/// reaches a client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Counts the store's failures.
    var metrics: ExplorerMetrics?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as InputError {
            return try APIError(error).response(from: request, context: context)
        } catch let error as StoreUnavailable {
            // The client may try again once the database is back (a post answered 201 is stored;
            // one answered 503 was not acknowledged, and trying it again is safe).
            context.logger.warning("response store unavailable", metadata: ["reason": "\(error.reason)"])
            metrics?.recordStoreError(kind: "unavailable")
            return try APIError(
                .serviceUnavailable,
                "the response store is unavailable for a moment (\(error.reason)); your answer was not acknowledged, try again shortly",
                retryAfter: 2
            ).response(from: request, context: context)
        } catch let error as HTTPParserError {
            // A malformed request (such as broken chunked encoding) is the client's error.
            return try APIError(.badRequest, "the request is not well-formed HTTP (\(error))")
                .response(from: request, context: context)
        } catch let error as StoreFailure {
            context.logger.error("response store failed", metadata: ["reason": "\(error.reason)"])
            metrics?.recordStoreError(kind: "failure")
            return try APIError(.internalServerError, "the response store failed; nothing was stored")
                .response(from: request, context: context)
        } catch let error as MethodNotAllowed {
            return try error.response(from: request, context: context)
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
