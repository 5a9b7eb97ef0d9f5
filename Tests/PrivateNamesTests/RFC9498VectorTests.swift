import NameKeys
@testable import PrivateNames
import Sodium
import Testing

/// RFC 9498 (GNS) appendix A test vectors for the EDKEY zone type (cases 3 and 4): with the RFC's
/// context "gns", namectl's blinding reproduces the zone key, the derived private scalar, the
/// derived public key, the signature in the RRBLOCK (which pins the RFC's signing nonce), and the
/// HKDF the RFC uses for block keys.
@Suite struct RFC9498VectorTests {
    struct Vector {
        let seed: String
        let zoneKey: String
        let label: String
        let derivedScalar: String
        let derivedKey: String
        let expiration: String
        let bdata: String
        let signature: String
        let blockKey: String
        let blockNonce: String
    }

    static let vectors = [
        Vector(
            seed: "5af7020ee19160328832352bbc6a68a8d71a7cbe1b929969a7c66d415a0d8f65",
            zoneKey: "3cf4b924032022f0dc50581453b85d93b047b63d446c5845cb48445ddb96688f",
            label: "testdelegation",
            derivedScalar: "0b1b29d4230b10a8ec4da3c86edb88ea8eb71ac034f48d74a1a0162db44e47d1",
            derivedKey: "9bf233198c6d53bbdbac495cabd91049a684af3f4051bacab0dcf21c8cf27a1a",
            expiration: "0008c06fb9281580",
            bdata: "9cc455a1293319435993cb3d67179ec06ea8d8894e904a0c35e91c5c2ff2ed939cc2f8301231f44e592a4ac87e4998b94625c64af51686a2b36a2b2892d44f2d",
            signature: "44d240d07902f490b7c43ef00758abce8851c18c70ac6df97a88f79211cf875f784885ca3e349ec4ca892b9ff084c5358965b8e74a2315952d4c8c06521c2f0c",
            blockKey: "85c429a9567aa633411a9691e9094c45281672be586034aae4a2a2cc716159e2",
            blockNonce: "98132ea86859d35c88bfd317fa991bcb"),
        Vector(
            seed: "5af7020ee19160328832352bbc6a68a8d71a7cbe1b929969a7c66d415a0d8f65",
            zoneKey: "3cf4b924032022f0dc50581453b85d93b047b63d446c5845cb48445ddb96688f",
            label: "天下無敵",
            derivedScalar: "07c068a6c3f720de0e1b69ff3f53e05d2b06cbd1ae2dddb34e29b7b8fdce616b",
            derivedKey: "74f90068f167695352a8a6c2eb984898c53acca0980470c6c81264cbdd78ad11",
            expiration: "0008c06fb9281580",
            bdata: "702a196f582b7294777198d0a8ab3009efcab815be77a75c68c800aa9fc2588ae9d7c7145654c441eb2e3188db3dcecd"
                + "f333332564b6ddd3f037a678ddb7422779aa8909d7592997021e5f7a43fa9cbc73e417865becae97dfc5260fccf53cae"
                + "3fb19bf1189317de2fd9e01a73ea8e4899b454d6734c92b7425a8b87161fd73821c9583841861d4d5ae802c41414ba04",
            signature: "8461911b4065c108c65d750a60d432a31338b2026c358c2d6215e4a90d48f18cf2cfb18d3d111041cc0eee649cd908b8280e44393f4ebd987ad02ab84a8c6106",
            blockKey: "3df805bd6687aa14209628c244b1119188c3925637a41e5d76496c2945dc377b",
            blockNonce: "bb0d3f0fbd22427750da5d691216e6c9"),
    ]

    @Test(arguments: vectors)
    func derivationMatchesRFC9498(_ v: Vector) throws {
        let owner = try PrivateKey(seed: hexBytes(v.seed))
        #expect(hex(owner.publicKey.data) == v.zoneKey)
        let label = try PrivateLabel(v.label)
        let blinded = BlindedKey(owner: owner, label: label, context: "gns")
        var scalar = blinded.scalarBigEndianForTesting()
        #expect(hex(scalar) == v.derivedScalar)
        Sodium.memzero(&scalar)
        #expect(hex(blinded.publicKey.data) == v.derivedKey)
        #expect(try owner.publicKey.blinded(label: label, context: "gns") == blinded.publicKey)
    }

    /// The RRBLOCK signature covers `size ‖ purpose (15, GNS record) ‖ expiration ‖ BDATA`; EdDSA with
    /// the RFC's nonce is deterministic, so equal bytes prove the nonce derivation too.
    @Test(arguments: vectors)
    func signatureMatchesRFC9498(_ v: Vector) throws {
        let owner = try PrivateKey(seed: hexBytes(v.seed))
        let blinded = BlindedKey(owner: owner, label: try PrivateLabel(v.label), context: "gns")
        let bdata = hexBytes(v.bdata)
        let message = bigEndian32(16 + bdata.count) + bigEndian32(15) + hexBytes(v.expiration) + bdata
        let signature = blinded.sign(message)
        #expect(hex(signature) == v.signature)
        #expect(Sodium.ed25519Verify(signature: signature, message: message, publicKey: blinded.publicKey.data))
    }

    @Test(arguments: vectors)
    func hkdfMatchesRFC9498BlockKeys(_ v: Vector) {
        let zoneKey = hexBytes(v.zoneKey)
        let label = Array(v.label.utf8)
        #expect(hex(Sodium.hkdfSHA512SHA256(salt: Array("gns-xsalsa-ctx-key".utf8), ikm: zoneKey, info: label, count: 32)) == v.blockKey)
        #expect(hex(Sodium.hkdfSHA512SHA256(salt: Array("gns-xsalsa-ctx-iv".utf8), ikm: zoneKey, info: label, count: 16)) == v.blockNonce)
    }

    func bigEndian32(_ n: Int) -> [UInt8] { (0..<4).map { UInt8((n >> (24 - 8 * $0)) & 0xff) } }
}
