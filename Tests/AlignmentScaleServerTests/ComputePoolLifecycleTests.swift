import AlignmentScale
import AlignmentScaleIO
@_spi(Testing) import AlignmentScaleServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import TestSupport
import Testing

/// The compute pools' threads end with the server: at a graceful shutdown, and when the last
/// explorer holding them is released (a process that makes many explorers, such as this suite,
/// used to keep every one's threads for ever).
@Suite("The compute pools' lifecycle")
struct ComputePoolLifecycleTests {
    /// Waits up to 10 s for `pool`'s threads to end; answers how many are left.
    static func threadsLeft(_ pool: ComputePool) async throws -> Int {
        let start = ContinuousClock.now
        while pool.threads > 0 && ContinuousClock.now - start < .seconds(10) { try await Task.sleep(for: .milliseconds(10)) }
        return pool.threads
    }

    static func configuration(_ folder: TemporaryFolder) -> ExplorerConfiguration {
        ExplorerConfiguration(database: folder.path + "/t.sqlite", heavyWorkers: 2, lightWorkers: 3)
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test func releasingTheLastExplorerEndsItsThreads() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var explorer: Explorer? = try await Explorer.open(configuration: Self.configuration(folder), logger: Self.quietLogger)
        let (light, heavy) = (explorer!.pools.light, explorer!.pools.heavy)
        #expect(light.threads == 3 && heavy.threads == 2)
        explorer = nil
        #expect(try await Self.threadsLeft(light) == 0)
        #expect(try await Self.threadsLeft(heavy) == 0)
    }

    /// A graceful shutdown of the application (what SIGTERM does) stops the HTTP server first,
    /// then the pools: their threads end although the explorer is still held.
    @Test func aGracefulShutdownStopsThePools() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var configuration = Self.configuration(folder)
        configuration.port = 0
        let explorer = try await Explorer.open(configuration: configuration, logger: Self.quietLogger)
        let group = ServiceGroup(
            configuration: .init(services: [explorer.application(logger: Self.quietLogger)], logger: Self.quietLogger))
        async let running: Void = group.run()
        while explorer.pools.light.threads != 3 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(200))
        await group.triggerGracefulShutdown()
        try await running
        #expect(try await Self.threadsLeft(explorer.pools.light) == 0)
        #expect(try await Self.threadsLeft(explorer.pools.heavy) == 0)
    }

    /// Once stopped, work already running finishes with its answer; work waiting in the queue and
    /// new work are refused at once with a 503 that says why (not a hang: no thread is left to run it).
    @Test func stoppedPoolsFinishRunningWorkAndRefuseTheRest() async throws {
        try await ExplorerTesting.with(.init(heavyWorkers: 1, heavyQueue: 1, timeLimit: 60)) { client, explorer in
            let finished = Finished()
            // Seconds of heavy work on the one heavy thread, and a second job queued behind it.
            async let running: Void = client.post(
                "/api/race?trajectories=200000&horizon=100", ExplorerTesting.defaultScenario
            ) { response in
                #expect(response.status == .ok)
                finished.mark("running")
            }
            while explorer.computeLoad.heavy.running == 0 { try await Task.sleep(for: .milliseconds(5)) }
            async let queued: Void = client.post("/api/race?trajectories=1000", ExplorerTesting.defaultScenario) {
                response in
                #expect(response.status == .serviceUnavailable)
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.error.contains("shutting down") == true)
                finished.mark("queued")
            }
            while explorer.computeLoad.heavy.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
            explorer.pools.stop()
            try await client.post("/api/evaluate", ExplorerTesting.defaultScenario) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(ExplorerTesting.decode(ErrorBody.self, response)?.error.contains("shutting down") == true)
            }
            try await queued
            try await running
            #expect(finished.order == ["queued", "running"], "the queued job waited for the running one")
            #expect(try await Self.threadsLeft(explorer.pools.heavy) == 0)
            #expect(try await Self.threadsLeft(explorer.pools.light) == 0)
        }
    }
}

/// The order in which answers arrived.
private final class Finished: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func mark(_ name: String) { lock.withLock { names.append(name) } }
    var order: [String] { lock.withLock { names } }
}
