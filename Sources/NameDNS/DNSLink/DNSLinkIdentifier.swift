/// One link target within a namespace, with the TTL of the TXT record it came from.
public struct DNSLinkIdentifier: Hashable, Sendable {
    /// The identifier (CID, IPNS name, domain…; may contain `/`).
    public let identifier: String
    /// The TXT record's TTL in seconds.
    public let ttl: UInt32

    /// Makes an identifier with its TTL.
    public init(identifier: String, ttl: UInt32) {
        self.identifier = identifier
        self.ttl = ttl
    }
}
