import Foundation
import TestSupport
import Testing

/// Several `alignscale serve` instances sharing one PostgreSQL database, as a public survey runs.
@Suite("alignscale serve on PostgreSQL")
struct PostgresServeTests {
    static let token = "t0ken"

    /// What `Tests/Load/survey_burst.py` printed.
    struct Burst: Decodable {
        let statuses: [String: Int]
        let created: [String]
        let seconds: Double
        struct Failure: Decodable, CustomStringConvertible {
            let id: String
            let status: String
            let body: String
            var description: String { "\(id): \(status) \(body)" }
        }
        let failures: [Failure]
        /// The median time each status took to arrive.
        let medianSeconds: [String: Double]
        enum CodingKeys: String, CodingKey {
            case statuses, created, seconds, failures
            case medianSeconds = "median_seconds"
        }
    }

    static func burst(count: Int, concurrency: Int, prefix: String, urls: [String], delay: Int = 0) async throws -> Burst {
        let result = try await Subprocess.run(
            "/usr/bin/env",
            ["python3", repositoryRoot + "/Tests/Load/survey_burst.py", String(count), String(concurrency), prefix] + urls,
            environment: ["BURST_DELAY_MS": String(delay)])
        guard result.status == 0, let burst = try? JSONDecoder().decode(Burst.self, from: Data(result.stdout.utf8)) else {
            throw TestPostgresError(message: "the burst failed: \(result.output)")
        }
        return burst
    }

