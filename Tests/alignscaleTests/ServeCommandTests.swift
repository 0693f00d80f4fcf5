import Foundation
import TestSupport
import Testing

/// `alignscale serve` as a user runs it: a real server process, a real browser.
@Suite("alignscale serve")
struct ServeCommandTests {
    /// Starts the server on a free port with a fresh database; returns the process and its URL.
    static func start(_ folder: TemporaryFolder, environment: [String: String] = [:]) throws -> (Process, String) {
        for _ in 0..<20 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.executable)
            process.arguments = ["serve", "--port", String(port), "--db", folder.path + "/serve.sqlite"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let log = FileHandle(forWritingAtPath: folder.write("serve.log", "")) ?? FileHandle.nullDevice
            process.standardOutput = log
            process.standardError = log
            try process.run()
            // Wait until it answers, or try another port if it exits (port taken).
            for _ in 0..<100 {
                if !process.isRunning { break }
                if (try? runTool("/usr/bin/env", ["curl", "-sf", "http://127.0.0.1:\(port)/healthz"]).status) == 0 {
                    return (process, "http://127.0.0.1:\(port)")
                }
                usleep(100_000)
            }
            if process.isRunning { process.terminate() }
        }
        throw CocoaError(.featureUnsupported)
    }

    /// Selenium drives headless Chromium through the explorer, the survey and the results
    /// (Tests/Browser/explorer_test.py); screenshots go to test-artifacts/. Then SIGTERM stops the
    /// server cleanly (exit status 0).
    @Test func browserAndGracefulShutdown() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let (server, url) = try Self.start(folder)
        defer { if server.isRunning { server.terminate() } }
        let artifacts = repositoryRoot + "/test-artifacts"
        let (status, output) = try runTool(
            "/usr/bin/env", ["python3", repositoryRoot + "/Tests/Browser/explorer_test.py", url, artifacts])
        #expect(status == 0, "\(output)")
        #expect(output.contains("shared URL reproduces") && output.contains("results count went from 0 to 1"), "\(output)")
        for name in ["explorer-1280x800", "explorer-390x844", "results-1280x800", "results-390x844"] {
            #expect(FileManager.default.fileExists(atPath: "\(artifacts)/\(name).png"))
        }
        server.terminate()  // SIGTERM
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
        let log = (try? String(contentsOfFile: folder.path + "/serve.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("Fatal error"), "\(log)")
    }

    @Test func adminListingNeedsTheToken() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let (server, url) = try Self.start(folder, environment: ["ALIGNSCALE_ADMIN_TOKEN": "t0ken"])
        defer { server.terminate() }
        let denied = try runTool("/usr/bin/env", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "\(url)/api/responses"])
        #expect(denied.output == "401")
        let allowed = try runTool(
            "/usr/bin/env",
            ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer t0ken", "\(url)/api/responses"])
        #expect(allowed.output == "200")
    }
}
