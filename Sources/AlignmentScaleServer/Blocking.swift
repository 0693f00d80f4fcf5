import Dispatch
import Foundation

/// Runs CPU-heavy work off the server's event loops, with a deadline.
enum Blocking {
    /// A flag the work can poll to stop early once the deadline has passed.
    final class Cancellation: @unchecked Sendable {
        private let lock = NSLock()
        private var cancelled = false
        var isCancelled: Bool { lock.withLock { cancelled } }
        func cancel() { lock.withLock { cancelled = true } }
    }

    private final class Once<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T, any Error>?
        init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = continuation }
        func resume(_ result: sending Result<T, any Error>) {
            let pending = lock.withLock { () -> CheckedContinuation<T, any Error>? in
                defer { continuation = nil }
                return continuation
            }
            pending?.resume(with: result)
        }
    }

    private static let queue = DispatchQueue(label: "alignscale.compute", qos: .userInitiated, attributes: .concurrent)

    /// The result of `work`, or `APIError(.serviceUnavailable)` when it takes longer than
    /// `seconds` (the work is told to stop through its ``Cancellation``).
    static func run<T: Sendable>(timeout seconds: Double, _ work: @escaping @Sendable (Cancellation) throws -> T) async throws
        -> T
    {
        let cancellation = Cancellation()
        return try await withCheckedThrowingContinuation { continuation in
            let once = Once(continuation)
            queue.async { once.resume(Result { try work(cancellation) }) }
            queue.asyncAfter(deadline: .now() + seconds) {
                cancellation.cancel()
                once.resume(
                    .failure(
                        APIError(.serviceUnavailable, "the request took longer than the server's limit of \(Int(seconds)) s")))
            }
        }
    }
}
