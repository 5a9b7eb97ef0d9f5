import Multiformats
import NameRecord

/// How a signed IPNS record travels in DNS.
///
/// **Where it lives:** in the same TXT RRset as the DNSLink, at `_dnslink.<domain>` (or `<domain>`
/// after a DNSLink fallback), as its own TXT record whose value is `ipns-record=` followed by the
/// serialized record in RFC 4648 base64 (standard alphabet, no padding). DNSLink resolvers ignore
/// it (it does not start with `dnslink=`); namectl finds it with the same query that finds the link,
/// and validates it for the `/ipns/<name>` the DNSLink points at.
///
/// **Layout:** the value is split into ≤255-byte character-strings of one TXT record; readers
/// concatenate them (RFC 7208 §3.3 style), exactly like long DNSLink values.
public enum SignedRecordTXT {
    /// The prefix of the TXT value.
    public static let prefix: [UInt8] = Array("ipns-record=".utf8)
    /// The longest base64 text accepted (a 10 KiB record), checked before decoding.
    public static let maxEncodedLength = (Record.maxSize + 2) / 3 * 4

    /// Whether a TXT value (strings concatenated) carries a signed record.
    public static func isSignedRecord(_ txt: [UInt8]) -> Bool { txt.starts(with: prefix) }

    /// The TXT value for `record`: `ipns-record=<base64>`.
    public static func value(for record: Record) -> [UInt8] {
        prefix + Array(Multibase.base64.encodeBare(record.bytes).utf8)
    }

    /// The record's TXT value split into character-strings of at most 255 bytes.
    public static func characterStrings(for record: Record) -> [[UInt8]] { split(value(for: record)) }

    /// Splits any TXT value into character-strings of at most 255 bytes (one empty string for an empty value).
    public static func split(_ value: [UInt8]) -> [[UInt8]] {
        guard !value.isEmpty else { return [[]] }
        return stride(from: 0, to: value.count, by: 255).map { Array(value[$0..<min($0 + 255, value.count)]) }
    }

    /// Decodes the record bytes from a TXT value (strings already concatenated). Trailing `=`
    /// padding is tolerated. Does **not** validate the record: the resolver races the bytes with every other candidate.
    /// - Throws: `malformedSignedRecord` for a missing prefix, oversize text, or bad base64.
    public static func decode(_ txt: [UInt8]) throws(DNSError) -> [UInt8] {
        guard isSignedRecord(txt) else { throw DNSError(.malformedSignedRecord, "TXT value does not start with ipns-record=") }
        var body = txt.dropFirst(prefix.count)
        guard body.count <= maxEncodedLength + 2 else {
            throw DNSError(.malformedSignedRecord, "ipns-record TXT holds \(body.count) base64 characters, more than a \(Record.maxSize)-byte record needs")
        }
        var padding = 0
        while body.last == UInt8(ascii: "="), padding < 2 { body = body.dropLast(); padding += 1 }
        guard !body.isEmpty else { throw DNSError(.malformedSignedRecord, "ipns-record TXT is empty") }
        do {
            return try Multibase.base64.decodeBare(Substring(decoding: body, as: UTF8.self))
        } catch {
            throw DNSError(.malformedSignedRecord, "ipns-record TXT is not valid base64: \(error.reason)")
        }
    }
}
