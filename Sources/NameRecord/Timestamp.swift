/// An instant with nanosecond precision, as carried in an IPNS record's RFC 3339 `Validity`.
///
/// Parsing accepts `YYYY-MM-DDTHH:MM:SS[.fraction]` with 1–9 fractional digits and `Z` or a
/// `±HH:MM` offset (what Go's `time.RFC3339Nano` produces and accepts). Formatting always gives
/// UTC with nine fractional digits, as Kubo/boxo write it.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Nanoseconds within the second, 0..<1_000_000_000.
    public let nanoseconds: Int32

    /// Makes a timestamp from whole seconds and nanoseconds (normalised).
    public init(seconds: Int64, nanoseconds: Int64 = 0) {
        let extra = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
        self.seconds = seconds + extra
        self.nanoseconds = Int32(nanoseconds - extra * 1_000_000_000)
    }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec), nanoseconds: Int64(ts.tv_nsec))
    }

    /// This instant plus a number of nanoseconds (saturating).
    public func adding(nanoseconds delta: UInt64) -> Timestamp {
        let wholeSeconds = Int64(clamping: delta / 1_000_000_000)
        let (s, overflow) = seconds.addingReportingOverflow(wholeSeconds)
        if overflow { return Timestamp(seconds: Int64.max / 2) }
        return Timestamp(seconds: s, nanoseconds: Int64(nanoseconds) + Int64(delta % 1_000_000_000))
    }

    /// Nanoseconds from `self` until `other` (negative when `other` is earlier), saturating.
    public func nanoseconds(until other: Timestamp) -> Int64 {
        let ds = other.seconds.subtractingReportingOverflow(seconds)
        if ds.overflow { return other.seconds > seconds ? .max : .min }
        let (ns, o) = ds.partialValue.multipliedReportingOverflow(by: 1_000_000_000)
        if o { return ds.partialValue > 0 ? .max : .min }
        return ns.addingReportingOverflow(Int64(other.nanoseconds) - Int64(nanoseconds)).partialValue
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanoseconds < b.nanoseconds
    }

    /// RFC 3339, UTC, nine fractional digits: `2033-05-18T03:33:20.000000000Z`.
    public var description: String { rfc3339 }

    /// RFC 3339, UTC, nine fractional digits.
    public var rfc3339: String { String(decoding: rfc3339Bytes, as: UTF8.self) }

    /// RFC 3339, UTC, nine fractional digits, as the ASCII bytes a record's `Validity` holds.
    public var rfc3339Bytes: [UInt8] {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secOfDay = seconds - days * 86400
        let (y, m, d) = Timestamp.civil(fromDays: days)
        var out = [UInt8]()
        out.reserveCapacity(30)
        func put(_ v: Int64, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var x = v
            var i = width - 1
            while i >= 0 {
                digits[i] = UInt8(48 + x % 10)
                x /= 10
                i -= 1
            }
            if x > 0 { out.append(contentsOf: Array(String(v).utf8)) } else { out.append(contentsOf: digits) }
        }
        put(y, 4); out.append(0x2d); put(m, 2); out.append(0x2d); put(d, 2); out.append(0x54)
        put(secOfDay / 3600, 2); out.append(0x3a); put(secOfDay / 60 % 60, 2); out.append(0x3a); put(secOfDay % 60, 2)
        out.append(0x2e); put(Int64(nanoseconds), 9); out.append(0x5a)
        return out
    }

    /// Parses an RFC 3339 timestamp from bytes; `nil` when malformed.
    public init?(rfc3339 bytes: [UInt8]) {
        var p = 0
        func digits(_ n: Int) -> Int64? {
            guard p + n <= bytes.count else { return nil }
            var v: Int64 = 0
            for i in p..<p + n {
                let c = bytes[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            p += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard p < bytes.count, bytes[p] == c else { return false }
            p += 1
            return true
        }
        guard let year = digits(4), expect(0x2d), let month = digits(2), expect(0x2d), let day = digits(2),
              expect(0x54), let hour = digits(2), expect(0x3a), let minute = digits(2), expect(0x3a), let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Timestamp.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var nanos: Int64 = 0
        if p < bytes.count, bytes[p] == 0x2e {
            p += 1
            var count = 0
            while p < bytes.count, bytes[p] >= 48, bytes[p] <= 57 {
                guard count < 9 else { return nil }
                nanos = nanos * 10 + Int64(bytes[p] - 48)
                count += 1
                p += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        if expect(0x5a) {
            offset = 0
        } else if p < bytes.count, bytes[p] == 0x2b || bytes[p] == 0x2d {
            let sign: Int64 = bytes[p] == 0x2d ? -1 : 1
            p += 1
            guard let oh = digits(2), expect(0x3a), let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard p == bytes.count else { return nil }
        let days = Timestamp.days(fromCivil: year, month, day)
        self.init(seconds: days * 86400 + hour * 3600 + minute * 60 + second - offset, nanoseconds: nanos)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days-from-civil.
    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
