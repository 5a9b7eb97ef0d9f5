import Testing
@testable import NameDHT

@Suite struct BencodeTests {
    private func decode(_ s: String) throws(DHTError) -> Bencode { try BencodeDecoder().decode(Array(s.utf8)) }

    private func rejects(_ s: String, _ fragment: String) {
        do {
            let v = try decode(s)
            Issue.record("accepted \(s) as \(v)")
        } catch {
            #expect(error.code == .malformedBencode)
            #expect(error.reason.contains(fragment), "\(s): \(error.reason)")
        }
    }

    @Test func roundTripsCanonicalValues() throws {
        let inputs = ["i0e", "i-1e", "i9223372036854775807e", "i-9223372036854775808e", "0:", "4:spam",
                      "le", "de", "l4:spami42ee", "d3:bar4:spam3:fooi42ee", "d1:ad1:bli1ei2eeee"]
        for s in inputs {
            #expect(try decode(s).encoded == Array(s.utf8), "\(s)")
        }
    }

    @Test func encodesDictionaryKeysInBytewiseOrder() {
        let v = Bencode.dictionary([Array("b".utf8): .integer(1), Array("a".utf8): .integer(2), [0xFF]: .integer(3), Array("B".utf8): .integer(4)])
        #expect(v.encoded == Array("d1:Bi4e1:ai2e1:bi1e1:".utf8) + [0xFF] + Array("i3ee".utf8))
    }

    @Test func rejectsTrailingData() { rejects("i1ei2e", "trailing") }
    @Test func rejectsNegativeZero() { rejects("i-0e", "negative zero") }
    @Test func rejectsIntegerWithLeadingZero() { rejects("i03e", "leading zero") }
    @Test func rejectsEmptyInteger() { rejects("ie", "without digits"); rejects("i-e", "without digits") }
    @Test func rejectsIntegerOverflow() { rejects("i9223372036854775808e", "out of range"); rejects("i99999999999999999999e", "out of range") }
    @Test func rejectsStringLengthWithLeadingZero() { rejects("04:spam", "leading zero") }
    @Test func rejectsStringRunningPastTheEnd() { rejects("5:spam", "past the end"); rejects("999999999:x", "past the end") }
    @Test func rejectsHugeStringLength() { rejects("99999999999999999999:x", "too long") }
    @Test func rejectsUnsortedKeys() { rejects("d3:fooi1e3:bari2ee", "sorted") }
    @Test func rejectsDuplicateKeys() { rejects("d3:fooi1e3:fooi2ee", "duplicate") }
    @Test func rejectsNonStringKeys() { rejects("di1ei2ee", "key is not a byte string") }
    @Test func rejectsTruncatedInput() { rejects("l4:spam", "end of input"); rejects("d3:foo", "end of input"); rejects("", "end of input") }
    @Test func rejectsUnknownTypeByte() { rejects("x", "unexpected byte") }

    @Test func boundsNestingDepth() throws {
        let deep = String(repeating: "l", count: 10_000) + String(repeating: "e", count: 10_000)
        rejects(deep, "nesting deeper than 32")
        let ok = String(repeating: "l", count: 32) + String(repeating: "e", count: 32)
        #expect(try decode(ok).encoded.count == 64)
    }
}
