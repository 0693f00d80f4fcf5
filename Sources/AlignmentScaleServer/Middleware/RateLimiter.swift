import Foundation

/// Token buckets, one per client address: each holds at most `burst` tokens and gains `perMinute`
/// a minute; an action takes one token, and a client with none is told how long to wait.
///
/// Memory is bounded: past ``maximumClients`` addresses, the buckets that have refilled (whose
/// clients are indistinguishable from new ones) are dropped, and if that frees nothing, the
/// longest-idle half is.
final class RateLimiter: @unchecked Sendable {
    let perMinute: Double
    let burst: Double
    static let maximumClients = 50_000

    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, updated: Double)] = [:]
    private let clock: @Sendable () -> Double

    /// - Parameter clock: seconds on a monotonic clock (injected by tests).
    init(perMinute: Double, burst: Int, clock: @escaping @Sendable () -> Double = RateLimiter.uptime) {
        self.perMinute = perMinute
        self.burst = Double(max(1, burst))
        self.clock = clock
    }

    static func uptime() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Takes a token for `client`: `nil` when granted, else the whole seconds until one is due.
    func take(_ client: String) -> Int? {
        let now = clock()
        let rate = perMinute / 60
        return lock.withLock {
            var bucket = buckets[client] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            defer {
                buckets[client] = bucket
                if buckets.count > RateLimiter.maximumClients { prune(now: now, rate: rate) }
            }
            guard bucket.tokens >= 1 else { return rate > 0 ? max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) : 3600 }
            bucket.tokens -= 1
            return nil
        }
    }

    private func prune(now: Double, rate: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * rate < burst }
        if buckets.count > RateLimiter.maximumClients / 2 {
            let kept = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(RateLimiter.maximumClients / 2)
            buckets = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
    }
}
