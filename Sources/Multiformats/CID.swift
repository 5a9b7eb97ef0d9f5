/// A content identifier (CIDv0 or CIDv1).
public struct CID: Hashable, Sendable, CustomStringConvertible {
    /// Multicodec for raw bytes.
    public static let raw: UInt64 = 0x55
    /// Multicodec for dag-pb (the only codec of CIDv0).
    public static let dagPB: UInt64 = 0x70
    /// Multicodec for dag-cbor.
    public static let dagCBOR: UInt64 = 0x71
    /// Multicodec for libp2p public keys (IPNS names).
    public static let libp2pKey: UInt64 = 0x72
    /// Multicodec for dag-json.
    public static let dagJSON: UInt64 = 0x0129

    /// 0 or 1.
    public let version: Int
    /// The content's multicodec.
    public let codec: UInt64
    /// The content's multihash.
    public let multihash: Multihash

    /// Makes a CIDv1.
    public init(codec: UInt64, multihash: Multihash) {
        self.version = 1
        self.codec = codec
        self.multihash = multihash
    }

    /// Makes a CIDv0 from a SHA2-256 multihash.
    public init(v0 multihash: Multihash) throws(MultiformatsError) {
        guard multihash.code == Multihash.sha2_256 else { throw MultiformatsError(.invalidCID, "CIDv0 requires a sha2-256 multihash") }
        self.version = 0
        self.codec = CID.dagPB
        self.multihash = multihash
    }

    /// Binary form: the bare multihash for v0, `0x01 ‖ varint(codec) ‖ multihash` for v1.
    public var bytes: [UInt8] {
        if version == 0 { return multihash.bytes }
        var out: [UInt8] = [0x01]
        Varint.encode(codec, into: &out)
        out.append(contentsOf: multihash.bytes)
        return out
    }

    /// Parses a binary CID (v0 multihash or v1); trailing bytes are an error.
    public init(bytes: [UInt8]) throws(MultiformatsError) {
        guard !bytes.isEmpty else { throw MultiformatsError(.empty, "empty CID") }
        if bytes.count == 34 && bytes[0] == 0x12 && bytes[1] == 0x20 {
            try self.init(v0: Multihash(bytes: bytes))
            return
        }
        var offset = 0
        let version = try Varint.decode(bytes, at: &offset)
        guard version == 1 else { throw MultiformatsError(.invalidCID, "unsupported CID version \(version)") }
        let codec = try Varint.decode(bytes, at: &offset)
        let mh = try Multihash.read(bytes, at: &offset)
        guard offset == bytes.count else { throw MultiformatsError(.trailingBytes, "\(bytes.count - offset) bytes after CID") }
        self.init(codec: codec, multihash: mh)
    }

    /// Parses the text form: `Qm…` (CIDv0, base58btc) or any multibase CIDv1.
    public init(_ text: String) throws(MultiformatsError) {
        guard !text.isEmpty else { throw MultiformatsError(.empty, "empty CID") }
        if text.count == 46 && text.hasPrefix("Qm") {
            let bytes = try Multibase.base58btc.decodeBare(Substring(text))
            try self.init(v0: Multihash(bytes: bytes))
            return
        }
        let (_, bytes) = try Multibase.decode(text)
        guard bytes.first == 0x01 else { throw MultiformatsError(.invalidCID, "multibase CID must be version 1") }
        try self.init(bytes: bytes)
    }

    /// Canonical text: base58btc for v0, base32 for v1 (base36 for libp2p-key, as IPNS names use).
    public var description: String {
        if version == 0 { return Multibase.base58btc.encodeBare(bytes) }
        return (codec == CID.libp2pKey ? Multibase.base36 : Multibase.base32).encode(bytes)
    }
}
