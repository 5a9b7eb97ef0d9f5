import Multiformats
import NameKeys
import NameRecord

/// The DNS records that publish a name under a domain: the DNSLink TXT at `_dnslink.<domain>`
/// and, for a key-backed name, the signed record TXT beside it (see `SignedRecordTXT`).
///
/// ```swift
/// let snippet = try ZoneSnippet(domain: "example.com", link: name.path, signedRecord: record)
/// print(snippet.render(.zone))
/// // _dnslink.example.com. 300 IN TXT "dnslink=/ipns/k51…"
/// // _dnslink.example.com. 300 IN TXT "ipns-record=CiQv…" "…"
/// ```
public struct ZoneSnippet: Sendable {
    /// The domain, fully qualified (`example.com.`).
    public let domain: String
    /// The owner of all records, `_dnslink.<domain>`.
    public let owner: String
    /// The records, DNSLink first.
    public let records: [ZoneRecord]

    /// Makes a snippet.
    /// - Parameters:
    ///   - domain: the domain (`example.com`, trailing dot optional).
    ///   - ttl: the records' TTL in seconds.
    ///   - link: the DNSLink path, `/ipns/<name>` or `/ipfs/<cid>[/path]` (or any valid `/<ns>/<id>`).
    ///   - signedRecord: a signed record to carry; it must be valid for the `/ipns/<name>` in `link`.
    /// - Throws: `invalidDomain`; `invalidValue` for a link that is not a valid DNSLink, an `/ipfs/`
    ///   link whose CID does not parse, an `/ipns/` link whose name does not parse when a record is
    ///   given, or a record that does not validate for that name.
    public init(domain: String, ttl: UInt32 = 300, link: String, signedRecord: Record? = nil) throws(DNSError) {
        let bare = domain.hasSuffix(".") ? String(domain.dropLast()) : domain
        guard !bare.isEmpty, bare.utf8.count <= 253 - "_dnslink.".count, bare.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 }) else {
            throw DNSError(.invalidDomain, "'\(domain)' is not a valid domain for a DNSLink")
        }
        let linkValue = Array("dnslink=\(link)".utf8)
        let entry: DNSLinkEntry
        switch DNSLinkEntry.parse(txt: linkValue) {
        case .success(let e)?: entry = e
        case .failure(let reason)?: throw DNSError(.invalidValue, "'\(link)' is not a valid DNSLink value (\(reason.rawValue))")
        case nil: throw DNSError(.invalidValue, "'\(link)' is not a valid DNSLink value")
        }
        let first = String(entry.identifier.split(separator: "/", maxSplits: 1).first ?? "")
        if entry.namespace == "ipfs" {
            do { _ = try CID(first) } catch { throw DNSError(.invalidValue, "'\(first)' is not a CID: \(error.reason)") }
        }
        if let signedRecord {
            guard entry.namespace == "ipns", let name = try? Name(first) else {
                throw DNSError(.invalidValue, "a signed record needs a link of the form /ipns/<name>, not '\(link)'")
            }
            do { try RecordValidator.standard.validate(signedRecord, for: name) } catch {
                throw DNSError(.invalidValue, "the record is not valid for \(name): \(error.reason)", recordError: error)
            }
        }
        self.domain = bare + "."
        self.owner = "_dnslink.\(bare)."
        var records = [ZoneRecord(owner: owner, ttl: ttl, strings: SignedRecordTXT.split(linkValue))]
        if let signedRecord {
            records.append(ZoneRecord(owner: owner, ttl: ttl, strings: SignedRecordTXT.characterStrings(for: signedRecord)))
        }
        self.records = records
    }

    /// A snippet publishing `record` for its key's name under `domain`: `dnslink=/ipns/<name>` plus the signed record.
    /// - Throws: as `init(domain:ttl:link:signedRecord:)`.
    public init(domain: String, ttl: UInt32 = 300, name: Name, signedRecord: Record?) throws(DNSError) {
        try self.init(domain: domain, ttl: ttl, link: name.path, signedRecord: signedRecord)
    }

    /// The snippet as text in `format` (ends with a newline).
    /// - Parameter zone: for `.nsupdate`, an optional `zone` line.
    public func render(_ format: ZoneSnippetFormat, zone: String? = nil) -> String {
        switch format {
        case .zone:
            return records.map { $0.zoneLine + "\n" }.joined()
        case .nsupdate:
            var out = ""
            if let zone { out += "zone \(zone.hasSuffix(".") ? zone : zone + ".")\n" }
            out += "update delete \(owner) TXT\n"
            out += records.map { "update add \($0.zoneLine)\n" }.joined()
            return out + "send\n"
        case .json:
            let items = records.map { r in
                "{\"name\":\(JSONText.string(r.owner)),\"ttl\":\(r.ttl),\"type\":\"TXT\",\"strings\":["
                    + r.strings.map { JSONText.string(String(decoding: $0, as: UTF8.self)) }.joined(separator: ",")
                    + "],\"value\":\(JSONText.string(String(decoding: r.value, as: UTF8.self)))}"
            }
            return "{\"records\":[" + items.joined(separator: ",") + "]}\n"
        }
    }
}
