import NameDNS
import NameKeys
import NameRecord

/// RFC 2136 UPDATE (TSIG-signed) of a domain's DNSLink and signed-record TXT, as a publish transport.
public struct DNSUpdateTransport: PublishTransport {
    /// The UPDATE sender (server, zone, TSIG key).
    public let publisher: DNSUpdatePublisher
    /// The domain whose `_dnslink` owner is replaced.
    public let domain: String
    /// TTL of the TXT records.
    public let ttl: UInt32

    /// Makes a transport.
    public init(publisher: DNSUpdatePublisher, domain: String, ttl: UInt32 = 300) {
        self.publisher = publisher
        self.domain = domain
        self.ttl = ttl
    }

    public var label: String { "dns" }

    public func publish(_ record: Record, key: any SigningKey) async throws {
        let snippet = try ZoneSnippet(domain: domain, ttl: ttl, name: key.name, signedRecord: record)
        _ = try await publisher.publish(snippet)
    }
}
