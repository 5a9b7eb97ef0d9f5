/// What a DNS name's DNSLink resolved to, for the resolver's recursion.
public struct DNSLinkAnswer: Sendable, Equatable {
    /// The path to follow (`/ipns/<name>…` or `/ipfs/<cid>…`).
    public let path: String
    /// DNSSEC status of the answer (`secure`/`insecure`), when a trust anchor was configured.
    public let dnssec: String?

    /// Makes an answer.
    public init(path: String, dnssec: String?) {
        self.path = path
        self.dnssec = dnssec
    }
}
