import Foundation

/// The first of a piece of work's answer and its time limit, answered once: how the server's
/// compute pools and the PostgreSQL store keep a caller's deadline even when the work ignores it
/// (a computation on a thread of its own, a connection to a host that never replies).
///
/// ```swift
/// let value = try await FirstAnswer<Int>.within(.now + .seconds(2), expired: { Timeout() }) { answer in
///     let work = Task { answer.resume(with: .success(await slowCount())) }
///     return { work.cancel() }  // what to do when the limit comes first
/// }
/// ```
public final class FirstAnswer<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var timer: Task<Void, Never>?

    private init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = continuation }

    /// Answers the caller unless someone already has; returns whether this call did. The first
    /// answer also stops the timer, so no sleeper outlives its request.
    @discardableResult
    public func resume(with result: sending Result<T, any Error>) -> Bool {
        let (taken, timer) = lock.withLock {
            defer {
                continuation = nil
                self.timer = nil
            }
            return (continuation, self.timer)
        }
        timer?.cancel()
        taken?.resume(with: result)
        return taken != nil
    }

    private func keep(_ timer: Task<Void, Never>) {
        let answered = lock.withLock {
            if continuation == nil { return true }
            self.timer = timer
            return false
        }
        if answered { timer.cancel() }
    }

    /// Starts the work with `start`, which answers through the ``FirstAnswer`` it is given (from
    /// any thread, at most once counts) and returns what to do if the limit comes first (cancel
    /// the work). Answers with the work's result, or `expired()` at `deadline`.
    public static func within(
        _ deadline: ContinuousClock.Instant, expired: @escaping @Sendable () -> any Error,
        _ start: (FirstAnswer<T>) -> (@Sendable () -> Void)?
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let onExpiry = start(answer)
            answer.keep(
                Task {
                    guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
                    if answer.resume(with: .failure(expired())) { onExpiry?() }
                })
        }
    }
}
