/// A note in a DNSLink result's log, as dnslink-std reports it.
public enum DNSLinkLogEntry: Hashable, Sendable {
    /// `_dnslink.<domain>` did not exist (NXDOMAIN), so `<domain>` itself was looked up.
    case fallback
    /// A `dnslink=` TXT value was skipped; `entry` is the whole TXT value as received.
    case invalidEntry(entry: String, reason: DNSLinkInvalidReason)

    /// The dnslink-std log code.
    public var code: String {
        switch self {
        case .fallback: "FALLBACK"
        case .invalidEntry: "INVALID_ENTRY"
        }
    }
}
