import NameCore
import Multiformats
import Sodium

/// A libp2p public key: a key type plus the type-specific bytes, as in the libp2p `PublicKey` protobuf.
///
/// Only Ed25519 keys can verify signatures in namectl; other types parse so that they can be
/// reported with a precise `unsupportedKeyType` error instead of a generic failure.
public struct PublicKey: Hashable, Sendable {
    /// The key's type.
    public let type: KeyType
    /// The raw key bytes (32 bytes for Ed25519).
    public let data: [UInt8]

    /// An Ed25519 public key from its 32 raw bytes.
    public init(ed25519 raw: [UInt8]) throws(KeyError) {
        guard raw.count == Sodium.ed25519PublicKeyBytes else {
            throw KeyError(.invalidPublicKey, "Ed25519 public key must be 32 bytes, got \(raw.count)")
        }
        self.type = .ed25519
        self.data = raw
    }

    private init(uncheckedType type: KeyType, data: [UInt8]) {
        self.type = type
        self.data = data
    }

    /// Parses the libp2p `PublicKey` protobuf (`1: Type`, `2: Data`).
    public init(protobuf bytes: [UInt8]) throws(KeyError) {
        var reader = ProtobufReader(bytes)
        var typeValue: UInt64?
        var data: [UInt8]?
        do {
            while let (field, value) = try reader.next() {
                switch (field, value) {
                case (1, .varint(let v)) where typeValue == nil: typeValue = v
                case (2, .bytes(let b)) where data == nil: data = b
                default: throw KeyError(.invalidPublicKey, "unexpected or repeated field \(field) in PublicKey")
                }
            }
        } catch let error as MultiformatsError {
            throw KeyError(.invalidPublicKey, "malformed PublicKey protobuf: \(error.reason)")
        } catch let error as KeyError {
            throw error
        } catch {
            throw KeyError(.invalidPublicKey, "malformed PublicKey protobuf")
        }
        guard let typeValue, let data else { throw KeyError(.invalidPublicKey, "PublicKey protobuf lacks Type or Data") }
        guard let type = KeyType(rawValue: typeValue) else {
            throw KeyError(.unsupportedKeyType, "unknown key type \(typeValue)")
        }
        if type == .ed25519 {
            try self.init(ed25519: data)
        } else {
            self.init(uncheckedType: type, data: data)
        }
    }

    /// The libp2p `PublicKey` protobuf: `08 <type> 12 <len> <data>` (36 bytes for Ed25519).
    public var protobuf: [UInt8] {
        var w = ProtobufWriter(capacity: data.count + 4)
        w.writeVarint(field: 1, type.rawValue)
        w.writeBytes(field: 2, data)
        return w.bytes
    }

    /// Verifies `signature` over `message`.
    /// - Throws: `unsupportedKeyType` for keys other than Ed25519.
    @inlinable
    public func verify(signature: [UInt8], message: [UInt8]) throws(KeyError) -> Bool {
        guard type == .ed25519 else {
            throw KeyError(.unsupportedKeyType, "\(type) signatures are not supported by namectl (only Ed25519)")
        }
        return Sodium.ed25519Verify(signature: signature, message: message, publicKey: data)
    }

    /// The peer ID multihash libp2p derives from this key: identity for keys of ≤ 42 protobuf bytes,
    /// SHA2-256 otherwise.
    public var peerIDMultihash: Multihash {
        let pb = protobuf
        if pb.count <= 42 { return .identity(pb) }
        return try! Multihash(code: Multihash.sha2_256, digest: Sodium.sha256(pb))
    }
}
