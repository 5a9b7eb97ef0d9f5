import Testing
@testable import NameRecord

struct DagCBORStrictnessTests {
    let canonical = RecordData(value: Array("/ipfs/x".utf8), validity: Array("2099-01-01T00:00:00Z".utf8), sequence: 300, ttl: 5).cbor

    func entries() -> [(key: [UInt8], value: [UInt8])] {
        // Split the canonical map into its five key/value encodings.
        var out: [([UInt8], [UInt8])] = []
        var r = DagCBORReader(canonical)
        _ = try! r.header()
        for _ in 0..<5 {
            let k0 = r.offset
            _ = try! r.item()
            let k1 = r.offset
            _ = try! r.item()
            out.append((Array(canonical[k0..<k1]), Array(canonical[k1..<r.offset])))
        }
        return out
    }

    @Test func decodesCanonicalData() throws {
        let d = try RecordData(cbor: canonical)
        #expect(d.sequence == 300)
        #expect(d.canonicalKeyOrder)
    }

    @Test func acceptsButFlagsNonCanonicalKeyOrder() throws {
        let reversed = [UInt8(0xa5)] + entries().reversed().flatMap { $0.key + $0.value }
        let d = try RecordData(cbor: reversed)
        #expect(!d.canonicalKeyOrder)
        #expect(d.sequence == 300)
    }

    @Test func acceptsUnknownExtraKeys() throws {
        let extra: [UInt8] = [0x65] + Array("Extra".utf8) + [0x82, 0xf5, 0xf6]
        let d = try RecordData(cbor: [0xa6] + entries().flatMap { $0.key + $0.value } + extra)
        #expect(d.extraKeys == ["Extra"])
    }

    @Test func rejectsDuplicateKeysTrailingBytesIndefiniteAndNonMinimal() {
        let e = entries()
        let body = e.flatMap { $0.key + $0.value }
        let invalid: [(String, [UInt8])] = [
            ("duplicate key", [0xa6] + body + e[0].key + e[0].value),
            ("trailing bytes", [0xa5] + body + [0x00]),
            ("indefinite map", [0xbf] + body + [0xff]),
            ("non-minimal length", [0xb8, 0x05] + body),
            ("non-minimal sequence", [0xa5] + e[0].key + e[0].value + e[1].key + e[1].value + e[2].key + [0x1a, 0, 0, 1, 0x2c] + e[3].key + e[3].value + e[4].key + e[4].value),
            ("missing TTL", [0xa4] + e.dropFirst().flatMap { $0.key + $0.value }),
            ("not a map", [0x80]),
            ("integer key", [0xa1, 0x01, 0x01]),
            ("truncated", Array(canonical.dropLast())),
            ("Value as text", [0xa5] + e[0].key + e[0].value + e[1].key + [0x61, 0x78] + e[2].key + e[2].value + e[3].key + e[3].value + e[4].key + e[4].value),
            ("tag other than 42", [0xa6] + body + [0x61, 0x78, 0xc1, 0x00]),
            ("undefined", [0xa6] + body + [0x61, 0x78, 0xf7]),
            ("float16", [0xa6] + body + [0x61, 0x78, 0xf9, 0x00, 0x00]),
            ("deep nesting", [0xa6] + body + [0x61, 0x78] + [UInt8](repeating: 0x81, count: 100) + [0x00]),
        ]
        for (label, bytes) in invalid {
            #expect(throws: RecordError(.invalidData, ""), "\(label)") { try RecordData(cbor: bytes) }
        }
    }
}
