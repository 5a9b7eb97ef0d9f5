import Synchronization

/// Failure tracking and exponential backoff per source endpoint: a source that keeps failing is
/// skipped until its backoff passes (the local store never is). Two servers of one kind are
/// tracked apart.
public final class SourceHealth: Sendable {
    /// One endpoint's state.
    public struct State: Sendable, Equatable {
        /// Failures since the last success.
        public var consecutiveFailures: Int
        /// Monotonic time (seconds) before which the endpoint is skipped.
        public var backoffUntil: Double
        /// Successful lookups in total.
        public var successes: Int
        /// Failed lookups in total.
        public var failures: Int

        static let fresh = State(consecutiveFailures: 0, backoffUntil: 0, successes: 0, failures: 0)
    }

    private let states = Mutex<[EndpointIdentity: State]>([:])
    /// The first backoff, in seconds (doubles per consecutive failure).
    public let baseBackoff: Double
    /// The longest backoff, in seconds.
    public let maxBackoff: Double

    /// Makes a tracker.
    public init(baseBackoff: Double = 1, maxBackoff: Double = 300) {
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
    }

    /// Whether `endpoint` may be asked at monotonic time `now`.
    public func isAvailable(_ endpoint: EndpointIdentity, now: Double) -> Bool {
        states.withLock { ($0[endpoint]?.backoffUntil ?? 0) <= now }
    }

    /// Records a success: the backoff is cleared.
    public func succeeded(_ endpoint: EndpointIdentity) {
        states.withLock { map in
            var s = map[endpoint] ?? .fresh
            s.consecutiveFailures = 0
            s.backoffUntil = 0
            s.successes += 1
            map[endpoint] = s
        }
    }

    /// Records a failure at monotonic time `now`: the backoff doubles, up to `maxBackoff`.
    public func failed(_ endpoint: EndpointIdentity, now: Double) {
        states.withLock { map in
            var s = map[endpoint] ?? .fresh
            s.consecutiveFailures += 1
            s.failures += 1
            let exponent = min(s.consecutiveFailures - 1, 20)
            s.backoffUntil = now + min(maxBackoff, baseBackoff * Double(1 << exponent))
            map[endpoint] = s
        }
    }

    /// Every endpoint's state.
    public func snapshot() -> [EndpointIdentity: State] { states.withLock { $0 } }
}
