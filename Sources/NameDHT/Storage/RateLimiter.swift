/// Per-IP token buckets for incoming queries: each IP may send `burst` queries at once and
/// `perSecond` on average. The table of IPs is bounded; when full, idle buckets are dropped first.
struct RateLimiter: Sendable {
    private struct Bucket: Sendable {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let perSecond: Double
    let burst: Double
    let maxTrackedIPs: Int
    private var buckets: [[UInt8]: Bucket] = [:]

    init(perSecond: Double, burst: Double, maxTrackedIPs: Int = 4096) {
        self.perSecond = perSecond
        self.burst = burst
        self.maxTrackedIPs = maxTrackedIPs
    }

    /// Takes one token for `address`; `false` when the IP is over its rate.
    mutating func allow(_ address: [UInt8], now: ContinuousClock.Instant) -> Bool {
        var b = buckets[address] ?? Bucket(tokens: burst, updated: now)
        let elapsed = Double((now - b.updated).components.seconds) + Double((now - b.updated).components.attoseconds) / 1e18
        b.tokens = min(burst, b.tokens + elapsed * perSecond)
        b.updated = now
        let allowed = b.tokens >= 1
        if allowed { b.tokens -= 1 }
        if buckets[address] == nil, buckets.count >= maxTrackedIPs {
            // Full buckets are equivalent to untracked IPs, so dropping them loses nothing.
            buckets = buckets.filter { $0.value.tokens < burst - 1 }
            if buckets.count >= maxTrackedIPs { buckets.removeAll(keepingCapacity: true) }
        }
        buckets[address] = b
        return allowed
    }
}
