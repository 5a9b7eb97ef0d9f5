import Testing
@testable import NameResolver

/// The one duration parser: Go syntax, a plain number is seconds, overflow and junk refused, ranges checked.
struct GoDurationTests {
    static let s = GoDuration.second

    @Test func parsesGoDurationsAndPlainSeconds() {
        let cases: [(String, UInt64)] = [
            ("2s", 2 * Self.s), ("1m30s", 90 * Self.s), ("500ms", Self.s / 2), ("48h", 48 * 3_600 * Self.s), ("7d", 7 * 86_400 * Self.s),
            ("1.5h", 5_400 * Self.s), (".5s", Self.s / 2), ("1.5", 3 * Self.s / 2), ("5", 5 * Self.s), ("0", 0), ("0s", 0),
            ("250us", 250_000), ("250µs", 250_000), ("10ns", 10), ("1h0m0.25s", 3_600 * Self.s + Self.s / 4),
        ]
        for (text, ns) in cases { #expect(GoDuration.parse(text) == ns, "\(text)") }
    }

    @Test func refusesJunkNegativesAndOverflow() {
        for text in ["", "1e11", "inf", "nan", "-1", "-2s", "+2s", "2x", "s", ".", "1.s.", "1h-5m", "300y", "1 s", "99999999999999999999s", "600000d"] {
            #expect(GoDuration.parse(text) == nil, "\(text)")
        }
    }

    @Test func rangesAreChecked() {
        #expect(GoDuration.parse("0", in: GoDuration.timeoutRange) == nil)
        #expect(GoDuration.parse("2h", in: GoDuration.timeoutRange) == nil)
        #expect(GoDuration.parse("1ms", in: GoDuration.timeoutRange) == 1_000_000)
        #expect(GoDuration.parse("0", in: GoDuration.ttlRange) == 0)
        #expect(GoDuration.parse("2628000h", in: GoDuration.republishIntervalRange) == nil)
        #expect(GoDuration.problem("0", in: GoDuration.timeoutRange) == "'0' is out of range: it must be between 1ms and 1h")
        #expect(GoDuration.problem("1e11", in: GoDuration.timeoutRange).contains("not a duration"))
        #expect(GoDuration.format(36_500 * 86_400 * Self.s) == "36500d")
        #expect(GoDuration.format(90 * Self.s) == "1m30s")
    }
}
