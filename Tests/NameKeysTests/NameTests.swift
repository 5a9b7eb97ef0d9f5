import Multiformats
import Testing
@testable import NameKeys

struct NameTests {
    static let vectorName = "k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w"

    @Test func nameFromKeyIsBase36CIDWithIdentityMultihash() throws {
        let key = PrivateKey.generate()
        let name = key.name
        #expect(name.description.hasPrefix("k51qzi5uqu5d"))
        #expect(name.cid.codec == CID.libp2pKey)
        #expect(name.multihash.code == Multihash.identity)
        #expect(name.multihash.digest == [0x08, 0x01, 0x12, 0x20] + key.publicKey.data)
        #expect(name.embeddedKey == key.publicKey)
        #expect(name.path == "/ipns/" + name.description)
    }

    @Test func parsesEveryAcceptedFormToTheSameName() throws {
        let name = try Name(Self.vectorName)
        #expect(name.description == Self.vectorName)
        let base32 = Multibase.base32.encode(name.cid.bytes)
        #expect(base32.hasPrefix("b"))
        #expect(try Name(base32) == name)
        #expect(name.peerID.hasPrefix("12D3KooW"))
        #expect(try Name(name.peerID) == name)
        #expect(try Name(Self.vectorName.uppercased().replacingFirst("K", with: "K")) == name)
    }

    @Test func rejectsWrongCodecBadCharactersAndUnknownKeyTypes() throws {
        #expect(throws: KeyError(.wrongCodec, "")) { try Name("bafkqaddwgevxmmraojswg33smq") }
        #expect(throws: KeyError(.invalidName, "")) { try Name("k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9!") }
        #expect(throws: KeyError(.invalidName, "")) { try Name("") }
        #expect(throws: KeyError(.invalidName, "")) { try Name("example.com") }
        // identity multihash of a PublicKey protobuf with key type 9
        let bogus = CID(codec: CID.libp2pKey, multihash: .identity([0x08, 0x09, 0x12, 0x02, 0xaa, 0xbb]))
        #expect(throws: KeyError(.unsupportedKeyType, "")) { try Name(Multibase.base36.encode(bogus.bytes)) }
        // Ed25519 key type with a 3-byte key
        let short = CID(codec: CID.libp2pKey, multihash: .identity([0x08, 0x01, 0x12, 0x03, 1, 2, 3]))
        #expect(throws: KeyError(.invalidPublicKey, "")) { try Name(Multibase.base36.encode(short.bytes)) }
    }

    @Test func sha256PeerIDsParseWithoutAnEmbeddedKey() throws {
        let name = try Name("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u")
        #expect(name.embeddedKey == nil)
        #expect(name.multihash.code == Multihash.sha2_256)
    }
}

extension String {
    fileprivate func replacingFirst(_ a: Character, with b: Character) -> String {
        guard let i = firstIndex(of: a) else { return self }
        var s = self
        s.replaceSubrange(i...i, with: String(b))
        return s
    }
}
