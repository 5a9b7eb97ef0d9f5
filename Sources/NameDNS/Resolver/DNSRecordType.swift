/// The RR types NameDNS asks for.
public enum DNSRecordType: UInt16, Sendable {
    /// Start of authority (zone apex).
    case soa = 6
    /// Canonical name (followed within an answer).
    case cname = 5
    /// Text: DNSLink entries and signed records.
    case txt = 16
    /// Delegation signer (DNSSEC chain between zones).
    case ds = 43
    /// Signature over an RRset (DNSSEC).
    case rrsig = 46
    /// Zone signing keys (DNSSEC).
    case dnskey = 48
}
