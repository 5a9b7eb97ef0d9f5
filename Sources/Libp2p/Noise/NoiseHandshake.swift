import Sodium

/// The libp2p Noise handshake, `Noise_XX_25519_ChaChaPoly_SHA256` with an empty prologue, over a
/// byte stream whose messages carry a 2-byte big-endian length.
///
/// XX: `-> e`, `<- e, ee, s, es`, `-> s, se`. The responder's identity arrives in message 2, the
/// initiator's in message 3; each proves it with a signature over its Noise static key.
public enum NoiseHandshake {
    /// The Noise protocol name.
    public static let protocolName = "Noise_XX_25519_ChaChaPoly_SHA256"
    /// The multistream-select id.
    public static let protocolID = "/noise"
    /// Largest Noise message.
    public static let maxMessageLength = 65535

    /// Runs the initiator side; `expected` is the peer ID being dialled (`nil` accepts anyone).
    /// - Throws: `.peerIDMismatch` when the responder proves another identity.
    public static func initiate(over transport: TCPConnection, identity: IdentityKey, expected: PeerID?) async throws -> SecureChannel {
        var state = NoiseSymmetricState(protocolName: protocolName)
        let ephemeral = Sodium.x25519Keypair()
        let staticKey = Sodium.x25519Keypair()

        state.mixHash(ephemeral.publicKey)
        let first = ephemeral.publicKey + (try state.encryptAndHash([]))
        try await writeMessage(first, to: transport)

        let second = try await readMessage(from: transport)
        guard second.count >= 32 + 48 + 16 else { throw Libp2pError(.noiseHandshake, "message 2 is \(second.count) bytes, too short") }
        let remoteEphemeral = Array(second[0..<32])
        state.mixHash(remoteEphemeral)
        state.mixKey(try dh(ephemeral.secretKey, remoteEphemeral))
        let remoteStatic = try state.decryptAndHash(Array(second[32..<80]))
        state.mixKey(try dh(ephemeral.secretKey, remoteStatic))
        let remotePayload = try NoiseHandshakePayload(bytes: try state.decryptAndHash(Array(second[80...])))
        let remotePeer = try remotePayload.verify(staticKey: remoteStatic)
        if let expected, expected != remotePeer {
            throw Libp2pError(.peerIDMismatch, "dialled \(expected) but the peer proved \(remotePeer)")
        }

        var third = try state.encryptAndHash(staticKey.publicKey)
        state.mixKey(try dh(staticKey.secretKey, remoteEphemeral))
        third += try state.encryptAndHash(NoiseHandshakePayload(signing: staticKey.publicKey, with: identity).bytes)
        try await writeMessage(third, to: transport)

        let (send, receive) = state.split()
        return SecureChannel(transport: transport, sender: send, receiver: receive, remotePeer: remotePeer)
    }

    /// Runs the responder side; returns the channel once the initiator proved its identity.
    public static func respond(over transport: TCPConnection, identity: IdentityKey) async throws -> SecureChannel {
        var state = NoiseSymmetricState(protocolName: protocolName)
        let ephemeral = Sodium.x25519Keypair()
        let staticKey = Sodium.x25519Keypair()

        let first = try await readMessage(from: transport)
        guard first.count >= 32 else { throw Libp2pError(.noiseHandshake, "message 1 is \(first.count) bytes, too short") }
        let remoteEphemeral = Array(first[0..<32])
        state.mixHash(remoteEphemeral)
        _ = try state.decryptAndHash(Array(first[32...]))

        state.mixHash(ephemeral.publicKey)
        state.mixKey(try dh(ephemeral.secretKey, remoteEphemeral))
        var second = ephemeral.publicKey + (try state.encryptAndHash(staticKey.publicKey))
        state.mixKey(try dh(staticKey.secretKey, remoteEphemeral))
        second += try state.encryptAndHash(NoiseHandshakePayload(signing: staticKey.publicKey, with: identity).bytes)
        try await writeMessage(second, to: transport)

        let third = try await readMessage(from: transport)
        guard third.count >= 48 + 16 else { throw Libp2pError(.noiseHandshake, "message 3 is \(third.count) bytes, too short") }
        let remoteStatic = try state.decryptAndHash(Array(third[0..<48]))
        state.mixKey(try dh(ephemeral.secretKey, remoteStatic))
        let remotePayload = try NoiseHandshakePayload(bytes: try state.decryptAndHash(Array(third[48...])))
        let remotePeer = try remotePayload.verify(staticKey: remoteStatic)

        let (receive, send) = state.split()
        return SecureChannel(transport: transport, sender: send, receiver: receive, remotePeer: remotePeer)
    }

    private static func dh(_ secret: SecretBytes, _ publicKey: [UInt8]) throws(Libp2pError) -> SecretBytes {
        guard let shared = Sodium.x25519(secretKey: secret, publicKey: publicKey) else {
            throw Libp2pError(.noiseHandshake, "peer sent an invalid X25519 key")
        }
        return shared
    }

    static func writeMessage(_ message: [UInt8], to transport: TCPConnection) async throws {
        try await transport.write(frame(message))
    }

    static func frame(_ message: [UInt8]) -> [UInt8] {
        [UInt8(message.count >> 8), UInt8(message.count & 0xff)] + message
    }

    static func readMessage(from transport: TCPConnection) async throws -> [UInt8] {
        let length = try await transport.read(exactly: 2)
        let count = Int(length[0]) << 8 | Int(length[1])
        return try await transport.read(exactly: count)
    }
}
