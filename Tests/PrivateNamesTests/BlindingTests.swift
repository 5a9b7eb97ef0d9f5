import NameKeys
@testable import PrivateNames
import Sodium
import Testing

@Suite struct BlindingTests {
    static let labels = ["friends", "family", "a", "天下無敵", "über", String(repeating: "x", count: 63)]

    @Test(arguments: labels)
    func readerAndOwnerDeriveTheSameBlindedKey(_ text: String) throws {
        let owner = PrivateKey.generate()
        let label = try PrivateLabel(text)
        let signer = BlindedKey(owner: owner, label: label)
        #expect(try owner.publicKey.blinded(label: label) == signer.publicKey)
        #expect(signer.publicKey != owner.publicKey)
    }

    @Test func blindedSignaturesAreStandardEd25519UnderTheBlindedKeyOnly() throws {
        let owner = PrivateKey.generate()
        let signer = BlindedKey(owner: owner, label: try PrivateLabel("friends"))
        let message = Array("ipns-signature:hello".utf8)
        let signature = signer.sign(message)
        #expect(signature.count == 64)
        #expect(Sodium.ed25519Verify(signature: signature, message: message, publicKey: signer.publicKey.data))
        #expect(!Sodium.ed25519Verify(signature: signature, message: message, publicKey: owner.publicKey.data))
        #expect(!Sodium.ed25519Verify(signature: signature, message: message + [0], publicKey: signer.publicKey.data))
        #expect(signer.sign(message) == signature, "the RFC's nonce makes signing deterministic")
        #expect(signer.sign(message + [0]) != signature)
    }

    @Test func labelsAndOwnersGiveUnrelatedKeys() throws {
        let owner = PrivateKey.generate(), other = PrivateKey.generate()
        let friends = try PrivateLabel("friends"), family = try PrivateLabel("family")
        let keys = [
            BlindedKey(owner: owner, label: friends).publicKey, BlindedKey(owner: owner, label: family).publicKey,
            BlindedKey(owner: other, label: friends).publicKey, owner.publicKey, other.publicKey,
            try owner.publicKey.blinded(label: friends, context: "gns"),
        ]
        #expect(Set(keys).count == keys.count)
    }

    @Test func labelsAreNormalisedToNFC() throws {
        let composed = try PrivateLabel("caf\u{e9}"), decomposed = try PrivateLabel("cafe\u{301}")
        #expect(composed == decomposed)
        #expect(composed.bytes == Array("caf\u{e9}".utf8))
        let owner = PrivateKey.generate()
        #expect(try owner.publicKey.blinded(label: composed) == owner.publicKey.blinded(label: decomposed))
    }

    @Test func badLabelsAreRejected() {
        for bad in ["", String(repeating: "x", count: 64), String(repeating: "é", count: 32), "tab\there", "nul\u{0}", "del\u{7f}"] {
            #expect(throws: PrivateNameError(.invalidLabel, "")) { try PrivateLabel(bad) }
        }
    }

    @Test func keysThatAreNotPrimeOrderPointsCannotBeBlinded() throws {
        let label = try PrivateLabel("friends")
        let identity = try PublicKey(ed25519: [1] + [UInt8](repeating: 0, count: 31))
        let orderTwo = try PublicKey(ed25519: [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f])
        let notOnCurve = try PublicKey(ed25519: [2] + [UInt8](repeating: 0, count: 31))
        for key in [identity, orderTwo, notOnCurve] {
            #expect(throws: PrivateNameError(.unblindableKey, "")) { try key.blinded(label: label) }
        }
        let rsa = try PublicKey(protobuf: [0x08, 0x00, 0x12, 0x03, 1, 2, 3])
        #expect(throws: PrivateNameError(.unblindableKey, "")) { try rsa.blinded(label: label) }
    }
}
