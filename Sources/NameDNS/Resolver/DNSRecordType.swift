/// The RR types NameDNS asks for.
public enum DNSRecordType: UInt16, Sendable {
    case soa = 6
    case cname = 5
    case txt = 16
    case ds = 43
    case rrsig = 46
    case dnskey = 48
}
