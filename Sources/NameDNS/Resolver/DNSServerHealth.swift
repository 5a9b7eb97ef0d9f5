import Synchronization

/// What one resolver has learnt about its servers: each one's smoothed round-trip time and whether
/// it failed recently. Servers that answer are asked first; a server that timed out or refused
/// goes to the back until it answers again, so a dead first server costs a lookup one short
/// stagger delay, not a whole timeout.
public final class DNSServerHealth: Sendable {
    private struct State {
        var smoothedRTT: Duration?
        var consecutiveFailures = 0
    }

    private let states = Mutex<[DNSServerAddress: State]>([:])

    /// An empty record: every server is first asked in configuration order.
    public init() {}

    /// `servers` ordered for the next lookup: those without recent failures first (by configured
    /// order), then the failing ones, fewest failures first.
    func order(_ servers: [DNSServerAddress]) -> [DNSServerAddress] {
        let failures = states.withLock { map in servers.map { map[$0]?.consecutiveFailures ?? 0 } }
        return zip(servers, failures).enumerated()
            .sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }
            .map(\.element.0)
    }

    /// How long to wait for `server` before also asking the next one: three smoothed round trips,
    /// between 30 ms and half of `timeout`; 250 ms (capped the same way) before its first answer.
    func stagger(for server: DNSServerAddress, timeout: Duration) -> Duration {
        let rtt = states.withLock { $0[server]?.smoothedRTT }
        let wanted = rtt.map { $0 * 3 } ?? .milliseconds(250)
        return min(max(wanted, .milliseconds(30)), timeout / 2)
    }

    /// `server` answered after `rtt`.
    func answered(_ server: DNSServerAddress, after rtt: Duration) {
        states.withLock { map in
            var state = map[server] ?? State()
            state.smoothedRTT = state.smoothedRTT.map { $0 * 0.875 + rtt * 0.125 } ?? rtt
            state.consecutiveFailures = 0
            map[server] = state
        }
    }

    /// `server` timed out, could not be reached or refused to answer (SERVFAIL, REFUSED).
    func failed(_ server: DNSServerAddress) {
        states.withLock { map in
            var state = map[server] ?? State()
            state.consecutiveFailures = min(state.consecutiveFailures + 1, 1 << 20)
            map[server] = state
        }
    }
}
