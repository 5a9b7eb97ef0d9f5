/// What a DNS name's DNSLink resolved to, for the resolver's recursion.
public struct DNSLinkAnswer: Sendable, Equatable {
    /// The path to follow (`/ipns/<name>…` or `/ipfs/<cid>…`).
    public let path: String
    /// DNSSEC status of the answer (`secure`/`insecure`), when a trust anchor was configured.
    public let dnssec: String?
    /// Signed records (`ipns-record=` TXT) found beside the link, still unvalidated: they enter the
    /// next hop's race as candidates.
    public let records: [[UInt8]]
    /// The DNS server that answered, as a source identity for those records.
    public let server: EndpointIdentity

    /// Makes an answer.
    public init(path: String, dnssec: String?, records: [[UInt8]] = [], server: EndpointIdentity) {
        self.path = path
        self.dnssec = dnssec
        self.records = records
        self.server = server
    }
}
