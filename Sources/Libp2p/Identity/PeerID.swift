import Multiformats
import Sodium

/// A libp2p peer ID: the multihash of the peer's `PublicKey` protobuf (identity multihash when the
/// protobuf is at most 42 bytes, as for Ed25519; SHA2-256 otherwise). Shown in base58btc
/// (`12D3KooW…`); CIDv1 forms (`k51…`, `bafz…`) are accepted on input.
public struct PeerID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The multihash.
    public let multihash: Multihash

    /// The peer ID of a public key.
    public init(publicKey: Libp2pPublicKey) {
        let protobuf = publicKey.protobuf
        if protobuf.count <= 42 {
            multihash = .identity(protobuf)
        } else {
            // A SHA2-256 digest is always 32 bytes, so this cannot throw.
            multihash = try! Multihash(code: Multihash.sha2_256, digest: Sodium.sha256(protobuf))
        }
    }

    /// A peer ID from its binary multihash (identity or SHA2-256).
    public init(bytes: [UInt8]) throws(Libp2pError) {
        let multihash: Multihash
        do {
            multihash = try Multihash(bytes: bytes)
        } catch {
            throw Libp2pError(.invalidPeerID, "peer ID is not a multihash: \(error.reason)")
        }
        switch multihash.code {
        case Multihash.identity:
            guard multihash.digest.count <= 42 else { throw Libp2pError(.invalidPeerID, "identity peer ID longer than 42 bytes") }
            _ = try Libp2pPublicKey(protobuf: multihash.digest)
        case Multihash.sha2_256:
            break
        default:
            throw Libp2pError(.invalidPeerID, "peer ID uses hash function 0x\(String(multihash.code, radix: 16))")
        }
        self.multihash = multihash
    }

    /// Parses base58btc (`12D3KooW…`, `Qm…`) or a CIDv1 with the libp2p-key codec.
    public init(_ text: String) throws(Libp2pError) {
        if text.hasPrefix("1") || text.hasPrefix("Q") {
            let bytes: [UInt8]
            do {
                bytes = try Multibase.base58btc.decodeBare(Substring(text))
            } catch {
                throw Libp2pError(.invalidPeerID, "'\(text)' is not base58btc: \(error.reason)")
            }
            try self.init(bytes: bytes)
            return
        }
        let cid: CID
        do {
            cid = try CID(text)
        } catch {
            throw Libp2pError(.invalidPeerID, "'\(text)' is neither a base58 peer ID nor a CID: \(error.reason)")
        }
        guard cid.codec == CID.libp2pKey else { throw Libp2pError(.invalidPeerID, "CID '\(text)' is not a libp2p-key") }
        try self.init(bytes: cid.multihash.bytes)
    }

    /// The binary multihash.
    public var bytes: [UInt8] { multihash.bytes }

    /// The public key inlined in an identity peer ID, or `nil` for hashed IDs.
    public var inlinedPublicKey: Libp2pPublicKey? {
        guard multihash.code == Multihash.identity else { return nil }
        return try? Libp2pPublicKey(protobuf: multihash.digest)
    }

    /// base58btc text.
    public var description: String { Multibase.base58btc.encodeBare(bytes) }

    public static func < (lhs: PeerID, rhs: PeerID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
