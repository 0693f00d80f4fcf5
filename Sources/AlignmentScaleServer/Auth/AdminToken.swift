import Hummingbird

/// The administrator's bearer token: required to list individual responses and to post weighted ones.
struct AdminToken: Sendable {
    let token: String?

    /// Whether the request carries `Authorization: Bearer TOKEN` with the right token, compared in
    /// time that does not depend on where the first difference is.
    func authorizes(_ request: Request) -> Bool {
        guard let token, !token.isEmpty, let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            return false
        }
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        let wanted = Array(token.utf8)
        var difference = UInt8(given.count == wanted.count ? 0 : 1)
        for i in 0..<wanted.count { difference |= wanted[i] ^ (i < given.count ? given[i] : 0) }
        return difference == 0
    }

    /// Throws unless the request is the administrator's: 404 when no token is configured (the
    /// endpoint does not exist), 401 otherwise.
    /// - Parameter what: what the endpoint gives, for the 404's message.
    func require(_ request: Request, what: String = "listing responses") throws {
        guard let token, !token.isEmpty else {
            throw APIError(.notFound, "\(what) is disabled: this server has no administrator's token")
        }
        guard authorizes(request) else {
            throw APIError(.unauthorized, "this endpoint needs Authorization: Bearer <admin token>")
        }
    }
}
