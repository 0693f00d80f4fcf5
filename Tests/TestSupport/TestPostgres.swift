import Foundation

/// The throwaway PostgreSQL cluster that `scripts/test` starts for the tests (and removes at exit):
/// its URL in `ALIGNSCALE_TEST_POSTGRES_URL`, and a control script in
/// `ALIGNSCALE_TEST_POSTGRES_CTL` that takes `stop` or `start`.
public enum TestPostgres {
    /// The cluster's URL (a superuser on its `postgres` database), or `nil` when the tests run
    /// without `scripts/test`.
    public static var url: String? {
        ProcessInfo.processInfo.environment["ALIGNSCALE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Why a PostgreSQL test cannot run, for its failure message.
    public static let missing =
        "no PostgreSQL for the tests: ALIGNSCALE_TEST_POSTGRES_URL is unset (./scripts/test starts a throwaway cluster)"

    /// A new, empty database on the cluster; answers its URL.
    public static func freshDatabase() async throws -> String {
        guard let url else { throw TestPostgresError(message: missing) }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let result = try await Subprocess.run(
            "/usr/bin/env", ["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE \(name)"])
        guard result.status == 0 else { throw TestPostgresError(message: "CREATE DATABASE failed: \(result.output)") }
        guard let slash = url.range(of: "/", options: .backwards) else { throw TestPostgresError(message: "bad URL \(url)") }
        return String(url[..<slash.lowerBound]) + "/" + name
    }

    /// Stops (`stop`) or starts (`start`) the cluster, waiting until it has.
    public static func control(_ action: String) async throws {
        guard let script = ProcessInfo.processInfo.environment["ALIGNSCALE_TEST_POSTGRES_CTL"] else {
            throw TestPostgresError(message: "ALIGNSCALE_TEST_POSTGRES_CTL is unset (./scripts/test sets it)")
        }
        let result = try await Subprocess.run(script, [action])
        guard result.status == 0 else { throw TestPostgresError(message: "\(action) failed: \(result.output)") }
    }
}

public struct TestPostgresError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
