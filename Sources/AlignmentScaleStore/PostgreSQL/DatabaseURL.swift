import AlignmentScale
import Foundation

/// A PostgreSQL connection URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`.
///
/// The password comes from the URL or, when the URL has none, from `PGPASSWORD`; it is never
/// printed: ``masked`` is the URL as messages and logs show it.
public struct DatabaseURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable {
        /// Plain TCP (a database on loopback or a private network).
        case disable
        /// TLS when the server offers it, plain otherwise (the default, as `psql` does).
        case prefer
        /// TLS or no connection.
        case require
    }

    public let user: String
    public let password: String?
    public let host: String
    public let port: Int
    public let database: String
    public let tls: TLSMode

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// - Throws: ``StoreLocationError`` saying which part is missing or malformed (the password
    ///   masked in the message).
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let shown = DatabaseURL.mask(text)
        func refuse(_ expected: String, found: String) -> StoreLocationError {
            StoreLocationError(
                expected: expected, found: found,
                hint: "write postgres://USER@HOST:PORT/DATABASE (the password in the URL or in PGPASSWORD)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme)
        else {
            throw refuse("a postgres:// URL", found: "'\(InputError.clip(shown, limit: 200))'")
        }
        guard let user = components.user, !user.isEmpty else {
            throw refuse("a user name before @", found: "'\(InputError.clip(shown, limit: 200))'")
        }
        guard let host = components.host, !host.isEmpty else {
            throw refuse("a host after @", found: "'\(InputError.clip(shown, limit: 200))'")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw refuse("a database name after the host (/DATABASE)", found: "'\(InputError.clip(shown, limit: 200))'")
        }
        var mode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, let parsed = TLSMode(rawValue: value) else {
                throw refuse(
                    "only ?sslmode=disable, prefer or require after the database",
                    found: "'\(InputError.clip("\(item.name)=\(item.value ?? "")", limit: 60))'")
            }
            mode = parsed
        }
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.host = host
        self.port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        self.tls = mode
        guard (1...65535).contains(port) else { throw refuse("a port from 1 to 65535", found: "\(port)") }
    }

    /// The URL without its password, for messages and logs.
    public var masked: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// `text` with any password between `://user:` and `@` replaced by `***`.
    public static func mask(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") else {
            return text
        }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
