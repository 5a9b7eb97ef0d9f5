import Sodium

/// A Noise CipherState for ChaChaPoly: a key and a 64-bit counter nonce (encoded as 32 zero bits
/// then the counter, little-endian, per the Noise spec).
struct NoiseCipherState: Sendable {
    private let key: SecretBytes?
    private var nonce: UInt64 = 0

    /// A cipher with no key yet: "encryption" is the identity, as Noise specifies.
    init() { key = nil }

    /// A cipher with `key` (32 bytes), starting at `nonce` (0 except in tests of the nonce limit).
    init(key: SecretBytes, nonce: UInt64 = 0) {
        self.key = key
        self.nonce = nonce
    }

    var hasKey: Bool { key != nil }

    private mutating func nextNonce() throws(Libp2pError) -> [UInt8] {
        // 2^64 - 1 is reserved by Noise; stop before it.
        guard nonce < UInt64.max - 1 else { throw Libp2pError(.noiseTransport, "Noise nonce space exhausted") }
        var out = [UInt8](repeating: 0, count: 12)
        for i in 0..<8 { out[4 + i] = UInt8(truncatingIfNeeded: nonce >> (8 * UInt64(i))) }
        nonce += 1
        return out
    }

    mutating func encrypt(_ plaintext: [UInt8], additionalData: [UInt8]) throws(Libp2pError) -> [UInt8] {
        guard let key else { return plaintext }
        return Sodium.chachaPolySeal(plaintext, additionalData: additionalData, nonce: try nextNonce(), key: key)
    }

    mutating func decrypt(_ ciphertext: [UInt8], additionalData: [UInt8]) throws(Libp2pError) -> [UInt8] {
        guard let key else { return ciphertext }
        guard let plaintext = Sodium.chachaPolyOpen(ciphertext, additionalData: additionalData, nonce: try nextNonce(), key: key) else {
            throw Libp2pError(.noiseTransport, "Noise message failed authentication")
        }
        return plaintext
    }
}
