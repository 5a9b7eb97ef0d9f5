import Testing
import Multiformats
@testable import Libp2p

@Suite struct PeerIDTests {
    @Test func ed25519PeerIDIsTheIdentityMultihashOfTheProtobufKey() throws {
        let identity = try IdentityKey(seed: [UInt8](repeating: 7, count: 32))
        let id = identity.peerID
        #expect(id.bytes.prefix(6) == [0x00, 0x24, 0x08, 0x01, 0x12, 0x20])
        #expect(id.description.hasPrefix("12D3KooW"))
        #expect(try PeerID(id.description) == id)
        #expect(id.inlinedPublicKey == identity.publicKey)
    }

    @Test func acceptsCIDFormsAndRSAHashes() throws {
        let id = IdentityKey.generate().peerID
        let cid = CID(codec: CID.libp2pKey, multihash: id.multihash)
        #expect(try PeerID(Multibase.base36.encode(cid.bytes)) == id)
        #expect(try PeerID(Multibase.base32.encode(cid.bytes)) == id)
        let rsa = try PeerID("QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN")
        #expect(rsa.multihash.code == Multihash.sha2_256)
        #expect(rsa.inlinedPublicKey == nil)
    }

    @Test func rejectsBadPeerIDs() {
        for bad in ["", "12D3KooW", "Qm0000", "bafyreigh2akiscaildc", "zzzz"] {
            #expect(throws: Libp2pError.self) { try PeerID(bad) }
        }
        // An identity multihash that is not a PublicKey protobuf.
        #expect(throws: Libp2pError.self) { try PeerID(bytes: [0x00, 0x03, 1, 2, 3]) }
    }

    @Test func onlyEd25519KeysVerify() throws {
        let rsa = try Libp2pPublicKey(protobuf: [0x08, 0x00, 0x12, 0x02, 0x01, 0x02])
        #expect(throws: Libp2pError(.unsupportedKeyType, "")) { try rsa.verify(signature: [], message: []) }
        let identity = IdentityKey.generate()
        #expect(try identity.publicKey.verify(signature: identity.sign([1, 2, 3]), message: [1, 2, 3]))
        #expect(try !identity.publicKey.verify(signature: identity.sign([1, 2, 3]), message: [1, 2, 4]))
    }
}
