/// A 160-bit Mainline DHT identifier (node ID or BEP 44 target), compared by XOR distance.
public struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 20 bytes.
    public let bytes: [UInt8]

    /// The identifier length in bytes (20).
    public static let byteCount = 20

    /// Wraps 20 bytes; `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == NodeID.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Parses 40 hex digits.
    public init?(hex: String) {
        guard let b = Hex.decode(hex), b.count == NodeID.byteCount else { return nil }
        bytes = b
    }

    /// A uniformly random identifier (from the system CSPRNG; node IDs are public, so libsodium is not
    /// needed, which keeps the wire codec free of C dependencies for the fuzzer).
    public static func random() -> NodeID { NodeID(bytes: randomBytes(byteCount))! }

    private static func randomBytes(_ n: Int) -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt8.random(in: .min ... .max, using: &g) }
    }

    /// The BEP 44 target of a mutable item: SHA-1(key ‖ salt).
    public static func target(publicKey: [UInt8], salt: [UInt8]) -> NodeID {
        NodeID(bytes: SHA1.hash(publicKey + salt))!
    }

    /// XOR distance to `other`, as 20 bytes (compare with `<` on `NodeID`).
    public func distance(to other: NodeID) -> NodeID {
        NodeID(bytes: zip(bytes, other.bytes).map { $0 ^ $1 })!
    }

    /// Number of leading bits shared with `other` (160 for equal IDs).
    public func commonPrefixLength(with other: NodeID) -> Int {
        for i in 0..<NodeID.byteCount {
            let x = bytes[i] ^ other.bytes[i]
            if x != 0 { return i * 8 + x.leadingZeroBitCount }
        }
        return NodeID.byteCount * 8
    }

    /// Whether `a` is closer to `self` than `b` by XOR distance.
    public func isCloser(_ a: NodeID, than b: NodeID) -> Bool {
        for i in 0..<NodeID.byteCount {
            let da = a.bytes[i] ^ bytes[i], db = b.bytes[i] ^ bytes[i]
            if da != db { return da < db }
        }
        return false
    }

    /// A random ID sharing exactly `prefixLength` leading bits with `self` (for bucket refresh).
    func random(sharingPrefix prefixLength: Int) -> NodeID {
        var r = NodeID.randomBytes(NodeID.byteCount)
        for bit in 0...min(prefixLength, 159) {
            let byte = bit / 8, mask = UInt8(0x80) >> UInt8(bit % 8)
            let mine = bytes[byte] & mask
            let want = bit == prefixLength ? (mine ^ mask) : mine
            r[byte] = (r[byte] & ~mask) | want
        }
        return NodeID(bytes: r)!
    }

    public static func < (a: NodeID, b: NodeID) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// Lowercase hex.
    public var description: String { Hex.encode(bytes) }
}

/// Lowercase hex encoding helpers.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
