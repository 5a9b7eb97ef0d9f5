/// A multihash: `varint(code) ‖ varint(length) ‖ digest`.
public struct Multihash: Hashable, Sendable {
    /// Hash function code for the identity "hash" (the bytes themselves).
    public static let identity: UInt64 = 0x00
    /// Hash function code for SHA2-256.
    public static let sha2_256: UInt64 = 0x12

    /// The hash function code.
    public let code: UInt64
    /// The digest bytes.
    public let digest: [UInt8]

    /// Makes a multihash from a code and digest; SHA2-256 digests must be 32 bytes.
    public init(code: UInt64, digest: [UInt8]) throws(MultiformatsError) {
        if code == Multihash.sha2_256 && digest.count != 32 {
            throw MultiformatsError(.invalidMultihash, "sha2-256 digest must be 32 bytes, got \(digest.count)")
        }
        self.code = code
        self.digest = digest
    }

    /// The identity multihash of `bytes`.
    public static func identity(_ bytes: [UInt8]) -> Multihash {
        // Identity digests have no fixed length, so this cannot throw.
        try! Multihash(code: Multihash.identity, digest: bytes)
    }

    /// The binary form.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(digest.count + 4)
        Varint.encode(code, into: &out)
        Varint.encode(UInt64(digest.count), into: &out)
        out.append(contentsOf: digest)
        return out
    }

    /// Reads one multihash starting at `offset`, advancing it.
    public static func read(_ bytes: [UInt8], at offset: inout Int) throws(MultiformatsError) -> Multihash {
        let code = try Varint.decode(bytes, at: &offset)
        let length = try Varint.decode(bytes, at: &offset)
        guard length <= UInt64(bytes.count - offset) else {
            throw MultiformatsError(.invalidMultihash, "multihash declares \(length) digest bytes, \(bytes.count - offset) present")
        }
        let digest = Array(bytes[offset..<offset + Int(length)])
        offset += Int(length)
        return try Multihash(code: code, digest: digest)
    }

    /// Parses a complete binary multihash; trailing bytes are an error.
    public init(bytes: [UInt8]) throws(MultiformatsError) {
        var offset = 0
        let mh = try Multihash.read(bytes, at: &offset)
        guard offset == bytes.count else { throw MultiformatsError(.trailingBytes, "\(bytes.count - offset) bytes after multihash") }
        self = mh
    }
}
