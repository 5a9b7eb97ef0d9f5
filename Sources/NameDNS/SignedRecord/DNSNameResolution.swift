import NameKeys
import NameRecord

/// What DNS says about a domain: its DNSLink result and, when present, the signed IPNS record
/// carried beside it, already validated for the name the DNSLink points at.
public struct DNSNameResolution: Sendable {
    /// The DNSLink lookup (links, log, owner, raw answer).
    public let lookup: DNSLinkLookup
    /// The name the signed record belongs to (one of the DNSLink's `/ipns/<name>` identifiers).
    public let name: Name?
    /// The best valid signed record found in DNS for `name`, or `nil` when the RRset carries none.
    public let record: Record?

    /// The record's value as text (the path it points to), when there is a record.
    public var recordValue: String? { record?.value.map { String(decoding: $0, as: UTF8.self) } }
}
