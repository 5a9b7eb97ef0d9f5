import Testing
@testable import NameRecord

struct SelectionAndTimestampTests {
    @Test func higherSequenceWinsThenLaterEOLThenBytes() {
        let a = Fixture.record(sequence: 1)
        let b = Fixture.record(sequence: 2, validity: Timestamp(seconds: Fixture.future.seconds - 100))
        #expect(RecordSelection.isPreferred(b, over: a))
        #expect(RecordSelection.best([a, b]) == b)
        let later = Fixture.record(sequence: 1, validity: Timestamp(seconds: Fixture.future.seconds + 100))
        #expect(RecordSelection.isPreferred(later, over: a))
        let c1 = Fixture.record(sequence: 3, value: "/ipfs/a")
        let c2 = Fixture.record(sequence: 3, value: "/ipfs/b", validity: c1.validity!)
        let bigger = c1.bytes.lexicographicallyPrecedes(c2.bytes) ? c2 : c1
        #expect(RecordSelection.best([c1, c2]) == bigger)
        #expect(RecordSelection.best([c2, c1]) == bigger)
    }

    @Test func recordWithV2BeatsHigherSequenceWithout() throws {
        var v1only = Fixture.record(sequence: 9).entry
        v1only.signatureV2 = nil
        let legacy = try Record(bytes: v1only.bytes)
        #expect(RecordSelection.isPreferred(Fixture.record(sequence: 1), over: legacy))
    }

    @Test(arguments: [
        ("2033-05-18T03:33:20.000000000Z", Int64(2_000_000_000), Int32(0)),
        ("2033-05-18T03:33:20Z", 2_000_000_000, 0),
        ("2033-05-18T05:33:20.5+02:00", 2_000_000_000, 500_000_000),
        ("1970-01-01T00:00:00.000000001Z", 0, 1),
        ("2000-02-29T00:00:00Z", 951_782_400, 0),
    ])
    func parsesRFC3339(text: String, seconds: Int64, nanos: Int32) throws {
        let t = try #require(Timestamp(rfc3339: Array(text.utf8)))
        #expect(t.seconds == seconds)
        #expect(t.nanoseconds == nanos)
    }

    @Test func formatsWithNineDigitsUTC() {
        #expect(Timestamp(seconds: 2_000_000_000).rfc3339 == "2033-05-18T03:33:20.000000000Z")
        #expect(Timestamp(seconds: 0, nanoseconds: 123).rfc3339 == "1970-01-01T00:00:00.000000123Z")
        let now = Timestamp.now()
        #expect(Timestamp(rfc3339: Array(now.rfc3339.utf8)) == now)
    }

    @Test(arguments: ["2033-05-18 03:33:20Z", "2033-13-18T03:33:20Z", "2001-02-29T00:00:00Z", "2033-05-18T03:33:20.Z",
                      "2033-05-18T03:33:20.1234567890Z", "2033-05-18T03:33:20", "2033-05-18T24:00:00Z", "2033-05-18T03:33:20Zjunk", ""])
    func rejectsMalformedTimestamps(text: String) {
        #expect(Timestamp(rfc3339: Array(text.utf8)) == nil)
    }
}
