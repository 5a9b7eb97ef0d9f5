/// One TXT record of a zone snippet: owner, TTL, and character-strings.
public struct ZoneRecord: Hashable, Sendable {
    /// The fully qualified owner name, e.g. `_dnslink.example.com.`
    public let owner: String
    /// The TTL in seconds.
    public let ttl: UInt32
    /// The character-strings (each ≤ 255 bytes).
    public let strings: [[UInt8]]

    /// The value: the strings concatenated.
    public var value: [UInt8] { strings.flatMap { $0 } }

    /// The RDATA in presentation format: each string quoted, `"` and `\` escaped, bytes outside
    /// printable ASCII as `\DDD`.
    public var rdataText: String {
        strings.map { string in
            var out = "\""
            for byte in string {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
                case 0x20...0x7E: out.unicodeScalars.append(UnicodeScalar(byte))
                default:
                    let digits = String(byte)
                    out += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
            return out + "\""
        }.joined(separator: " ")
    }

    /// The RFC 1035 master-file line, `owner ttl IN TXT "…" "…"`.
    public var zoneLine: String { "\(owner) \(ttl) IN TXT \(rdataText)" }
}
