import Testing
import NameKeys
@testable import NameDHT

@Suite struct KRPCTests {
    let a = NodeID(bytes: [UInt8](repeating: 0xAA, count: 20))!
    let b = NodeID(bytes: [UInt8](repeating: 0xBB, count: 20))!

    private func roundTrip(_ m: KRPCMessage) throws {
        #expect(try KRPCMessage(decoding: m.encoded) == m)
    }

    @Test func roundTripsEveryMessageKind() throws {
        let item = try MutableItem.sign(value: .string("v"), salt: Array("ipns".utf8), sequence: 3, key: PrivateKey.generate())
        let put = KRPCQuery.PutRequest(publicKey: item.publicKey, salt: item.salt, sequence: 3, value: item.value, signature: item.signature, cas: 2)
        try roundTrip(KRPCMessage(transactionID: [1, 2], body: .query(.ping(id: a))))
        try roundTrip(KRPCMessage(transactionID: [1, 2], body: .query(.findNode(id: a, target: b))))
        try roundTrip(KRPCMessage(transactionID: [1, 2], body: .query(.get(id: a, target: b, sequence: 4))))
        try roundTrip(KRPCMessage(transactionID: [1, 2], body: .query(.put(id: a, token: [9, 9], request: put))))
        let contact = DHTContact(id: b, endpoint: DHTEndpoint(address: [127, 0, 0, 1], port: 6881)!)
        try roundTrip(KRPCMessage(transactionID: [7], body: .response(KRPCResponse(id: a, nodes: [contact], token: [1],
            item: .init(publicKey: item.publicKey, sequence: 3, value: item.value, signature: item.signature)))))
        try roundTrip(KRPCMessage(transactionID: [7], body: .error(code: 302, message: "sequence number less than current")))
    }

    @Test func encodesPingAsBEP5Example() {
        // BEP 5: d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe
        let id = NodeID(bytes: Array("abcdefghij0123456789".utf8))!
        #expect(KRPCMessage(transactionID: Array("aa".utf8), body: .query(.ping(id: id))).encoded
                == Array("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe".utf8))
    }

    @Test func toleratesUnknownKeysLikeLibtorrentsVersionAndIP() throws {
        let raw = Bencode.dictionary([
            Array("ip".utf8): .bytes([127, 0, 0, 1, 0x1A, 0xE1]),
            Array("r".utf8): .dictionary([Array("id".utf8): .bytes(a.bytes), Array("p".utf8): .integer(6881)]),
            Array("t".utf8): .string("aa"), Array("v".utf8): .string("LT20"), Array("y".utf8): .string("r"),
        ]).encoded
        let m = try KRPCMessage(decoding: raw)
        #expect(m.body == .response(KRPCResponse(id: a)))
    }

    @Test func treatsUnknownMethodsAsUnsupported() throws {
        let raw = "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe"
        let m = try KRPCMessage(decoding: Array(raw.utf8))
        #expect(m.body == .query(.unsupported(method: "get_peers", id: NodeID(bytes: Array("abcdefghij0123456789".utf8))!)))
    }

    @Test func rejectsStructurallyWrongMessages() {
        for raw in ["de", "d1:t0:1:y1:qe", "d1:t2:aa1:y1:xe", "d1:t2:aa1:y1:re", "d1:rd2:id3:abce1:t2:aa1:y1:re",
                    "d1:ad2:id20:abcdefghij0123456789e1:q9:find_node1:t2:aa1:y1:qe", "li1ee",
                    "d1:rd2:id20:abcdefghij01234567895:nodes5:abcdee1:t2:aa1:y1:re"] {
            #expect(throws: DHTError(.malformedMessage, ""), "\(raw)") { try KRPCMessage(decoding: Array(raw.utf8)) }
        }
    }
}
