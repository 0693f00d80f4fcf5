import AlignmentScaleStore
import Foundation

/// Whether the response store's last write failed while the store still answered reads, and why:
/// a store can answer reads while it refuses writes (a full disk), so the health check asks this
/// besides reaching the store. Failures during an outage (nothing answered) are not recorded: the
/// health check sees the outage itself, and would otherwise stay degraded after it ends until
/// someone happened to write.
final class WriteHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: String?

    /// The reason the last write failed; `nil` when it succeeded (or none was tried).
    var lastFailure: String? { lock.withLock { failure } }

    func succeeded() { lock.withLock { failure = nil } }
    func failed(_ error: StoreUnavailable) { lock.withLock { failure = error.reason } }
}
