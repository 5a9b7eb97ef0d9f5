import Multiformats

/// The libp2p Noise handshake payload: the sender's identity key, its signature over
/// `"noise-libp2p-static-key:" ‖ Noise static key`, and optional extensions.
public struct NoiseHandshakePayload: Sendable, Equatable {
    /// What the identity signature covers, before the static key.
    public static let signaturePrefix = Array("noise-libp2p-static-key:".utf8)

    /// The libp2p `PublicKey` protobuf of the sender.
    public var identityKey: [UInt8]
    /// The identity key's signature over the prefix and the static key.
    public var identitySignature: [UInt8]
    /// Stream muxers offered in `NoiseExtensions` (early muxer negotiation); namectl sends none.
    public var streamMuxers: [String]

    /// A payload from its parts.
    public init(identityKey: [UInt8], identitySignature: [UInt8], streamMuxers: [String] = []) {
        self.identityKey = identityKey
        self.identitySignature = identitySignature
        self.streamMuxers = streamMuxers
    }

    /// The payload signed by `identity` for the Noise static key `staticKey`.
    public init(signing staticKey: [UInt8], with identity: IdentityKey) {
        self.init(identityKey: identity.publicKey.protobuf, identitySignature: identity.sign(Self.signaturePrefix + staticKey))
    }

    /// Decodes the protobuf (`identity_key = 1`, `identity_sig = 2`, `extensions = 4`; other
    /// fields, such as the retired `data = 3`, are skipped).
    public init(bytes: [UInt8]) throws(Libp2pError) {
        var reader = ProtobufReader(bytes)
        var key: [UInt8]?
        var signature: [UInt8]?
        var muxers: [String] = []
        do {
            while let (field, value) = try reader.next() {
                switch (field, value) {
                case (1, .bytes(let b)): key = b
                case (2, .bytes(let b)): signature = b
                case (4, .bytes(let b)):
                    var extensions = ProtobufReader(b)
                    while let (extField, extValue) = try extensions.next() {
                        if extField == 2, case .bytes(let muxer) = extValue, let text = String(validating: muxer, as: UTF8.self) {
                            muxers.append(text)
                        }
                    }
                case (1, _), (2, _), (4, _):
                    throw Libp2pError(.noiseHandshake, "handshake payload field \(field) has the wrong wire type")
                default:
                    continue
                }
            }
        } catch let error as MultiformatsError {
            throw Libp2pError(.noiseHandshake, "malformed handshake payload: \(error.reason)")
        } catch let error as Libp2pError {
            throw error
        } catch {
            throw Libp2pError(.noiseHandshake, "malformed handshake payload")
        }
        guard let key, let signature else { throw Libp2pError(.noiseHandshake, "handshake payload lacks the identity key or signature") }
        self.init(identityKey: key, identitySignature: signature, streamMuxers: muxers)
    }

    /// The protobuf bytes.
    public var bytes: [UInt8] {
        var writer = ProtobufWriter()
        writer.writeBytes(field: 1, identityKey)
        writer.writeBytes(field: 2, identitySignature)
        if !streamMuxers.isEmpty {
            var extensions = ProtobufWriter()
            for muxer in streamMuxers { extensions.writeBytes(field: 2, Array(muxer.utf8)) }
            writer.writeBytes(field: 4, extensions.bytes)
        }
        return writer.bytes
    }

    /// Checks the signature over `staticKey` and returns the sender's peer ID.
    /// - Throws: `.noiseHandshake` for a bad key or signature, `.unsupportedKeyType` for non-Ed25519 keys.
    public func verify(staticKey: [UInt8]) throws(Libp2pError) -> PeerID {
        let key: Libp2pPublicKey
        do {
            key = try Libp2pPublicKey(protobuf: identityKey)
        } catch where error.code == .invalidPeerID {
            throw Libp2pError(.noiseHandshake, "bad identity key: \(error.reason)")
        }
        guard try key.verify(signature: identitySignature, message: Self.signaturePrefix + staticKey) else {
            throw Libp2pError(.noiseHandshake, "identity signature over the Noise static key does not verify")
        }
        return PeerID(publicKey: key)
    }
}
