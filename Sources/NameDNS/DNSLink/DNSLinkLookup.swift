/// The outcome of a DNSLink lookup: the dnslink-std result plus where it was found and the raw
/// answer (for signed records beside the links and for DNSSEC validation).
public struct DNSLinkLookup: Sendable {
    /// The links and log, as dnslink-std defines them.
    public let result: DNSLinkResult
    /// The name whose TXT RRset was used: `_dnslink.<domain>.`, or `<domain>.` after a fallback.
    public let owner: String
    /// Every TXT record of that RRset (DNSLink entries and others, such as `ipns-record=`).
    public let txt: [DNSLinkTXTValue]
    /// The DNS answer the TXT records came from.
    public let response: DNSResponse
}
