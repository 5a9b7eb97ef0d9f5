import Sodium

/// The Noise SymmetricState (chaining key, handshake hash, cipher) for SHA-256 and ChaChaPoly.
struct NoiseSymmetricState: Sendable {
    private var chainingKey: SecretBytes
    private(set) var handshakeHash: [UInt8]
    private var cipher = NoiseCipherState()

    /// Initialises from the protocol name (exactly 32 bytes here, so used as-is) and an empty prologue.
    init(protocolName: String) {
        var name = Array(protocolName.utf8)
        handshakeHash = name.count <= 32 ? name + [UInt8](repeating: 0, count: 32 - name.count) : Sodium.sha256(name)
        var copy = handshakeHash
        chainingKey = SecretBytes(consuming: &copy)
        Sodium.memzero(&name)
        mixHash([])
    }

    mutating func mixHash(_ data: [UInt8]) {
        handshakeHash = Sodium.sha256(handshakeHash + data)
    }

    /// HKDF with the chaining key: two 32-byte outputs.
    private func hkdf(_ input: SecretBytes) -> (SecretBytes, SecretBytes) {
        var ikm = input.copyBytes()
        defer { Sodium.memzero(&ikm) }
        let tempKey = Sodium.hmacSHA256(key: chainingKey, message: ikm)
        let first = Sodium.hmacSHA256(key: tempKey, message: [0x01])
        var firstAndTwo = first.copyBytes() + [0x02]
        defer { Sodium.memzero(&firstAndTwo) }
        return (first, Sodium.hmacSHA256(key: tempKey, message: firstAndTwo))
    }

    mutating func mixKey(_ input: SecretBytes) {
        let (newChainingKey, key) = hkdf(input)
        chainingKey = newChainingKey
        cipher = NoiseCipherState(key: key)
    }

    mutating func encryptAndHash(_ plaintext: [UInt8]) throws(Libp2pError) -> [UInt8] {
        let ciphertext = try cipher.encrypt(plaintext, additionalData: handshakeHash)
        mixHash(ciphertext)
        return ciphertext
    }

    mutating func decryptAndHash(_ ciphertext: [UInt8]) throws(Libp2pError) -> [UInt8] {
        let plaintext: [UInt8]
        do {
            plaintext = try cipher.decrypt(ciphertext, additionalData: handshakeHash)
        } catch {
            throw Libp2pError(.noiseHandshake, "handshake message failed authentication")
        }
        mixHash(ciphertext)
        return plaintext
    }

    /// The two transport ciphers: (initiator → responder, responder → initiator).
    func split() -> (NoiseCipherState, NoiseCipherState) {
        let (first, second) = hkdf(SecretBytes(count: 0) { _ in })
        return (NoiseCipherState(key: first), NoiseCipherState(key: second))
    }
}