    static func get(_ url: String, token: String? = nil) async throws -> ProcessOutput {
        try await Subprocess.run(
            "/usr/bin/env",
            ["curl", "-s", "-w", "\n%{http_code}", url] + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? []))
    }

    /// The body and status of a GET.
    static func fetch(_ url: String, token: String? = nil) async throws -> (body: String, status: Int) {
        let output = try await get(url, token: token).stdout
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.dropLast().joined(separator: "\n"), Int(lines.last ?? "") ?? 0)
    }

    /// Client connections open to the database at `url`, as PostgreSQL's own `pg_stat_activity`
    /// counts them (asked from the cluster's maintenance database, so the question is not one of
    /// them; autovacuum's workers are not clients).
    static func connections(to url: String) async throws -> Int {
        let name = String(url.split(separator: "/").last ?? "")
        let result = try await Subprocess.run(
            "/usr/bin/env",
            [
                "psql", try #require(TestPostgres.url), "-tAc",
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(name)' AND backend_type = 'client backend'",
            ])
        guard result.status == 0, let count = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestPostgresError(message: "pg_stat_activity: \(result.output)")
        }
        return count
    }

    static func storedIDs(_ server: String) async throws -> [String] {
        let (body, status) = try await fetch(server + "/api/responses", token: token)
        guard status == 200, let rows = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] else {
            throw TestPostgresError(message: "listing failed (\(status)): \(body.prefix(300))")
        }
        return rows.compactMap { $0["id"] as? String }
    }

    /// Two instances on different ports, one database: 1000 concurrent posts split across both are
    /// exactly 1000 rows, and both instances give the same summary; neither opens more connections
    /// than `--store-connections`. Each instance logs a line per
    /// request (never the body) and counts requests in /metrics, which only the administrator reads.
    @Test func twoInstancesOneSurvey() async throws {
        guard TestPostgres.url != nil else {
            Issue.record(Comment(rawValue: TestPostgres.missing))
            return
        }
        let database = try await TestPostgres.freshDatabase()
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let environment = ["ALIGNSCALE_ADMIN_TOKEN": Self.token]
        let pool = ["--store-connections", "3"]
        let a = try await ServeCommandTests.start(
            folder, environment: environment, arguments: ["--instance-name", "alpha"] + pool, database: database)
        let b = try await ServeCommandTests.start(
            folder, environment: environment, arguments: ["--instance-name", "beta"] + pool, database: database)
        defer {
            a.process.terminate()
            b.process.terminate()
        }

        // While 64 clients post, PostgreSQL itself counts the connections to this database: each
        // instance's pool stays within its bound.
        // (The pools keep their connections open once the burst is over, so sampling for about a
        // second covers it.)
        async let posted = Self.burst(count: 1000, concurrency: 64, prefix: "two", urls: [a.url, b.url])
        var peak = 0
        for _ in 0..<30 {
            peak = max(peak, try await Self.connections(to: database))
            try await Task.sleep(for: .milliseconds(20))
        }
        let burst = try await posted
        peak = max(peak, try await Self.connections(to: database))
        #expect(peak >= 2 && peak <= 6, "\(peak) connections from two pools of at most 3")
        #expect(burst.statuses == ["201": 1000], "\(burst.statuses)")
        let ids = try await Self.storedIDs(a.url)
        #expect(ids.count == 1000 && Set(ids) == Set(burst.created))
        #expect(Set(try await Self.storedIDs(b.url)) == Set(ids))
        let summaryA = try await Self.fetch(a.url + "/api/responses/summary")
        let summaryB = try await Self.fetch(b.url + "/api/responses/summary")
        #expect(
            summaryA.status == 200 && summaryA.body == summaryB.body,
            "\(summaryA.body.prefix(300)) vs \(summaryB.body.prefix(300))")
        #expect(summaryA.body.contains("\"responses\": 1000"), "\(summaryA.body.prefix(200))")

        let health = try await Self.fetch(a.url + "/healthz")
        #expect(health.status == 200 && health.body.contains("\"backend\": \"postgresql\""), "\(health.body)")

        // Metrics: closed to the public, and between them the instances counted every post.
        #expect(try await Self.fetch(a.url + "/metrics").status == 401)
        var counted = 0
        for server in [a, b] {
            let metrics = try await Self.fetch(server.url + "/metrics", token: Self.token)
            #expect(metrics.status == 200)
            let line = metrics.body.split(separator: "\n").first {
                $0.hasPrefix("alignscale_http_requests_total{") && $0.contains("route=\"/api/responses\"")
                    && $0.contains("status=\"201\"")
            }
            counted += Int(line?.split(separator: " ").last ?? "") ?? 0
            #expect(metrics.body.contains("alignscale_http_request_duration_seconds_bucket"))
            #expect(metrics.body.contains("alignscale_heavy_queue_depth"))
        }
        #expect(counted == 1000, "the instances counted \(counted) posts")

        // The access log: a line per request with the instance's name, never a body.
        let log = try String(contentsOfFile: a.log, encoding: .utf8)
        let lines = log.split(separator: "\n").filter { $0.contains("POST /api/responses 201") }
        #expect(lines.count >= 400, "\(lines.count) access lines")
        #expect(lines.allSatisfy { $0.contains("instance=alpha") && $0.contains("duration_ms=") })
        #expect(!log.contains("beliefs") && !log.contains("two-1\""), "the log holds request bodies")
    }

    /// The database stops in the middle of a burst and starts again: every post answered 201 is
    /// stored, every other was answered 503 (never 500, never a dropped connection), and both
    /// instances serve again without a restart. Runs on its own cluster, so stopping it disturbs
    /// no other test.
    @Test func databaseGoesAwayAndComesBack() async throws {
        let started = try await Subprocess.run(repositoryRoot + "/scripts/postgres-for-tests", ["start"])
        guard started.status == 0 else {
            Issue.record(Comment(rawValue: "could not start a PostgreSQL cluster: \(started.output)"))
            return
        }
        var exports: [String: String] = [:]
        for line in started.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { exports[pair[0]] = pair[1] }
        }
        let directory = try #require(exports["ALIGNSCALE_TEST_POSTGRES_DIR"])
        let control = try #require(exports["ALIGNSCALE_TEST_POSTGRES_CTL"])
        let url = try #require(exports["ALIGNSCALE_TEST_POSTGRES_URL"])
        defer {
            _ = try? Process.run(
                URL(fileURLWithPath: repositoryRoot + "/scripts/postgres-for-tests"), arguments: ["remove", directory]
            ).waitUntilExit()
        }

        let folder = TemporaryFolder()
        defer { folder.remove() }
        let environment = ["ALIGNSCALE_ADMIN_TOKEN": Self.token]
        let timeout = ["--store-timeout", "1.5"]
        let a = try await ServeCommandTests.start(folder, environment: environment, arguments: timeout, database: url)
        let b = try await ServeCommandTests.start(folder, environment: environment, arguments: timeout, database: url)
        defer {
            a.process.terminate()
            b.process.terminate()
        }

        async let burst = Self.burst(count: 1200, concurrency: 8, prefix: "fault", urls: [a.url, b.url], delay: 20)
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await Subprocess.run(control, ["stop"]).status == 0)
        try await Task.sleep(for: .seconds(4))  // longer than --store-timeout: some posts must be answered 503
        #expect(try await Subprocess.run(control, ["start"]).status == 0)
        let result = try await burst
        print(
            "fault test: \(result.statuses) over \(String(format: "%.1f", result.seconds)) s, median times \(result.medianSeconds)"
        )

        #expect(Set(result.statuses.keys).isSubset(of: ["201", "503"]), "\(result.statuses): \(result.failures)")
        #expect((result.statuses["503"] ?? 0) > 0, "the outage did not fall within the burst: \(result.statuses)")
        #expect((result.statuses["201"] ?? 0) > 0)
        // Once an instance has found the database down, it says so at once: a refused connection
        // takes milliseconds, so most 503s do not wait out the 1.5 s limit (each used to).
        #expect((result.medianSeconds["503"] ?? 0) < 1.0, "503s took a median \(result.medianSeconds["503"] ?? 0) s")
        for server in [a, b] {
            var healthy = false
            for _ in 0..<100 where !healthy {
                healthy = try await Self.fetch(server.url + "/healthz").status == 200
                if !healthy { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(healthy, "\(server.url) did not recover")
            #expect(server.process.isRunning)
        }
        let stored = Set(try await Self.storedIDs(a.url))
        let lost = Set(result.created).subtracting(stored)
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost.prefix(5))")
        let after = try await Self.burst(count: 20, concurrency: 4, prefix: "after", urls: [a.url, b.url])
        #expect(after.statuses == ["201": 20], "\(after.statuses)")
    }

    /// The command line on PostgreSQL: the same subcommands, the password taken from the URL or
    /// PGPASSWORD and never shown.
    @Test func responsesCommandsOnPostgres() async throws {
        guard TestPostgres.url != nil else {
            Issue.record(Comment(rawValue: TestPostgres.missing))
            return
        }
        let database = try await TestPostgres.freshDatabase()
        let beliefs = "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1"
        #expect(try await CLI.run(["responses", "add", "--id", "ana", "--beliefs", beliefs, "--db", database]).status == 0)
        let viaEnvironment = try await CLI.run(
            ["responses", "add", "--id", "bo", "--beliefs", beliefs], environment: ["ALIGNSCALE_DATABASE_URL": database])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
        let duplicate = try await CLI.run(["responses", "add", "--id", "ana", "--beliefs", beliefs, "--db", database])
        #expect(duplicate.status == 2 && duplicate.stderr.contains("already stored"))
        let listed = try await CLI.run(["responses", "list", "--format", "json", "--db", database])
        #expect(listed.status == 0 && listed.stdout.contains("\"ana\"") && listed.stdout.contains("\"bo\""))

        let unreachable = try await CLI.run(
            ["responses", "list", "--db", "postgres://ana:hunter2@127.0.0.1:9/survey"], environment: [:])
        #expect(unreachable.status == 1, "\(unreachable.output)")
        #expect(!unreachable.output.contains("hunter2") && unreachable.stderr.contains("postgres://ana:***@127.0.0.1:9/survey"))
        let malformed = try await CLI.run(["responses", "list", "--db", "postgres://ana:hunter2@/survey"])
        #expect(malformed.status == 2 && !malformed.output.contains("hunter2"), "\(malformed.output)")

        // The test cluster wants a password over TCP: from PGPASSWORD when the URL has none, and a
        // wrong one is the operator's mistake (exit 2, at --db), shown masked.
        var components = try #require(URLComponents(string: database))
        let password = try #require(components.password)
        components.password = nil
        let bare = try #require(components.string)
        let fromEnvironment = try await CLI.run(
            ["responses", "list", "--format", "json", "--db", bare], environment: ["PGPASSWORD": password])
        #expect(fromEnvironment.status == 0 && fromEnvironment.stdout.contains("\"ana\""), "\(fromEnvironment.output)")
        #expect(!fromEnvironment.output.contains(password))
        let wrong = database.replacingOccurrences(of: ":\(password)@", with: ":hunter2@")
        let refused = try await CLI.run(["responses", "list", "--db", wrong])
        #expect(refused.status == 2 && refused.stderr.contains("--db"), "\(refused.output)")
        #expect(!refused.output.contains("hunter2") && refused.stderr.contains(":***@"), "\(refused.output)")
        let missing = try await CLI.run(["responses", "list", "--db", bare])
        #expect(missing.status == 2 && missing.stderr.contains("--db"), "\(missing.output)")
    }
}
