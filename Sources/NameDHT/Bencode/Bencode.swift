/// A bencoded value (BEP 3): integers, byte strings, lists and dictionaries with byte-string keys.
///
/// Encoding is canonical (dictionary keys sorted bytewise, minimal integers), and the decoder
/// (`BencodeDecoder`) only accepts canonical input, so `decode(encode(x)) == x` and
/// `encode(decode(b)) == b` for every accepted `b`.
public enum Bencode: Hashable, Sendable {
    /// A signed 64-bit integer, `i<n>e`.
    case integer(Int64)
    /// A byte string, `<len>:<bytes>`.
    case bytes([UInt8])
    /// A list, `l…e`.
    case list([Bencode])
    /// A dictionary with byte-string keys, `d…e`, encoded in bytewise key order.
    case dictionary([[UInt8]: Bencode])

    /// A byte string from ASCII/UTF-8 text.
    public static func string(_ text: String) -> Bencode { .bytes(Array(text.utf8)) }

    /// The canonical encoding.
    public var encoded: [UInt8] {
        var out = [UInt8]()
        encode(into: &out)
        return out
    }

    /// Appends the canonical encoding to `out`.
    public func encode(into out: inout [UInt8]) {
        switch self {
        case .integer(let n):
            out.append(UInt8(ascii: "i"))
            out.append(contentsOf: Array(String(n).utf8))
            out.append(UInt8(ascii: "e"))
        case .bytes(let b):
            Bencode.appendString(b, to: &out)
        case .list(let items):
            out.append(UInt8(ascii: "l"))
            for item in items { item.encode(into: &out) }
            out.append(UInt8(ascii: "e"))
        case .dictionary(let dict):
            out.append(UInt8(ascii: "d"))
            for key in dict.keys.sorted(by: Bencode.keyOrder) {
                Bencode.appendString(key, to: &out)
                dict[key]!.encode(into: &out)
            }
            out.append(UInt8(ascii: "e"))
        }
    }

    /// Appends `<len>:<bytes>` to `out`.
    static func appendString(_ b: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: Array(String(b.count).utf8))
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: b)
    }

    /// Bytewise lexicographic order, the order bencode dictionaries use.
    static func keyOrder(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    // MARK: Accessors

    /// The integer, when this is one.
    public var integerValue: Int64? { if case .integer(let n) = self { n } else { nil } }
    /// The byte string, when this is one.
    public var bytesValue: [UInt8]? { if case .bytes(let b) = self { b } else { nil } }
    /// The list, when this is one.
    public var listValue: [Bencode]? { if case .list(let l) = self { l } else { nil } }
    /// The dictionary, when this is one.
    public var dictionaryValue: [[UInt8]: Bencode]? { if case .dictionary(let d) = self { d } else { nil } }

    /// The value under the ASCII key `key`, when this is a dictionary holding it.
    public subscript(key: String) -> Bencode? { dictionaryValue?[Array(key.utf8)] }
}
