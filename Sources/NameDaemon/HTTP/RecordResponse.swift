import NameKeys
import NameRecord
import Sodium

/// The response for a signed record, as both the lean path and the Hummingbird routes send it:
/// Delegated Routing V1 (`GET /routing/v1/ipns/{name}`) or a trustless-gateway record
/// (`GET /ipns/{name}?format=ipns-record`, IPIP-351).
struct RecordResponse: Sendable {
    /// Which route the response answers.
    enum Form: Sendable, CaseIterable {
        /// `GET /routing/v1/ipns/{name}`.
        case routing
        /// `GET /ipns/{name}` asking for `application/vnd.ipfs.ipns-record`.
        case gateway
    }

    static let mediaType = "application/vnd.ipfs.ipns-record"

    /// Header fields in order, without `Date`, `Server` and `Content-Length` (the writer adds those).
    let headers: [(String, String)]
    /// `Cache-Control` max-age in seconds: the TTL, capped by the time left to EOL.
    let maxAge: Int64

    /// The response for `record` at `now`, or `nil` once the record has reached its EOL (an expired
    /// record is never served).
    init?(_ form: Form, name: Name, record: Record, now: Timestamp) {
        guard let eol = record.validity else { return nil }
        let left = now.nanoseconds(until: eol)
        guard left > 0 else { return nil }
        let ttl = Int64(clamping: record.ttl ?? 0)
        maxAge = min(ttl, left) / 1_000_000_000
        var fields: [(String, String)] = [
            ("Content-Type", Self.mediaType),
            ("Cache-Control", "public, max-age=\(maxAge)"),
            ("ETag", Self.etag(record.bytes)),
            ("Vary", "Accept"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if form == .gateway {
            fields.append(("Content-Disposition", "attachment; filename=\"\(name).ipns-record\""))
        }
        headers = fields
    }

    /// A strong validator for the exact record bytes (SHA-256, first 16 bytes, hex).
    static func etag(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        for byte in Sodium.sha256(bytes).prefix(16) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        text.append(UInt8(ascii: "\""))
        return String(decoding: text, as: UTF8.self)
    }
}
