import Synchronization

/// Tracks failing sources and backs them off exponentially (1 s, 2 s, 4 s … capped at 5 min), so a
/// dead DNS server or an unreachable DHT is not asked on every resolution.
public final class SourceHealth: Sendable {
    /// A snapshot of one source's state (exported as metrics by the daemon).
    public struct State: Sendable, Equatable {
        /// Failures in a row.
        public var consecutiveFailures: Int
        /// Monotonic seconds until which the source is skipped.
        public var backoffUntil: Double
        /// Total successes and failures.
        public var successes: Int
        /// Total failures.
        public var failures: Int
    }

    private let states = Mutex<[String: State]>([:])
    /// The first backoff, in seconds.
    public let baseBackoff: Double
    /// The longest backoff, in seconds.
    public let maxBackoff: Double

    /// Makes a tracker.
    public init(baseBackoff: Double = 1, maxBackoff: Double = 300) {
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
    }

    /// Whether `label` may be asked at monotonic time `now`.
    public func isAvailable(_ label: String, now: Double) -> Bool {
        states.withLock { ($0[label]?.backoffUntil ?? 0) <= now }
    }

    /// Records a success: clears the backoff.
    public func succeeded(_ label: String) {
        states.withLock { map in
            var s = map[label] ?? State(consecutiveFailures: 0, backoffUntil: 0, successes: 0, failures: 0)
            s.consecutiveFailures = 0
            s.backoffUntil = 0
            s.successes += 1
            map[label] = s
        }
    }

    /// Records a failure at monotonic time `now`: backs off exponentially.
    public func failed(_ label: String, now: Double) {
        states.withLock { map in
            var s = map[label] ?? State(consecutiveFailures: 0, backoffUntil: 0, successes: 0, failures: 0)
            s.consecutiveFailures += 1
            s.failures += 1
            let exponent = Double(min(s.consecutiveFailures - 1, 20))
            s.backoffUntil = now + min(maxBackoff, baseBackoff * pow2(exponent))
            map[label] = s
        }
    }

    /// Every source's state.
    public func snapshot() -> [String: State] { states.withLock { $0 } }

    private func pow2(_ e: Double) -> Double {
        var r = 1.0
        for _ in 0..<Int(e) { r *= 2 }
        return r
    }
}
