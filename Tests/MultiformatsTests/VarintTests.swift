import Testing
@testable import Multiformats

struct VarintTests {
    static let cases: [(UInt64, [UInt8])] = [(0, [0]), (1, [1]), (127, [0x7f]), (128, [0x80, 0x01]), (300, [0xac, 0x02]),
                                            (16384, [0x80, 0x80, 0x01])]

    @Test(arguments: cases)
    func encodesMinimally(value: UInt64, bytes: [UInt8]) throws {
        #expect(Varint.encode(value) == bytes)
        var offset = 0
        #expect(try Varint.decode(bytes, at: &offset) == value)
        #expect(offset == bytes.count)
    }

    @Test func roundTripsFullProtobufRange() throws {
        for value in [UInt64.max, UInt64.max / 2, 3_155_760_000_000_000_000] {
            var offset = 0
            #expect(try Varint.decode(Varint.encode(value), at: &offset, maxBytes: 10) == value)
        }
    }

    @Test func rejectsOverlongAndTruncatedVarints() {
        var offset = 0
        #expect(throws: MultiformatsError(.overlongVarint, "")) { try Varint.decode([0x81, 0x00], at: &offset) }
        offset = 0
        #expect(throws: MultiformatsError(.truncated, "")) { try Varint.decode([0x80, 0x80], at: &offset) }
        offset = 0
        #expect(throws: MultiformatsError(.overlongVarint, "")) {
            try Varint.decode([UInt8](repeating: 0xff, count: 10) + [0x01], at: &offset, maxBytes: 10)
        }
        offset = 0
        // 10th byte may only carry one bit for a 64-bit value.
        #expect(throws: MultiformatsError(.overlongVarint, "")) {
            try Varint.decode([UInt8](repeating: 0xff, count: 9) + [0x02], at: &offset, maxBytes: 10)
        }
    }
}
