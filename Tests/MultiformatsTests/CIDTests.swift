import Testing
@testable import Multiformats

struct CIDTests {
    @Test func parsesCIDv0AndKeepsItsText() throws {
        let text = "QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u"
        let cid = try CID(text)
        #expect(cid.version == 0)
        #expect(cid.codec == CID.dagPB)
        #expect(cid.multihash.code == Multihash.sha2_256)
        #expect(cid.description == text)
    }

    @Test func parsesCIDv1RawIdentity() throws {
        let cid = try CID("bafkqaddwgevxmmraojswg33smq")
        #expect(cid.version == 1)
        #expect(cid.codec == CID.raw)
        #expect(cid.multihash.code == Multihash.identity)
        #expect(cid.multihash.digest == Array("v1+v2 record".utf8))
        #expect(cid.description == "bafkqaddwgevxmmraojswg33smq")
    }

    @Test func acceptsOtherMultibasesForV1() throws {
        let cid = try CID("bafkqaddwgevxmmraojswg33smq")
        #expect(try CID(Multibase.base36.encode(cid.bytes)) == cid)
        #expect(try CID(Multibase.base58btc.encode(cid.bytes)) == cid)
    }

    @Test func rejectsMalformedCIDs() {
        #expect(throws: MultiformatsError.self) { try CID("") }
        #expect(throws: MultiformatsError.self) { try CID("bafy") }
        #expect(throws: MultiformatsError.self) { try CID("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8") }
        #expect(throws: MultiformatsError.self) { try CID("not-a-cid") }
        // sha2-256 with a short digest
        #expect(throws: MultiformatsError(.invalidMultihash, "")) { try CID(bytes: [0x01, 0x55, 0x12, 0x02, 0xaa, 0xbb]) }
        // trailing byte
        #expect(throws: MultiformatsError(.trailingBytes, "")) { try CID(bytes: [0x01, 0x55, 0x00, 0x01, 0xaa, 0xbb]) }
        // version 2
        #expect(throws: MultiformatsError(.invalidCID, "")) { try CID(bytes: [0x02, 0x55, 0x00, 0x00]) }
    }

    @Test func protobufReaderRejectsTruncationAndGroups() throws {
        var w = ProtobufWriter()
        w.writeVarint(field: 1, 5)
        w.writeBytes(field: 2, [1, 2, 3])
        var r = ProtobufReader(w.bytes)
        #expect(try r.next()?.value == .varint(5))
        #expect(try r.next()?.value == .bytes([1, 2, 3]))
        #expect(try r.next() == nil)
        var truncated = ProtobufReader([0x12, 0x05, 0x01])
        #expect(throws: MultiformatsError(.truncated, "")) { try truncated.next() }
        var group = ProtobufReader([0x0b])
        #expect(throws: MultiformatsError(.invalidProtobuf, "")) { try group.next() }
        var fieldZero = ProtobufReader([0x00, 0x01])
        #expect(throws: MultiformatsError(.invalidProtobuf, "")) { try fieldZero.next() }
    }
}
