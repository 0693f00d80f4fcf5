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
    /// Seconds a client should wait before trying again (a 503).
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, path: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.path = path
        self.retryAfter = retryAfter
    }

    /// The CLI's message for bad input, with the field path: 400, or 422 for input that is valid
    /// but asks for more than this server allows.
    public init(_ error: InputError) {
        self.init(
            error.category == .unsupported ? .unprocessableContent : .badRequest, error.description,
            path: error.path.isEmpty ? nil : error.path.description)
    }

    public var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { fields[.retryAfter] = String(retryAfter) }
        return fields
    }

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
