/// Round-trip times measured on answered queries, smoothed as TCP does (RFC 6298: SRTT and RTTVAR),
/// giving the adaptive timeout after which a lookup stops waiting for a node: `SRTT + 4·RTTVAR`,
/// kept between a floor and a ceiling. Before the first answer: half a second (within those bounds).
struct RTTEstimator: Sendable {
    private var smoothed: Double?
    private var variation = 0.0
    /// The shortest timeout handed out, in seconds (a burst of scheduling delay is not a dead node).
    let floor: Double
    /// The longest timeout handed out, in seconds.
    let ceiling: Double

    init(floor: Duration, ceiling: Duration) {
        self.floor = RTTEstimator.seconds(floor)
        self.ceiling = max(RTTEstimator.seconds(ceiling), self.floor)
    }

    /// Counts one measured round trip.
    mutating func observe(_ rtt: Duration) {
        let r = RTTEstimator.seconds(rtt)
        guard let s = smoothed else {
            smoothed = r
            variation = r / 2
            return
        }
        variation = 0.75 * variation + 0.25 * abs(s - r)
        smoothed = 0.875 * s + 0.125 * r
    }

    /// How long to wait for an answer before treating the node as unresponsive.
    var timeout: Duration {
        guard let s = smoothed else { return .microseconds(Int64(min(ceiling, max(floor, 0.5)) * 1_000_000)) }
        return .microseconds(Int64(min(ceiling, max(floor, s + 4 * variation)) * 1_000_000))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
