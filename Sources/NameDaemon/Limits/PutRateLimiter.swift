import Synchronization

/// A token bucket per client address: `rate` PUTs per second sustained, `burst` at once. The map
/// is bounded: past `maxTracked` addresses, buckets that have refilled (clients at rest) are
/// forgotten, and if that is not enough the map starts over.
final class PutRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let rate: Double
    let burst: Double
    let maxTracked: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(rate: Double, burst: Int, maxTracked: Int = 65536) {
        self.rate = rate
        self.burst = Double(burst)
        self.maxTracked = maxTracked
    }

    /// Takes one token for `client` at monotonic time `now` (seconds): `nil` when allowed, else the
    /// whole seconds to wait before the next PUT would be (the `Retry-After` value).
    func take(_ client: String, now: Double) -> Int? {
        buckets.withLock { map in
            var bucket = map[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.updated) * rate)
            bucket.updated = now
            defer {
                map[client] = bucket
                if map.count > maxTracked { forgetRested(&map, now: now) }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }

    /// Addresses tracked now.
    var tracked: Int { buckets.withLock { $0.count } }

    private func forgetRested(_ map: inout [String: Bucket], now: Double) {
        map = map.filter { $0.value.tokens + (now - $0.value.updated) * rate < burst }
        if map.count > maxTracked { map.removeAll(keepingCapacity: true) }
    }
}
