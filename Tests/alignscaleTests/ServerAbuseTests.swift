import AlignmentScale
import Foundation
import TestSupport
import Testing

/// `alignscale serve` under the attacks an outside review made (Tests/Load/attacks.py sends them
/// from a second process, on loopback). Each test failed on the server before these defences.
@Suite("alignscale serve under abuse", .serialized)
struct ServerAbuseTests {
    static let attacks = repositoryRoot + "/Tests/Load/attacks.py"

    static func attack(_ arguments: [String]) async throws -> [String: Any] {
        let run = try await Subprocess.run("/usr/bin/env", ["python3", attacks] + arguments)
        #expect(run.status == 0, "\(run.output)")
        return run.json
    }

    /// A valid scenario of 60 programs, some uncertain (within the server's limits).
    static func sixty(_ folder: TemporaryFolder) async throws -> String {
        let path = folder.path + "/sixty.json"
        _ = try await attack(["scenario60", path])
        return path
    }

    static func post(_ url: String, file: String) async throws -> (status: String, body: String) {
        let run = try await Subprocess.run(
            "/usr/bin/env",
            ["curl", "-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json", "--data-binary", "@" + file, url])
        let parts = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(parts.last ?? ""), parts.dropLast().joined(separator: "\n"))
    }

    /// The alias bomb (1000 aliases of a level whose risks are 1000 aliases, about 8 KB) is refused
    /// as too large once expanded, before anything is built; the server answers at once and stays up.
    @Test func theAliasBombIsRefusedBeforeItIsBuilt() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let server = try await ServeCommandTests.start(folder)
        let levels = Array(repeating: "*l", count: 999).joined(separator: ",")
        let risks = Array(repeating: "*r", count: 999).joined(separator: ",")
        let bomb = """
            {"version": 1, "beliefs": [1], "budget": 1, "programs": [],
             "scale": {"levels": [&l {"level": 1, "name": "x", "band": "green", "risks": [&r "x",\(risks)]},\(levels)]}}
            """
        let file = try folder.write("bomb.json", bomb)
        for endpoint in ["evaluate", "voi", "yaml"] {
            let (status, body) = try await Self.post(server.url + "/api/\(endpoint)", file: file)
            // Not JSON (JSON has no aliases), and refused as such, or as too large: never built.
            #expect(status == "400" || status == "422", "\(endpoint): \(status) \(body)")
        }
        let yaml = try folder.write("bomb.yaml", ScenarioBomb.yaml)
        let (status, body) = try await Self.post(server.url + "/api/evaluate", file: yaml)
        #expect(status == "422", "\(status) \(body)")
        #expect(body.contains("once aliases are expanded"), "\(body)")
        let health = try await Subprocess.run("/usr/bin/env", ["curl", "-s", "-m", "2", server.url + "/healthz"])
        #expect(health.stdout.contains("\"ok\""))
        await server.stop()
    }

    /// A client that closes its connection mid-request stops its work within a second, on every
    /// heavy endpoint. The client leaves once the server has spent 0.3 s of CPU on its request (so
    /// the work is under way); what the server spends after that is counted in CPU seconds until it
    /// is idle, so a machine busy with other tests does not change the figure. Before, every one of
    /// these worked on until the time limit (two minutes here).
    @Test func workStopsWhenTheClientLeaves() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let sixty = try await Self.sixty(folder)
        let uncertain = repositoryRoot + "/Benchmarks/scenarios/uncertain-10-programs.json"
        let server = try await ServeCommandTests.start(folder, arguments: ["--max-samples", "100000000", "--time-limit", "120"])
        let pid = String(server.process.processIdentifier)
        let requests: [(String, String, String)] = [
            ("evaluate", "samples=60000000", uncertain), ("margins", "samples=60000000", uncertain),
            ("optimize", "samples=100000", sixty), ("race", "trajectories=60000000", uncertain),
            ("sensitivity", "samples=100000", sixty), ("study", "cases=2000", sixty), ("voi", "", sixty),
            ("report", "", sixty),
        ]
        for (endpoint, query, body) in requests {
            let result = try await Self.attack(["cancel", server.url, pid, endpoint, query, body])
            #expect(result["answered_before_leaving"] as? Bool == false, "\(endpoint) finished too soon to test: \(result)")
            #expect((result["cpu_before_leaving"] as? Double ?? 0) >= 0.3, "\(endpoint) never got going: \(result)")
            #expect(result["idle_after_seconds"] is Double, "\(endpoint) kept working after its client left: \(result)")
            // Well under a second of one core's work (each long loop polls the flag).
            #expect(
                (result["cpu_after_leaving"] as? Double ?? .infinity) < 0.5,
                "\(endpoint) kept working after its client left: \(result)")
        }
        await server.stop()
    }

    /// Light requests are answered promptly while four clients send 60-program value-of-information
    /// requests (heavy by their cost, whatever the endpoint) or 1 MiB bodies (read on the heavy pool).
    @Test func lightRequestsAreNotStarved() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let sixty = try await Self.sixty(folder)
        let numbers = Array(repeating: "0.1", count: 260_000).joined(separator: ",")
        let big = try folder.write(
            "big.json", "{\"version\": 1, \"budget\": 1, \"programs\": [], \"beliefs\": [\(numbers)]}")
        #expect((try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int ?? 0) > 1_000_000)
        let server = try await ServeCommandTests.start(folder, arguments: ["--time-limit", "20"])
        for (kind, body) in [("voi60", sixty), ("big", big)] {
            let result = try await Self.attack(["light", server.url, "8", kind, body])
            #expect(result["light_statuses"] as? [Int] == [200], "\(kind): \(result)")
            #expect((result["light_max"] as? Double ?? .infinity) < 3, "\(kind): \(result)")
            #expect((result["light_requests"] as? Int ?? 0) >= 5, "\(kind): \(result)")
        }
        await server.stop()
    }

    /// Malformed and hostile requests get the status that says what is wrong, never a 500.
    @Test func hostileRequestsGetTheirStatus() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let server = try await ServeCommandTests.start(folder)
        let expected = ["no-host": 400, "two-hosts": 400, "bad-chunk": 400, "huge-length": 413, "rebinding": 403]
        for (name, status) in expected.sorted(by: { $0.key < $1.key }) {
            let result = try await Self.attack(["raw", server.url, name])
            #expect(result["status"] as? Int == status, "\(name): \(result)")
        }
        // A declared oversize length is refused before any body byte is sent.
        let huge = try await Self.attack(["raw", server.url, "huge-length"])
        #expect((huge["seconds"] as? Double ?? .infinity) < 1, "\(huge)")
        await server.stop()
    }

    /// A kept-alive connection lasts the idle timeout between requests, not the read deadline,
    /// while a client that connects and says nothing is still cut off at the read deadline.
    @Test func idleConnectionsLastTheIdleTimeout() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let server = try await ServeCommandTests.start(folder, arguments: ["--read-timeout", "1", "--idle-timeout", "6"])
        let kept = try await Self.attack(["idle", server.url, "2.5"])
        #expect(kept["first"] as? Bool == true && kept["after_idle"] as? Bool == true, "\(kept)")
        let dropped = try await Self.attack(["idle", server.url, "8"])
        #expect(dropped["first"] as? Bool == true && dropped["after_idle"] as? Bool == false, "\(dropped)")
        await server.stop()
    }

    /// A full disk answers 503 with Retry-After (nothing stored, nothing lost), `/healthz` says the
    /// writes fail, and both recover once there is room. The store lives on a tiny tmpfs.
    @Test func aFullDiskIsUnavailableNotAnInternalError() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let mount = folder.path + "/tiny"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let mounted = try await Subprocess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount])
        try #require(mounted.status == 0, "this test mounts a tmpfs (as root, as the test script runs): \(mounted.output)")
        defer { _ = try? Process.run(URL(fileURLWithPath: "/bin/umount"), arguments: ["-l", mount]) }
        let server = try await ServeCommandTests.start(folder, database: mount + "/store.sqlite")
        func post(_ id: String) async throws -> ProcessOutput {
            try await Subprocess.run(
                "/usr/bin/env",
                [
                    "curl", "-s", "-i", "-H", "Content-Type: application/json", "--data",
                    "{\"id\": \"\(id)\", \"beliefs\": [0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1], \"comment\": \"\(String(repeating: "x", count: 1900))\"}",
                    server.url + "/api/responses",
                ])
        }
        #expect(try await post("first").stdout.hasPrefix("HTTP/1.1 201"))
        // Fill what is left of the disk.
        _ = try await Subprocess.run("/bin/dd", ["if=/dev/zero", "of=\(mount)/filler", "bs=4k"])
        var refused: ProcessOutput?
        for i in 0..<40 {
            let answer = try await post("full-\(i)")
            if !answer.stdout.hasPrefix("HTTP/1.1 201") {
                refused = answer
                break
            }
        }
        let answer = try #require(refused, "the tiny disk never filled")
        #expect(answer.stdout.hasPrefix("HTTP/1.1 503"), "\(answer.stdout.prefix(400))")
        #expect(answer.stdout.lowercased().contains("retry-after:"))
        #expect(answer.stdout.contains("disk"))
        let degraded = try await Subprocess.run("/usr/bin/env", ["curl", "-s", "-w", "\n%{http_code}", server.url + "/healthz"])
        #expect(degraded.stdout.hasSuffix("\n503") && degraded.stdout.contains("failing"), "\(degraded.stdout)")
        try FileManager.default.removeItem(atPath: mount + "/filler")
        #expect(try await post("after").stdout.hasPrefix("HTTP/1.1 201"))
        let healthy = try await Subprocess.run("/usr/bin/env", ["curl", "-s", "-w", "\n%{http_code}", server.url + "/healthz"])
        #expect(healthy.stdout.hasSuffix("\n200"), "\(healthy.stdout)")
        await server.stop()
    }
}

/// The alias bomb of the review, in YAML.
enum ScenarioBomb {
    static var yaml: String {
        let levels = Array(repeating: "*l", count: 999).joined(separator: ",")
        let risks = Array(repeating: "*r", count: 999).joined(separator: ",")
        return """
            version: 1
            beliefs: [1]
            budget: 1
            programs: []
            scale:
              levels: [&l {level: 1, name: x, band: green, risks: [&r x,\(risks)]},\(levels)]

            """
    }
}
