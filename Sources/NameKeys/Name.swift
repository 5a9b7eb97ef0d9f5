import Multiformats

/// A self-certifying IPNS name: the multihash of a libp2p public key, shown as a CIDv1
/// (codec libp2p-key) in base36, `k51…`.
///
/// Parsing accepts `k51…` base36 and `b…` base32 (or any multibase) CIDv1 names, and legacy base58btc
/// peer IDs (`12D3KooW…` for Ed25519, `Qm…` for RSA). Formatting is always canonical base36.
public struct Name: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The peer ID multihash.
    public let multihash: Multihash
    /// The public key embedded in the name (identity multihash), or `nil` when the name only
    /// holds a hash of the key (RSA), in which case records must carry `pubKey`.
    public let embeddedKey: PublicKey?

    /// The longest identity multihash digest a name may embed: libp2p peer IDs inline keys of at
    /// most 42 bytes (Ed25519, secp256k1) and hash larger ones (RSA, ECDSA) with SHA-256.
    public static let maxIdentityDigestBytes = 42
    /// The longest binary CID a valid name has: version, codec, identity code, length, 42-byte key.
    public static let maxCIDBytes = 4 + maxIdentityDigestBytes
    /// The longest text any valid name has (base16, the least dense base accepted, with its prefix).
    /// Longer input is refused before any decoding: base36/base58 decoding is quadratic in length.
    public static let maxTextLength = 1 + 2 * maxCIDBytes

    /// The name for a public key.
    public init(publicKey: PublicKey) {
        multihash = publicKey.peerIDMultihash
        embeddedKey = multihash.code == Multihash.identity ? publicKey : nil
    }

    /// Makes a name from a peer ID multihash, decoding an embedded key when the hash is identity.
    public init(multihash: Multihash) throws(KeyError) {
        switch multihash.code {
        case Multihash.identity:
            guard multihash.digest.count <= Name.maxIdentityDigestBytes else {
                throw KeyError(.invalidName, "peer ID inlines a \(multihash.digest.count)-byte key; at most \(Name.maxIdentityDigestBytes) bytes may be inlined")
            }
            let key = try PublicKey(protobuf: multihash.digest)
            self.multihash = multihash
            self.embeddedKey = key
        case Multihash.sha2_256:
            self.multihash = multihash
            self.embeddedKey = nil
        default:
            throw KeyError(.invalidName, "peer ID uses unsupported hash function 0x\(String(multihash.code, radix: 16))")
        }
    }

    /// Parses a name in any accepted text form (see the type's documentation). A leading `/ipns/` is not accepted here;
    /// use `IPNSPath` for paths.
    public init(_ text: String) throws(KeyError) {
        guard !text.isEmpty else { throw KeyError(.invalidName, "empty name") }
        guard text.utf8.count <= Name.maxTextLength else {
            throw KeyError(.invalidName, "'\(text.prefix(16))…' (\(text.utf8.count) characters) is longer than any IPNS name (at most \(Name.maxTextLength))")
        }
        let mhBytes: [UInt8]
        do {
            if text.hasPrefix("12D3KooW") || text.hasPrefix("Qm") || text.hasPrefix("16Uiu2") {
                mhBytes = try Multibase.base58btc.decodeBare(Substring(text))
            } else {
                let (_, bytes) = try Multibase.decode(text)
                let cid = try CID(bytes: bytes)
                guard cid.version == 1 else { throw KeyError(.invalidName, "'\(text)' is not a CIDv1") }
                guard cid.codec == CID.libp2pKey else {
                    throw KeyError(.wrongCodec, "'\(text)' is a CID with codec 0x\(String(cid.codec, radix: 16)), not libp2p-key (0x72)")
                }
                mhBytes = cid.multihash.bytes
            }
        } catch let error as MultiformatsError {
            throw KeyError(.invalidName, "'\(text)' is not a valid IPNS name: \(error.reason)")
        } catch let error as KeyError {
            throw error
        } catch {
            throw KeyError(.invalidName, "'\(text)' is not a valid IPNS name")
        }
        let mh: Multihash
        do { mh = try Multihash(bytes: mhBytes) } catch {
            throw KeyError(.invalidName, "'\(text)' is not a valid IPNS name: \(error.reason)")
        }
        try self.init(multihash: mh)
    }

    /// The CIDv1 (codec libp2p-key) of this name.
    public var cid: CID { CID(codec: CID.libp2pKey, multihash: multihash) }

    /// Canonical base36 text, `k51…`.
    public var description: String { Multibase.base36.encode(cid.bytes) }

    /// `/ipns/<canonical name>`.
    public var path: String { "/ipns/" + description }

    /// The legacy base58btc peer ID form (`12D3KooW…`).
    public var peerID: String { Multibase.base58btc.encodeBare(multihash.bytes) }

    /// The bytes used as the routing key in IPNS: `/ipns/` ‖ multihash.
    public var routingKey: [UInt8] { Array("/ipns/".utf8) + multihash.bytes }

    public static func < (lhs: Name, rhs: Name) -> Bool { lhs.description < rhs.description }
}
