#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock after which an exchange gives up.
struct Deadline {
    let milliseconds: Int64

    /// Now plus `duration`.
    init(after duration: Duration) {
        let (s, attos) = duration.components
        milliseconds = Deadline.nowMilliseconds() + s * 1000 + attos / 1_000_000_000_000_000
    }

    /// Milliseconds left (0 when passed), capped for poll().
    var remaining: Int32 { Int32(clamping: max(0, milliseconds - Deadline.nowMilliseconds())) }

    static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
