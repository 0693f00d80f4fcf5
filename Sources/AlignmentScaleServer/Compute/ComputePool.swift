import AlignmentScale
import Foundation
import NIOCore
import ServiceLifecycle

/// A flag that long computations poll to stop early: set at a request's deadline or when its
/// client goes away.
final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    /// A flag that cancels this one too (the connection's, for a request's).
    private let parent: Cancellation?

    init(parent: Cancellation? = nil) { self.parent = parent }

    var isCancelled: Bool { lock.withLock { cancelled } || parent?.isCancelled == true }
    func cancel() { lock.withLock { cancelled = true } }
}

/// One cancellation flag per open connection, set when it closes: each request's flag has it as
/// parent. A connection registers one close handler in its life, however many requests it carries
/// (a handler per request would pile up on a long-lived keep-alive connection).
final class ConnectionFlags: @unchecked Sendable {
    private let lock = NSLock()
    private var flags: [ObjectIdentifier: Cancellation] = [:]

    /// The flag of `channel`, created (with its close handler) on the first request.
    func flag(for channel: any Channel) -> Cancellation {
        let key = ObjectIdentifier(channel)
        let (flag, isNew) = lock.withLock { () -> (Cancellation, Bool) in
            if let flag = flags[key] { return (flag, false) }
            let flag = Cancellation()
            flags[key] = flag
            return (flag, true)
        }
        // Outside the lock: on a connection already closed the handler may run at once.
        if isNew {
            channel.closeFuture.whenComplete { [weak self] _ in
                flag.cancel()
                self?.forget(key)
            }
        }
        return flag
    }

    private func forget(_ key: ObjectIdentifier) { lock.withLock { _ = flags.removeValue(forKey: key) } }

    /// Open connections that have carried a request.
    var count: Int { lock.withLock { flags.count } }
}

/// Runs CPU-bound work on threads of its own, a bounded number at a time, with a bounded queue
/// and a deadline: off the event loops and off Swift concurrency's cooperative threads.
///
/// The server keeps two: one for exact analyses (about a millisecond to a second each) and one for
/// heavy jobs (Monte Carlo, the race, sensitivity, the study). Light work never queues behind heavy
/// work, and heavy jobs never outnumber the cores. A full queue answers 503 with `Retry-After`.
///
/// Its threads live until ``stop()``: jobs running then finish, jobs still queued and any submitted
/// later answer 503, and the threads end. ``ComputePools`` stops its pools when the server shuts
/// down gracefully, or when the last explorer holding them goes away.
@_spi(Testing) public final class ComputePool: @unchecked Sendable {
    let name: String
    let workers: Int
    let queueLimit: Int
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var running = 0
    private var stopping = false
    /// Threads that have not ended yet.
    private var alive = 0

    init(name: String, workers: Int, queueLimit: Int) {
        self.name = name
        self.workers = max(1, workers)
        self.queueLimit = max(0, queueLimit)
        alive = self.workers
        for index in 0..<self.workers {
            // The thread holds the pool until it ends, which ``stop()`` makes it do.
            let thread = Thread { self.work() }
            thread.name = "alignscale-\(name)-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Jobs waiting for a thread.
    var waiting: Int { condition.withLock { queue.count } }
    /// Jobs running now.
    var busy: Int { condition.withLock { running } }
    /// Worker threads that have not ended (0 some moments after ``stop()``, once running jobs finish).
    @_spi(Testing) public var threads: Int { condition.withLock { alive } }

    /// Lets the running jobs finish, answers every queued job 503 at once (each job's own check
    /// sees the pool stopping), refuses new ones, and ends the threads. Safe to call more than once.
    @_spi(Testing) public func stop() {
        let queued = condition.withLock {
            stopping = true
            defer { queue = [] }
            condition.broadcast()
            return queue
        }
        // Each queued job sees the pool stopping and answers at once, without doing its work.
        for job in queued { job() }
    }

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                alive -= 1
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            running += 1
            condition.unlock()
            job()
            condition.withLock { running -= 1 }
        }
    }

    private var isStopping: Bool { condition.withLock { stopping } }

    private static let shuttingDown = APIError(.serviceUnavailable, "the server is shutting down", retryAfter: 5)

    /// The result of `work`, or ``APIError`` 503 when the queue is full or the budget's deadline
    /// passes first (then its cancellation is set, so the work stops; a job still queued never
    /// starts).
    func run<T: Sendable>(_ budget: RequestBudget, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let cancellation = budget.cancellation
        if cancellation.isCancelled { throw budget.expired }
        return try await withTaskCancellationHandler {
            let expired: @Sendable () -> any Error = { budget.expired }
            return try await FirstAnswer<T>.within(budget.deadline, expired: expired) { answer in
                let accepted = condition.withLock { () -> Bool in
                    guard !stopping, queue.count < queueLimit || running + queue.count < workers else { return false }
                    queue.append {
                        guard !cancellation.isCancelled else {
                            answer.resume(with: .failure(budget.expired))
                            return
                        }
                        guard !self.isStopping else {
                            answer.resume(with: .failure(ComputePool.shuttingDown))
                            return
                        }
                        // Work that stops on being cancelled answers as the budget says.
                        answer.resume(with: Result { try work() }.mapError { $0 is CancellationError ? budget.expired : $0 })
                    }
                    condition.signal()
                    return true
                }
                guard accepted else {
                    answer.resume(
                        with: .failure(
                            isStopping
                                ? ComputePool.shuttingDown
                                : APIError(
                                    .serviceUnavailable, "the server is busy with other \(name) work; try again shortly",
                                    retryAfter: 5)))
                    return nil
                }
                // At the deadline the work is told to stop (and a job still queued never starts).
                return { cancellation.cancel() }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}

/// One request's allowance of compute: a deadline shared by every step of its work (reading the
/// body, the analysis), and the flag that stops the work at the deadline or when the client goes
/// away.
struct RequestBudget: Sendable {
    /// When the request is answered 503 if its work has not finished.
    let deadline: ContinuousClock.Instant
    /// The server's limit in seconds, for the message.
    let seconds: Double
    let cancellation: Cancellation

    /// A budget of `seconds` from now.
    init(seconds: Double, cancellation: Cancellation) {
        self.seconds = seconds
        self.deadline = .now + .seconds(seconds)
        self.cancellation = cancellation
    }

    var expired: APIError {
        APIError(
            .serviceUnavailable, "the request took longer than the server's limit of \(InputErrorText.seconds(seconds))",
            retryAfter: 30)
    }
}

/// Durations in messages.
enum InputErrorText {
    static func seconds(_ value: Double) -> String { number(value) + " s" }

    /// A whole number without its `.0`.
    static func number(_ value: Double) -> String {
        value >= 1 && value == value.rounded() && value < 1e15 ? "\(Int(value))" : "\(value)"
    }
}

/// The explorer's two compute pools, stopped together: when the server shuts down gracefully
/// (this is a service of the application, which stops after the HTTP server has finished its
/// requests), or when the last explorer holding them is released (tests make many).
@_spi(Testing) public final class ComputePools: Service, Sendable {
    @_spi(Testing) public let light: ComputePool
    @_spi(Testing) public let heavy: ComputePool

    init(light: ComputePool, heavy: ComputePool) {
        self.light = light
        self.heavy = heavy
    }

    /// Waits for the application's graceful shutdown, then stops both pools.
    public func run() async throws {
        try? await gracefulShutdown()
        stop()
    }

    @_spi(Testing) public func stop() {
        light.stop()
        heavy.stop()
    }

    deinit { stop() }
}
