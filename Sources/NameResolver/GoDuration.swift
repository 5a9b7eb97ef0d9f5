/// Go-style durations (`48h`, `1h30m`, `1.5s`, `500ms`, `7d`) in nanoseconds: the one parser and the
/// one range check behind every time namectl reads, from flags and from the daemon config alike.
///
/// A plain number (`5`, `2.5`) means seconds. Negative values, exponents, `inf` and `nan` are not
/// durations. Each setting has a range (`timeout`, `lifetime`, …): a value outside it is refused.
public enum GoDuration {
    /// Nanoseconds in a second.
    public static let second: UInt64 = 1_000_000_000
    /// Nanoseconds in a day.
    public static let day: UInt64 = 86_400 * second

    /// Whole-resolution deadlines and per-source/per-transport timeouts: 1 ms … 1 h.
    public static let timeoutRange: ClosedRange<UInt64> = 1_000_000...3_600 * second
    /// Record lifetimes (validity from now): 1 s … 100 years (36500d).
    public static let lifetimeRange: ClosedRange<UInt64> = second...36_500 * day
    /// Record TTLs (how long resolvers may cache): 0 … 365d.
    public static let ttlRange: ClosedRange<UInt64> = 0...365 * day
    /// DNS TXT record TTLs: 0 … 2147483647 s (RFC 2181), whole seconds.
    public static let dnsTTLRange: ClosedRange<UInt64> = 0...UInt64(Int32.max) * second
    /// The daemon's republish interval: 1 s … 365d.
    public static let republishIntervalRange: ClosedRange<UInt64> = second...365 * day

    private static let units: [(String, UInt64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000), ("s", second),
        ("m", 60 * second), ("h", 3_600 * second), ("d", day),
    ]

    /// Parses a duration; `nil` when malformed or beyond `UInt64` nanoseconds.
    public static func parse(_ text: String) -> UInt64? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if let whole = number(&rest), rest.isEmpty { return scaled(whole, by: second) }
        rest = Substring(text)
        var total: UInt64 = 0
        while !rest.isEmpty {
            guard let value = number(&rest),
                  let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) && !($0.0 == "m" && rest.hasPrefix("ms")) }),
                  let part = scaled(value, by: scale)
            else { return nil }
            rest = rest.dropFirst(unit.count)
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }

    /// Parses a duration and checks it lies in `range`; `nil` otherwise (see `problem(_:in:)` for the message).
    public static func parse(_ text: String, in range: ClosedRange<UInt64>) -> UInt64? {
        guard let value = parse(text), range.contains(value) else { return nil }
        return value
    }

    /// Why `text` is not accepted for `range`, for error messages.
    public static func problem(_ text: String, in range: ClosedRange<UInt64>) -> String {
        let bounds = "between \(format(range.lowerBound)) and \(format(range.upperBound))"
        if parse(text) == nil {
            return "'\(text)' is not a duration (use Go form such as 2s, 1m30s, 500ms, 48h; a plain number is seconds)"
        }
        return "'\(text)' is out of range: it must be \(bounds)"
    }

    /// Go-like text for a duration (`1h30m`, `500ms`, `0s`), days shown as `d`.
    public static func format(_ nanoseconds: UInt64) -> String {
        if nanoseconds == 0 { return "0s" }
        if nanoseconds % second != 0 {
            for (unit, scale) in [("ms", UInt64(1_000_000)), ("us", 1_000), ("ns", 1)] where nanoseconds % scale == 0 {
                return "\(nanoseconds / scale)\(unit)"
            }
        }
        var rest = nanoseconds / second
        var out = ""
        for (unit, size) in [("d", UInt64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    /// A decimal number `digits[.digits]` or `.digits`, read from the front of `text`, as (whole, fraction digits).
    private static func number(_ text: inout Substring) -> (whole: UInt64, fraction: Substring)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        var rest = text.dropFirst(digits.count)
        var fraction: Substring = ""
        if rest.first == "." {
            fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard !digits.isEmpty || !fraction.isEmpty else { return nil }
        guard let whole = digits.isEmpty ? 0 : UInt64(digits) else { return nil }
        text = rest
        return (whole, fraction)
    }

    /// `value × scale` in nanoseconds (fraction digits beyond nanosecond precision are dropped, as Go does).
    private static func scaled(_ value: (whole: UInt64, fraction: Substring), by scale: UInt64) -> UInt64? {
        let (product, overflow) = value.whole.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        var fractionPart: UInt64 = 0
        var place = scale
        for digit in value.fraction {
            place /= 10
            if place == 0 { break }
            fractionPart += UInt64(digit.wholeNumberValue ?? 0) * place
        }
        let (sum, overflow2) = product.addingReportingOverflow(fractionPart)
        return overflow2 ? nil : sum
    }
}
