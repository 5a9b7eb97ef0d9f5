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

    /// `dns-update <server>`.
    public var identity: EndpointIdentity { EndpointIdentity(kind: "dns-update", endpoint: "\(publisher.server)") }

    /// Replaces the domain's DNSLink and signed-record TXT in one UPDATE, then reads them back.
    public func publish(_ record: VerifiedRecord, key: any SigningKey) async throws {
        let snippet = try ZoneSnippet(domain: domain, ttl: ttl, name: key.name, signedRecord: record.record)
        _ = try await publisher.publish(snippet)
    }
}
