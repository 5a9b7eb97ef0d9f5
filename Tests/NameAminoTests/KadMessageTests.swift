import Testing
import Libp2p
@testable import NameAmino

@Suite struct KadMessageTests {
    @Test func roundTripsAGetValueAnswer() throws {
        let peer = KadPeer(id: IdentityKey.generate().peerID, addrs: [try Multiaddr("/ip4/127.0.0.1/tcp/4001")], connection: 1)
        let message = KadMessage(type: .getValue, key: Array("/ipns/abc".utf8),
                                 record: KadRecord(key: Array("/ipns/abc".utf8), value: [1, 2, 3], timeReceived: "2026-01-01T00:00:00Z"),
                                 closerPeers: [peer])
        #expect(try KadMessage(bytes: message.bytes) == message)
    }

    @Test func encodesTheWireLayoutGoExpects() {
        // type GET_VALUE (field 1 = 1), key (field 2).
        #expect(KadMessage(type: .getValue, key: [0x61]).bytes == [0x08, 0x01, 0x12, 0x01, 0x61])
    }

    @Test func rejectsMalformedMessages() {
        #expect(throws: AminoError(.malformedMessage, "")) { try KadMessage(bytes: [0x08, 0x09]) }          // unknown type
        #expect(throws: AminoError(.malformedMessage, "")) { try KadMessage(bytes: [0x12, 0x05, 0x01]) }    // truncated key
        #expect(throws: AminoError(.malformedMessage, "")) { try KadMessage(bytes: [0x1a, 0x02, 0x08, 0x01]) } // record with varint key
        #expect(throws: AminoError(.messageTooLarge, "")) { try KadMessage(bytes: [UInt8](repeating: 0, count: KadMessage.maxLength + 1)) }
    }

    @Test func dropsCloserPeersWithBadIDsAndUnknownAddresses() throws {
        var writer = [UInt8]()
        // closerPeers entry with an id that is not a multihash.
        writer += [0x42, 0x04, 0x0a, 0x02, 0x05, 0x05]
        let good = KadPeer(id: IdentityKey.generate().peerID, addrs: [])
        let goodBytes = KadMessage(type: .findNode, key: [], closerPeers: [good]).bytes
        let decoded = try KadMessage(bytes: [0x08, 0x04] + writer + goodBytes.dropFirst(2))
        #expect(decoded.closerPeers == [good])
    }

    @Test func separatesLANAndWANAddresses() throws {
        let addrs = [try Multiaddr("/ip4/127.0.0.1/tcp/1"), try Multiaddr("/ip4/8.8.8.8/tcp/2"), try Multiaddr("/ip4/8.8.8.8/udp/2/quic-v1")]
        #expect(KadProtocol.lan.dialable(addrs) == [addrs[0]])
        #expect(KadProtocol.wan.dialable(addrs) == [addrs[1]])
    }
}
