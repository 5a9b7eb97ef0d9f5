import Multiformats
import Sodium

/// A libp2p public key as carried in the `PublicKey` protobuf (`1: Type`, `2: Data`).
///
/// Every key type parses (so a peer can be named in errors), but only Ed25519 verifies
/// signatures: libsodium has no RSA or secp256k1.
public struct Libp2pPublicKey: Hashable, Sendable {
    /// The protobuf `KeyType` enum value (RSA 0, Ed25519 1, Secp256k1 2, ECDSA 3).
    public let type: UInt64
    /// The key bytes (32 for Ed25519).
    public let data: [UInt8]

    /// The `KeyType` value of Ed25519.
    public static let ed25519Type: UInt64 = 1

    /// An Ed25519 key from its 32 raw bytes.
    public init(ed25519 raw: [UInt8]) throws(Libp2pError) {
        guard raw.count == Sodium.ed25519PublicKeyBytes else {
            throw Libp2pError(.invalidPeerID, "Ed25519 public key must be 32 bytes, got \(raw.count)")
        }
        type = Self.ed25519Type
        data = raw
    }

    /// Parses the `PublicKey` protobuf.
    public init(protobuf bytes: [UInt8]) throws(Libp2pError) {
        var reader = ProtobufReader(bytes)
        var type: UInt64?
        var data: [UInt8]?
        do {
            while let (field, value) = try reader.next() {
                switch (field, value) {
                case (1, .varint(let v)) where type == nil: type = v
                case (2, .bytes(let b)) where data == nil: data = b
                default: throw Libp2pError(.invalidPeerID, "unexpected or repeated field \(field) in PublicKey")
                }
            }
        } catch let error as MultiformatsError {
            throw Libp2pError(.invalidPeerID, "malformed PublicKey protobuf: \(error.reason)")
        } catch let error as Libp2pError {
            throw error
        } catch {
            throw Libp2pError(.invalidPeerID, "malformed PublicKey protobuf")
        }
        guard let type, let data else { throw Libp2pError(.invalidPeerID, "PublicKey protobuf lacks Type or Data") }
        guard type <= 3 else { throw Libp2pError(.unsupportedKeyType, "unknown key type \(type)") }
        if type == Self.ed25519Type {
            try self.init(ed25519: data)
        } else {
            self.init(uncheckedType: type, data: data)
        }
    }

    private init(uncheckedType type: UInt64, data: [UInt8]) {
        self.type = type
        self.data = data
    }

    /// The `PublicKey` protobuf bytes (`08 01 12 20 ‖ key` for Ed25519).
    public var protobuf: [UInt8] {
        var writer = ProtobufWriter(capacity: data.count + 4)
        writer.writeVarint(field: 1, type)
        writer.writeBytes(field: 2, data)
        return writer.bytes
    }

    /// Verifies a signature over `message`.
    /// - Throws: `.unsupportedKeyType` for anything but Ed25519.
    public func verify(signature: [UInt8], message: [UInt8]) throws(Libp2pError) -> Bool {
        guard type == Self.ed25519Type else {
            throw Libp2pError(.unsupportedKeyType, "key type \(type) cannot be verified (only Ed25519 is supported)")
        }
        return Sodium.ed25519Verify(signature: signature, message: message, publicKey: data)
    }
}
